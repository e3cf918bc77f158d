"""PO import: updates by msgctxt, counts, protections, and refusing broken files."""

from datetime import timedelta

import polib
import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tests.formats_support import export, segments, snapshot
from translations.models import Provenance, Segment, State, Translation, TranslationChange
from translations.parsing import SourceFormatError
from translations.services.documents import document_import
from translations.services.exchange import translation_file_import
from translations.services.translations import translation_save, translation_set_state


def edit(data: bytes, change) -> bytes:
    """Apply ``change(catalog)`` to a PO file as a translator's editor would."""
    catalog = polib.pofile(data.decode("utf-8"))
    change(catalog)
    return str(catalog).encode("utf-8")


def entry(catalog, key):
    return next(e for e in catalog if e.msgctxt == key)


def import_po(document, data, name="essay.de.po", **options):
    return translation_file_import(document=document, data=data, path=name, **options)


def test_reimporting_an_export_changes_nothing(essay_with_samples):
    data = export(essay_with_samples, "po", "de")
    before = snapshot(essay_with_samples)
    report = import_po(essay_with_samples, data)
    assert (report.entries, report.unchanged, report.updated) == (43, 43, 0)
    assert snapshot(essay_with_samples) == before


def test_translations_and_fuzzy_flags_come_back_with_counts(essay_with_samples):
    first, second, third = segments(essay_with_samples)[:3]

    def translate(catalog):
        entry(catalog, first.key).msgstr = "Ganz neu übersetzt."
        entry(catalog, first.key).flags.remove("fuzzy")
        entry(catalog, second.key).msgstr = "Noch ein Entwurf."  # stays fuzzy
        entry(catalog, third.key).flags.remove("fuzzy")  # the translator finished it as it was

    report = import_po(essay_with_samples, edit(export(essay_with_samples, "po", "de"), translate))
    assert (report.updated, report.fuzzy, report.unchanged) == (3, 1, 40)
    rows = {row.segment_id: row for row in Translation.objects.filter(language="de")}
    assert rows[first.pk].state == State.TRANSLATED and rows[first.pk].provenance == Provenance.FILE_IMPORT
    assert rows[second.pk].state == State.DRAFT
    assert rows[third.pk].state == State.TRANSLATED
    first.refresh_from_db()
    assert first.text_in("de") == "Ganz neu übersetzt."
    change = first.changes.filter(language="de").first()
    assert change.action == TranslationChange.Action.IMPORT and change.new_text == "Ganz neu übersetzt."


def test_language_comes_from_the_header_unless_given(essay_with_samples):
    data = export(essay_with_samples, "po", "fr")
    assert import_po(essay_with_samples, data, name="essay.fr.po").language == "fr"
    assert import_po(essay_with_samples, data, name="x.po", language="fr").language == "fr"
    with pytest.raises(SourceFormatError, match="'fr' translation, not 'de'") as caught:
        import_po(essay_with_samples, data, name="x.po", language="de")
    assert caught.value.line == 12  # the Language header line
    no_header = edit(data, lambda catalog: catalog.metadata.pop("Language"))
    with pytest.raises(SourceFormatError, match="does not say its language"):
        import_po(essay_with_samples, no_header)
    assert import_po(essay_with_samples, no_header, language="fr").unchanged == 43


def test_an_entry_for_an_older_source_goes_to_needs_update(essay, tmp_path):
    target = segments(essay)[0]
    data = export(essay, "po", "de")
    data = edit(data, lambda catalog: setattr(entry(catalog, target.key), "msgstr", "Übersetzt offline."))
    # Meanwhile the author edits that sentence.
    source = tmp_path / "essay.md"
    from translations.services.samples import ESSAY_PATH

    source.write_text(ESSAY_PATH.read_text(encoding="utf-8").replace("could not overtake", "could never overtake"))
    assert document_import(path=source, slug="essay").changed == 1
    report = import_po(essay, data)
    assert (report.source_changed, report.updated) == (1, 0)
    assert any("source sentence changed" in note for note in report.notes)
    target.refresh_from_db()
    assert "never" in target.source_text
    assert target.text_in("de") == "Übersetzt offline."
    assert target.translations.get(language="de").state == State.NEEDS_UPDATE


def test_a_newer_approval_is_kept_unless_forced(essay_with_samples):
    """Approved rows change only under the policy "also approved"; a stale entry for one needs force too."""
    first = segments(essay_with_samples)[0]
    data = export(essay_with_samples, "po", "de")
    # After the export a reviewer fixes and approves the sentence in the workbench.
    translation_save(segment=first, language="de", text="Vom Prüfer korrigiert.")
    translation_set_state(segment=first, language="de", state=State.APPROVED)
    offline = edit(data, lambda catalog: setattr(entry(catalog, first.key), "msgstr", "Offline geändert."))

    before = snapshot(essay_with_samples)
    report = import_po(essay_with_samples, offline)
    assert (report.kept, report.updated) == (1, 0)
    assert snapshot(essay_with_samples) == before
    report = import_po(essay_with_samples, offline, policy="approved")
    assert (report.updated, [c.key for c in report.conflicts]) == (0, [first.key])  # changed since the export
    assert snapshot(essay_with_samples) == before

    report = import_po(essay_with_samples, offline, force=True, policy="approved")
    assert report.updated == 1
    first.refresh_from_db()
    assert first.text_in("de") == "Offline geändert."
    assert first.translations.get(language="de").state == State.DRAFT  # the entry was still fuzzy


def test_a_file_revised_after_the_approval_replaces_it(essay_with_samples):
    first = segments(essay_with_samples)[0]
    translation_set_state(segment=first, language="de", state=State.APPROVED)
    later = (timezone.now() + timedelta(minutes=5)).strftime("%Y-%m-%d %H:%M+0000")

    def revise(catalog):
        entry(catalog, first.key).msgstr = "Nach der Freigabe überarbeitet."
        catalog.metadata["PO-Revision-Date"] = later  # Poedit sets this on save

    report = import_po(essay_with_samples, edit(export(essay_with_samples, "po", "de"), revise), policy="approved")
    assert (report.updated, report.kept) == (1, 0)


def test_unknown_keys_and_empty_entries_are_counted_not_written(essay_with_samples):
    first, second = segments(essay_with_samples)[:2]

    def change(catalog):
        entry(catalog, first.key).msgctxt = "deadbeef"
        entry(catalog, second.key).msgstr = ""

    before = snapshot(essay_with_samples)
    report = import_po(essay_with_samples, edit(export(essay_with_samples, "po", "de"), change))
    assert (report.unknown_keys, report.empty, report.unchanged) == (1, 1, 41)
    assert "'deadbeef'" in report.notes[0] and report.notes[0].startswith("line ")
    assert snapshot(essay_with_samples) == before


def test_dry_run_reports_and_writes_nothing(essay_with_samples):
    first = segments(essay_with_samples)[0]
    data = edit(export(essay_with_samples, "po", "de"), lambda c: setattr(entry(c, first.key), "msgstr", "Neu."))
    before = snapshot(essay_with_samples)
    report = import_po(essay_with_samples, data, dry_run=True)
    assert report.updated == 1 and report.dry_run
    assert snapshot(essay_with_samples) == before


# --- Hand-broken files: each a clear error naming file and line, nothing written ---


def po_with(essay, transform) -> bytes:
    return transform(export(essay, "po", "de").decode("utf-8")).encode("utf-8")


def line_of(data: bytes, needle: str) -> int:
    return data.decode("utf-8", "replace").split("\n").index(needle) + 1


@pytest.fixture
def changed_first(essay_with_samples):
    """A valid file that would change the first translation: a broken copy must change nothing."""
    first = segments(essay_with_samples)[0]
    return po_with(essay_with_samples, lambda text: text.replace(first.text_in("de")[:30], "GEÄNDERT ", 1))


def assert_refused(document, data, *, match, line, name="broken.de.po", **options):
    before = snapshot(document)
    with pytest.raises(SourceFormatError, match=match) as caught:
        import_po(document, data, name=name, **options)
    assert caught.value.path == name
    assert caught.value.line == line
    assert str(caught.value).startswith(f"{name}, line {line}:" if line else f"{name}:")
    assert snapshot(document) == before
    return caught.value


def test_bad_syntax_is_refused_with_its_line(essay_with_samples, changed_first):
    lines = changed_first.decode().split("\n")
    lines[60] = "msgstr nonsense without quotes"
    assert_refused(essay_with_samples, "\n".join(lines).encode(), match="expected msgctxt, msgid", line=61)


def test_an_unterminated_string_is_refused(essay_with_samples, changed_first):
    # polib alone would read this silently, dropping the sentence's last character.
    lines = changed_first.decode().split("\n")
    number = next(i for i, line in enumerate(lines) if line.startswith('"Selbst'))
    lines[number] = lines[number].rstrip('"')
    assert_refused(essay_with_samples, "\n".join(lines).encode(), match="not closed", line=number + 1)


def test_polib_syntax_errors_keep_their_line(essay_with_samples, changed_first):
    lines = changed_first.decode().split("\n")
    index = next(i for i, line in enumerate(lines) if line.startswith("#|") or line.startswith("#,"))
    lines[index] = "#| garbage"
    assert_refused(essay_with_samples, "\n".join(lines).encode(), match="not a valid PO file", line=index + 1)


def test_wrong_encoding_is_refused(essay_with_samples, changed_first):
    latin1 = changed_first.decode("utf-8").encode("latin-1", errors="replace")  # header still says UTF-8
    first_bad = next(i for i, line in enumerate(latin1.split(b"\n")) if any(b > 127 for b in line)) + 1
    assert_refused(essay_with_samples, latin1, match="not valid UTF-8", line=first_bad)


def test_a_file_in_its_declared_legacy_charset_is_read(essay):
    first = segments(essay)[0]
    catalog = polib.pofile(export(essay, "po", "de").decode().replace("charset=UTF-8", "charset=ISO-8859-1"))
    catalog[:] = [entry(catalog, first.key)]  # the essay's quotation marks are not Latin-1
    catalog[0].msgid = first.source_text.replace("“", '"').replace("”", '"')
    catalog[0].msgstr = "Größe"
    data = str(catalog).encode("latin-1")
    first.source_text = catalog[0].msgid
    first.save(update_fields=["source_text"])
    assert import_po(essay, data).updated == 1
    first.refresh_from_db()
    assert first.text_in("de") == "Größe"


def test_duplicate_msgctxt_is_refused_at_the_second_one(essay_with_samples, changed_first):
    first, second = segments(essay_with_samples)[:2]
    data = changed_first.replace(f'msgctxt "{second.key}"'.encode(), f'msgctxt "{first.key}"'.encode())
    second_line = [i for i, line in enumerate(data.decode().split("\n"), 1) if line == f'msgctxt "{first.key}"'][1]
    error = assert_refused(essay_with_samples, data, match="duplicate msgctxt", line=second_line)
    assert "first used on line" in str(error)


def test_another_documents_file_is_refused(essay_with_samples, changed_first, tmp_path):
    other_source = tmp_path / "other.md"
    other_source.write_text("# Another text\n\nIt has nothing to do with the essay.\n", encoding="utf-8")
    other = document_import(path=other_source, slug="other").document
    assert_refused(other, changed_first, match="belongs to the document 'essay', not 'other'",
                   line=line_of(changed_first, '"X-Document: essay\\n"'))
    # Without the header, no key matching gives it away.
    headless = changed_first.replace(b'"X-Document: essay\\n"\n', b"")
    first_entry = line_of(headless, f'msgctxt "{segments(essay_with_samples)[0].key}"')
    assert_refused(other, headless, match="is this another document's file", line=first_entry)


def test_other_refusals(essay_with_samples, changed_first):
    assert_refused(essay_with_samples, b"", match="empty", line=None)
    assert_refused(essay_with_samples, export(essay_with_samples, "mo", "de"), match="compiled .mo", line=None)
    header_only = changed_first.split(b"\n\n")[0] + b"\n"
    assert_refused(essay_with_samples, header_only, match="no entries", line=None)
    source_language = changed_first.replace(b'"Language: de\\n"', b'"Language: en\\n"')
    assert_refused(essay_with_samples, source_language, match="source language", line=12)
    unknown = changed_first.replace(b'"Language: de\\n"', b'"Language: sw\\n"')
    assert_refused(essay_with_samples, unknown, match="not one of the workbench", line=12)


# --- The command ---


def test_import_po_command_prints_the_counts(essay_with_samples, tmp_path, capsys):
    first = segments(essay_with_samples)[0]
    path = tmp_path / "essay.de.po"
    path.write_bytes(edit(export(essay_with_samples, "po", "de"), lambda c: setattr(entry(c, first.key), "msgstr", "X.")))
    call_command("import_po", "essay", str(path), "-v", "0")
    out = capsys.readouterr().out
    assert "43 entries: 1 updated (1 fuzzy), 42 unchanged, 0 source changed" in out
    assert "0 unknown keys, 0 skipped (approved, kept)" in out


def test_import_po_command_errors_name_file_and_line(essay_with_samples, tmp_path):
    path = tmp_path / "broken.po"
    path.write_text('msgid ""\nmsgstr ""\n"Language: de\\n"\n\nmsgid "a\nmsgstr "b"\n', encoding="utf-8")
    with pytest.raises(CommandError, match=rf"{path}, line 5: .*not closed.*\(nothing was imported\)"):
        call_command("import_po", "essay", str(path))
    with pytest.raises(CommandError, match="no document 'nope'"):
        call_command("import_po", "nope", str(path))
    assert Segment.objects.filter(document=essay_with_samples).count() == 43
