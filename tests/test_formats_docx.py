"""The Word review table: export, a reviewer's corrections in Word, import under the stale-file rule."""

import io

import docx
import pytest
from django.core.management import call_command

from tests.formats_support import export, segments, snapshot
from translations.models import Comment, State, Translation
from translations.parsing import SourceFormatError
from translations.services.exchange import translation_file_import
from translations.services.translations import translation_save, translation_set_state


def table(data: bytes):
    return docx.Document(io.BytesIO(data)).tables[0]


def edit(data: bytes, change) -> bytes:
    """Open the file as Word would, apply ``change(table)``, save."""
    book = docx.Document(io.BytesIO(data))
    change(book.tables[0])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def row_of(table, key):
    return next(row for row in table.rows if row.cells[0].text == key)


def import_docx(document, data, **options):
    return translation_file_import(document=document, data=data, path="essay.de.docx", **options)


def test_the_table_has_key_source_translation_state_comments_and_version(essay_with_samples):
    first = segments(essay_with_samples)[0]
    Comment.objects.create(segment=first, language="de", text="Check “highest productive forces”.")
    Comment.objects.create(segment=first, language="de", text="And the quotes.")
    rows = table(export(essay_with_samples, "docx", "de")).rows
    assert [cell.text for cell in rows[0].cells] == [
        "key", "source (en)", "translation (de)", "state", "comments", "version",
    ]  # fmt: skip
    assert len(rows) == 1 + 43
    version = Translation.objects.get(segment=first, language="de").version
    assert [cell.text for cell in rows[1].cells] == [
        first.key, first.source_text, first.text_in("de"), "draft", "Check “highest productive forces”.\nAnd the quotes.",
        str(version),
    ]  # fmt: skip


def test_reimporting_an_unchanged_table_changes_nothing(essay_with_samples):
    before = snapshot(essay_with_samples)
    report = import_docx(essay_with_samples, export(essay_with_samples, "docx", "de"))
    assert (report.entries, report.unchanged, report.updated) == (43, 43, 0)
    assert snapshot(essay_with_samples) == before


def test_a_corrected_cell_is_applied_with_the_state_the_reviewer_set(essay_with_samples):
    first, second = segments(essay_with_samples)[:2]

    def correct(rows):
        row_of(rows, first.key).cells[2].text = "Korrigiert im Word."
        row_of(rows, first.key).cells[3].text = "translated"
        row_of(rows, second.key).cells[2].text = "Auch korrigiert."  # state left at draft

    report = import_docx(essay_with_samples, edit(export(essay_with_samples, "docx", "de"), correct))
    assert (report.updated, report.unchanged) == (2, 41)
    rows = {row.segment_id: row for row in Translation.objects.filter(language="de")}
    assert rows[first.pk].state == State.TRANSLATED and rows[second.pk].state == State.DRAFT
    first.refresh_from_db()
    assert first.text_in("de") == "Korrigiert im Word."


def test_a_file_never_overwrites_an_approval_made_after_the_export(essay_with_samples):
    first = segments(essay_with_samples)[0]
    data = export(essay_with_samples, "docx", "de")
    translation_set_state(segment=first, language="de", state=State.APPROVED)
    approved_text = first.text_in("de")

    report = import_docx(
        essay_with_samples, edit(data, lambda rows: setattr(row_of(rows, first.key).cells[2], "text", "Alt."))
    )
    first.refresh_from_db()
    assert first.text_in("de") == approved_text
    # The default policy never changes an approved row: kept, and said so.
    assert report.kept == 1


def test_a_row_changed_in_the_workbench_since_the_export_is_a_conflict_not_overwritten(essay_with_samples):
    first, second = segments(essay_with_samples)[:2]
    data = export(essay_with_samples, "docx", "de")
    # Somebody edits the first sentence in the workbench after the file went out.
    translation_save(segment=first, language="de", text="Inzwischen im Workbench geändert.")

    def correct(rows):
        row_of(rows, first.key).cells[2].text = "Im Word korrigiert."
        row_of(rows, second.key).cells[2].text = "Die zweite Korrektur."

    report = import_docx(essay_with_samples, edit(data, correct))
    conflicts = report.conflicts
    assert [conflict.key for conflict in conflicts] == [first.key]
    assert conflicts[0].current_text == "Inzwischen im Workbench geändert."
    assert conflicts[0].file_text == "Im Word korrigiert."
    assert conflicts[0].line == 2  # the table row
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.text_in("de") == "Inzwischen im Workbench geändert."
    assert second.text_in("de") == "Die zweite Korrektur."


def test_not_a_word_file_or_a_broken_version_is_refused_and_changes_nothing(essay_with_samples):
    before = snapshot(essay_with_samples)
    with pytest.raises(SourceFormatError, match="not a Word"):
        import_docx(essay_with_samples, b"PK\x03\x04 not really a zip")
    first = segments(essay_with_samples)[0]
    broken = edit(export(essay_with_samples, "docx", "de"), lambda rows: setattr(row_of(rows, first.key).cells[5], "text", "zwei"))
    with pytest.raises(SourceFormatError, match="row 2") as error:
        import_docx(essay_with_samples, broken)
    assert error.value.line == 2
    assert snapshot(essay_with_samples) == before


def test_export_and_import_docx_commands(essay_with_samples, tmp_path):
    call_command("export", "essay", "--format", "docx", "--lang", "de", "--out", str(tmp_path), verbosity=0)
    path = tmp_path / "essay.de.docx"
    first = segments(essay_with_samples)[0]
    path.write_bytes(edit(path.read_bytes(), lambda rows: setattr(row_of(rows, first.key).cells[2], "text", "Per Befehl.")))
    out = io.StringIO()
    call_command("import_docx", "essay", str(path), stdout=out, verbosity=0)
    assert "1 updated" in out.getvalue()
    first.refresh_from_db()
    assert first.text_in("de") == "Per Befehl."
