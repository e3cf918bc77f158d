"""Issue 16, item 2: a stale file never overwrites newer work.

Every exporter writes, per entry, the version of the row it was made from;
an import applies an entry only if the row has not changed since, and lists
the others as conflicts with both texts (service, command, admin). ``force``
takes the file's side; the upload policy decides which rows may change at all.
"""

import csv
import io
import re

from datetime import timedelta

import polib
import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from tests.formats_support import export, segments, snapshot
from tests.test_formats_admin import staff
from translations.importers import get as get_importer
from translations.importers.tmx import read_tmx
from translations.models import State, Translation
from translations.services.documents import document_import
from translations.services.exchange import ImportConflict, translation_file_import
from translations.services.samples import ESSAY_PATH
from translations.services.translations import translation_save, translation_set_state

WEB = "Im Web verbessert."
OFFLINE = "Offline geändert."


def po_with(data: bytes, changes: dict[str, str], *, strip_versions=False) -> bytes:
    catalog = polib.pofile(data.decode("utf-8"))
    for entry in catalog:
        if entry.msgctxt in changes:
            entry.msgstr = changes[entry.msgctxt]
            entry.flags = []
        if strip_versions:
            entry.comment = "\n".join(line for line in entry.comment.split("\n") if "wb-version" not in line)
    return str(catalog).encode("utf-8")


def xliff_with(data: bytes, changes: dict[str, str]) -> bytes:
    root = etree.fromstring(data)
    ns = {"x": "urn:oasis:names:tc:xliff:document:2.0"}
    for key, text in changes.items():
        segment = root.find(f".//x:unit[@id='{key}']/x:segment", ns)
        target = segment.find("x:target", ns)
        if target is None:
            target = etree.SubElement(segment, "{urn:oasis:names:tc:xliff:document:2.0}target")
        target.text = text
        segment.set("state", "translated")
        segment.attrib.pop("subState", None)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


@pytest.fixture
def web_user(db):
    return User.objects.create_user("wendy", password="pw-123456")


@pytest.mark.parametrize("format_id, name, change", [("po", "essay.de.po", po_with), ("xliff", "essay.de.xlf", xliff_with)])
def test_a_web_edit_after_the_export_is_a_conflict_not_overwritten(essay_with_samples, web_user, format_id, name, change):
    first, second = segments(essay_with_samples)[:2]
    data = export(essay_with_samples, format_id, "de")
    translation_save(segment=first, language="de", text=WEB, user=web_user)  # on the web, after the export
    offline = change(data, {first.key: OFFLINE, second.key: "Zweiter, offline."})

    report = translation_file_import(document=essay_with_samples, data=offline, path=name)

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.text_in("de") == WEB  # the web edit survives
    assert second.text_in("de") == "Zweiter, offline."  # the untouched row takes the file's text
    assert report.updated == 1
    [conflict] = report.conflicts
    row = first.translations.get(language="de")
    assert conflict == ImportConflict(
        key=first.key,
        line=conflict.line,
        current_text=WEB,
        file_text=OFFLINE,
        current_version=row.version,
        base_version=row.version - 1,
        current_state=State.TRANSLATED,
        changed_by="wendy",
        changed_at=row.changed_at,
        overwritten=False,
    )
    assert conflict.line and conflict.line > 1
    assert "1 conflict" in report.summary()

    report = translation_file_import(document=essay_with_samples, data=offline, path=name, force=True)
    first.refresh_from_db()
    assert first.text_in("de") == OFFLINE  # --force takes the file's side
    assert [c.overwritten for c in report.conflicts] == [True]


def test_a_row_translated_on_the_web_after_an_untranslated_export_is_a_conflict(essay, web_user):
    first = segments(essay)[0]
    data = export(essay, "po", "de")  # nothing translated yet: wb-version 0
    translation_save(segment=first, language="de", text=WEB, user=web_user)
    report = translation_file_import(document=essay, data=po_with(data, {first.key: OFFLINE}), path="essay.de.po")
    assert [(c.key, c.current_text, c.file_text, c.base_version) for c in report.conflicts] == [
        (first.key, WEB, OFFLINE, 0)
    ]
    first.refresh_from_db()
    assert first.text_in("de") == WEB


def test_a_state_change_since_the_export_is_no_conflict(essay_with_samples):
    """Only the text matters: a row sent back for review (same text) takes the file's edit."""
    first = segments(essay_with_samples)[0]
    data = export(essay_with_samples, "po", "de")
    translation_set_state(segment=first, language="de", state=State.NEEDS_REVIEW)
    report = translation_file_import(document=essay_with_samples, data=po_with(data, {first.key: OFFLINE}), path="x.po", language="de")
    assert (report.conflicts, report.updated) == ([], 1)


def test_a_source_change_alone_is_no_conflict_but_a_new_translation_for_it_is(essay_with_samples, tmp_path, web_user):
    first, second = segments(essay_with_samples)[:2]
    data = export(essay_with_samples, "po", "de")
    source = tmp_path / "essay.md"
    text = ESSAY_PATH.read_text(encoding="utf-8")
    text = text.replace(first.source_text, first.source_text.replace(" ", "  ", 1).replace("  ", " ").rstrip(".") + " indeed.")
    text = text.replace(second.source_text, second.source_text.rstrip(".") + " indeed.")
    source.write_text(text, encoding="utf-8")
    assert document_import(path=source, slug="essay").changed == 2
    second.refresh_from_db()
    translation_save(segment=second, language="de", text=WEB, user=web_user)  # re-translated for the new source
    report = translation_file_import(
        document=essay_with_samples, data=po_with(data, {first.key: OFFLINE, second.key: "Alt, offline."}), path="x.po"
    )
    assert report.source_changed == 1  # the first: marked needs update by the source change only
    assert [c.key for c in report.conflicts] == [second.key]
    second.refresh_from_db()
    assert second.text_in("de") == WEB


def test_a_file_without_versions_falls_back_to_its_revision_date(essay_with_samples, web_user):
    first, second = segments(essay_with_samples)[:2]
    # The samples were made an hour ago, on the minute (PO-Revision-Date has minutes only).
    an_hour_ago = timezone.now().replace(second=0, microsecond=0) - timedelta(hours=1)
    Translation.objects.update(changed_at=an_hour_ago)
    data = export(essay_with_samples, "po", "de")
    translation_save(segment=first, language="de", text=WEB, user=web_user)
    old = po_with(data, {first.key: OFFLINE, second.key: "Zweiter."}, strip_versions=True)
    entries = get_importer("po").parse(old, path="old.po").entries
    assert {entry.base_version for entry in entries} == {None}
    report = translation_file_import(document=essay_with_samples, data=old, path="old.po")
    # The first row changed after the file's PO-Revision-Date: a conflict; the second did not.
    assert [(c.key, c.base_version) for c in report.conflicts] == [(first.key, None)]
    assert report.updated == 1


def test_policies_only_untranslated_also_translated_also_approved(essay):
    first, second, empty = segments(essay)[:3]
    translation_save(segment=first, language="de", text="Erster.")
    translation_save(segment=second, language="de", text="Zweiter.")
    translation_set_state(segment=second, language="de", state=State.APPROVED)
    data = po_with(export(essay, "po", "de"), {first.key: "Eins.", second.key: "Zwei.", empty.key: "Leer."})
    before = snapshot(essay)
    report = translation_file_import(document=essay, data=data, path="x.po", policy="untranslated", dry_run=True)
    assert (report.updated, report.skipped, report.kept) == (1, 1, 1)
    report = translation_file_import(document=essay, data=data, path="x.po", dry_run=True)
    assert (report.updated, report.skipped, report.kept) == (2, 0, 1)
    assert snapshot(essay) == before
    report = translation_file_import(document=essay, data=data, path="x.po", policy="approved")
    assert (report.updated, report.kept, report.conflicts) == (3, 0, [])
    second.refresh_from_db()
    assert second.text_in("de") == "Zwei." and second.translations.get(language="de").state == State.TRANSLATED


def test_every_exporter_writes_the_version_per_entry(essay):
    essay_with_samples = essay
    first, untranslated = segments(essay)[:2]
    translation_save(segment=first, language="de", text="Vorher.")
    translation_save(segment=first, language="de", text=WEB)
    version = first.translations.get(language="de").version
    assert version == 2
    po = {e.key: e.base_version for e in get_importer("po").parse(export(essay_with_samples, "po", "de"), path="x.po").entries}
    xliff = {e.key: e.base_version for e in get_importer("xliff").parse(export(essay_with_samples, "xliff", "de"), path="x.xlf").entries}
    assert po[first.key] == xliff[first.key] == version
    assert po[untranslated.key] == xliff[untranslated.key] == 0
    tmx = read_tmx(export(essay_with_samples, "tmx", "de"), path="x.tmx")
    assert tmx.units[0].variants["de"].props["x-wb-version"] == str(version)
    rows = list(csv.DictReader(io.StringIO(export(essay_with_samples, "csv", "de").decode("utf-8"))))
    assert rows[0]["key"] == first.key and rows[0]["de version"] == str(version)
    assert re.search(rb"#\. wb-version: %d\n" % version, export(essay_with_samples, "po", "de"))


def test_a_bad_version_in_an_xliff_unit_is_refused_with_its_line(essay_with_samples):
    data = export(essay_with_samples, "xliff", "de").replace(b'wb:version="', b'wb:version="x', 1)
    before = snapshot(essay_with_samples)
    with pytest.raises(Exception, match=r"x\.xlf, line \d+: wb:version='x\d+' of unit"):
        translation_file_import(document=essay_with_samples, data=data, path="x.xlf")
    assert snapshot(essay_with_samples) == before


def test_import_po_lists_each_conflict_with_both_texts(essay_with_samples, web_user, tmp_path, capsys):
    first = segments(essay_with_samples)[0]
    data = export(essay_with_samples, "po", "de")
    translation_save(segment=first, language="de", text=WEB, user=web_user)
    path = tmp_path / "essay.de.po"
    path.write_bytes(po_with(data, {first.key: OFFLINE}))
    call_command("import_po", "essay", str(path), verbosity=0)
    out = capsys.readouterr().out
    assert f"{first.key} (line " in out and "by wendy" in out
    assert f"workbench: {WEB!r}" in out and f"file (v" in out and repr(OFFLINE) in out
    assert "--force" in out
    first.refresh_from_db()
    assert first.text_in("de") == WEB
    xliff = tmp_path / "essay.de.xlf"
    xliff.write_bytes(xliff_with(export(essay_with_samples, "xliff", "de"), {first.key: "Noch einmal."}))
    translation_save(segment=first, language="de", text="Wieder im Web.", user=web_user)
    call_command("import_xliff", "essay", str(xliff), "--force", verbosity=0)
    out = capsys.readouterr().out
    assert "the file's text taken" in out
    first.refresh_from_db()
    assert first.text_in("de") == "Noch einmal."


def test_the_admin_upload_lists_conflicts_and_the_checkbox_takes_the_files_side(client, essay_with_samples, web_user):
    first = segments(essay_with_samples)[0]
    data = po_with(export(essay_with_samples, "po", "de"), {first.key: OFFLINE})
    translation_save(segment=first, language="de", text=WEB, user=web_user)
    client.force_login(staff("greta", "translator-de"))
    url = reverse("admin:translations_document_exchange", args=[essay_with_samples.pk])
    response = client.post(url, {"file": SimpleUploadedFile("essay.de.po", data)})
    page = response.content.decode()
    assert response.status_code == 200
    assert "1 conflict: changed in the workbench after the file was made" in page
    assert WEB in page and OFFLINE in page and "kept the workbench" in page
    first.refresh_from_db()
    assert first.text_in("de") == WEB
    response = client.post(url, {"file": SimpleUploadedFile("essay.de.po", data), "force": "on"})
    assert "s text taken" in response.content.decode()
    first.refresh_from_db()
    assert first.text_in("de") == OFFLINE
