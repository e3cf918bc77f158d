"""Import and msgmerge-like re-import of a source text."""

import pytest
from django.core.management import CommandError, call_command

from translations.models import Block, BlockKind, Document, Segment, State, Translation, TranslationChange
from translations.services.documents import document_import
from translations.services.translations import translation_save


def write(tmp_path, text, name="doc.md"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def snapshot():
    return (
        list(Document.objects.values_list("slug", "source_revision")),
        list(Block.objects.values_list("id", "position", "kind", "retired")),
        list(Segment.objects.values_list("id", "key", "source_text", "retired", "block_id", "position")),
        list(Translation.objects.values_list("id", "state", "version")),
    )


def test_essay_import_creates_blocks_and_sentence_segments(essay):
    blocks = list(essay.blocks.order_by("position"))
    assert len(blocks) == 22
    assert [b.kind for b in blocks].count(BlockKind.QUOTATION) == 3
    segments = Segment.objects.filter(document=essay)
    assert segments.count() == 43
    assert len(set(segments.values_list("key", flat=True))) == 43
    # Each block's segments join back to exactly the block's text.
    quote = essay.blocks.get(position=17)
    joined = "".join(s.source_text + s.separator for s in quote.segments.order_by("position"))
    assert joined.startswith("The members of the kolkhoz have for two months received no pay… Fifty")
    assert quote.segments.count() == 5


def test_reimporting_the_same_file_changes_nothing(essay, capsys):
    before = snapshot()
    call_command("import_document", "translations/fixtures/essay.md", "--slug", "essay", verbosity=0)
    assert snapshot() == before
    assert "Unchanged essay: 22 blocks; segments: 43 unchanged, 0 changed, 0 new, 0 retired" in capsys.readouterr().out


def test_reimport_keeps_unchanged_flags_changed_adds_new_retires_removed(db, tmp_path, capsys):
    first = write(tmp_path, "Alpha is first. Beta is second.\n\nGamma stays here. Delta goes away.\n")
    document = document_import(path=first, slug="doc", title="Doc").document
    keys = dict(Segment.objects.values_list("source_text", "key"))
    for text, german in [("Beta is second.", "Beta ist zweiter."), ("Alpha is first.", "Alpha ist erster.")]:
        translation_save(segment=Segment.objects.get(source_text=text), language="de", text=german)

    second = write(tmp_path, "Alpha is first. Beta is the second one.\n\nGamma stays here. Epsilon is brand new.\n")
    call_command("import_document", str(second), "--slug", "doc")
    out = capsys.readouterr().out
    assert "2 unchanged, 1 changed, 1 new, 1 retired" in out
    assert "1 translation needs update; revision 2" in out

    alpha = Segment.objects.get(key=keys["Alpha is first."])
    assert alpha.text_in("de") == "Alpha ist erster."
    assert alpha.translations.get(language="de").state == State.TRANSLATED
    beta = Segment.objects.get(key=keys["Beta is second."])
    assert beta.source_text == "Beta is the second one."
    assert beta.text_in("de") == "Beta ist zweiter."
    assert beta.translations.get(language="de").state == State.NEEDS_UPDATE
    assert beta.changes.filter(action=TranslationChange.Action.SOURCE_CHANGED).count() == 1
    delta = Segment.objects.get(key=keys["Delta goes away."])
    assert delta.retired
    assert Segment.objects.get(source_text="Epsilon is brand new.").translations.count() == 0
    document.refresh_from_db()
    assert document.source_revision == 2


def test_a_removed_sentence_that_comes_back_is_revived_with_its_translation(db, tmp_path):
    document_import(path=write(tmp_path, "We keep this sentence. We drop this one for now.\n"), slug="doc")
    dropped = Segment.objects.get(source_text="We drop this one for now.")
    translation_save(segment=dropped, language="fr", text="Laisse-moi pour l'instant.")
    document_import(path=write(tmp_path, "We keep this sentence.\n"), slug="doc")
    dropped.refresh_from_db()
    assert dropped.retired
    report = document_import(path=write(tmp_path, "We keep this sentence. We drop this one for now.\n"), slug="doc")
    assert report.revived == 1
    dropped.refresh_from_db()
    assert not dropped.retired and dropped.text_in("fr") == "Laisse-moi pour l'instant."


def test_untranslated_language_never_reads_as_translated(essay):
    segment = Segment.objects.filter(document=essay).first()
    translation_save(segment=segment, language="de", text="Übersetzt.")
    segment.refresh_from_db()
    assert segment.text_in("de") == "Übersetzt."
    assert segment.text_in("fr") == ""
    assert segment.text_fr in ("", None)


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("empty.md", b"", "the file is empty"),
        ("binary.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        ("latin1.md", "Caf\xe9.\n".encode("latin-1"), "line 1: not valid UTF-8"),
        ("essay.pdf", b"%PDF-1.4 text", "unknown file type '.pdf'"),
    ],
)
def test_bad_input_exits_non_zero_names_the_file_and_writes_nothing(essay, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    before = snapshot()
    with pytest.raises(CommandError) as caught:
        call_command("import_document", str(path), "--slug", "essay")
    assert message in str(caught.value) and name in str(caught.value)
    with pytest.raises(CommandError):
        call_command("import_document", str(path), "--slug", "new-doc")
    assert snapshot() == before


def test_unknown_source_language_is_refused(db, tmp_path):
    with pytest.raises(CommandError, match="Unknown language 'xx'"):
        call_command("import_document", str(write(tmp_path, "Text.\n")), "--slug", "doc", "--lang", "xx")
    assert not Document.objects.exists()
