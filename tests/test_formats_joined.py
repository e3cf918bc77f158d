"""Segments translated together with the previous one (2:1) in the PO export and the editions.

The joined segment has no text of its own: the PO entry says where its
translation is, and the editions print nothing for it — never the
"[untranslated]" marker.
"""

import subprocess

import polib
import pytest

from tests.conftest import require_program
from tests.formats_support import export
from translations.editions import edition_build
from translations.editions.html import edition_html
from translations.editions.typesetting import edition_pdf
from translations.exporters.po import JOINED_COMMENT
from translations.models import Segment, State
from translations.services.alignment_edit import alignment_join_with_previous
from translations.services.translations import translation_save, translation_set_state

GERMAN = "Die Sowjetunion hat den Kapitalismus nicht überholt, und das wusste jeder, der lesen konnte."


def joined_pair(document):
    """The first two segments of the first block that has two, the second joined to the first in German."""
    segments = list(Segment.objects.filter(document=document, retired=False).select_related("document", "block"))
    first, second = next(
        (a, b) for a, b in zip(segments, segments[1:]) if a.block_id == b.block_id
    )
    translation_save(segment=first, language="de", text=GERMAN)
    alignment_join_with_previous(segment=second, language="de")
    return first, second


def test_the_po_entry_of_a_joined_segment_says_its_translation_is_in_the_previous_entry(essay):
    first, second = joined_pair(essay)
    entries = {entry.msgctxt: entry for entry in polib.pofile(export(essay, "po", "de").decode("utf-8"))}
    holder, joined = entries[first.key], entries[second.key]
    assert holder.msgstr == GERMAN and JOINED_COMMENT not in holder.comment
    assert joined.msgstr == "" and "fuzzy" not in joined.flags
    assert joined.comment.splitlines()[0] == second.block.kind.replace("_", " ")
    assert " ".join(joined.comment.split()[1:]).endswith(" ".join(JOINED_COMMENT.split()))
    # Other untranslated entries carry no such note.
    assert sum(JOINED_COMMENT.split()[0] in entry.comment for entry in entries.values()) == 1


def test_the_joined_note_survives_msgfmt_and_a_round_trip(essay, tmp_path):
    msgfmt = require_program("msgfmt", "gettext")
    joined_pair(essay)
    path = tmp_path / "essay.de.po"
    path.write_bytes(export(essay, "po", "de"))
    result = subprocess.run([msgfmt, "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "#. Translated together with the previous entry (2:1)" in path.read_text("utf-8")


def test_the_editions_print_no_untranslated_marker_for_a_joined_segment(essay):
    first, second = joined_pair(essay)
    edition = edition_build(document=essay, languages=["de"], layout="columns")
    german = [text for block in edition.blocks for text in block.texts[1]]
    keys = [segment.key for segment in Segment.objects.filter(document=essay, retired=False)]
    assert german[keys.index(first.key)] == GERMAN
    assert german[keys.index(second.key)] == ""
    target = edition.targets[0]
    # 41 segments untranslated; the joined one counts as translated with its holder.
    assert (target.translated, target.untranslated) == (2, 41)


def test_a_fully_translated_block_with_a_join_has_no_marker_and_the_edition_can_be_final(essay):
    """Every segment approved, one of them joined: no marker anywhere, and the edition is not a draft."""
    first, second = joined_pair(essay)
    for segment in Segment.objects.filter(document=essay, retired=False).exclude(pk__in=[first.pk, second.pk]):
        translation_save(segment=segment, language="de", text=f"Übersetzt: {segment.source_text}")
    for segment in Segment.objects.filter(document=essay, retired=False).exclude(pk=second.pk):
        translation_set_state(segment=segment, language="de", state=State.APPROVED)
    edition = edition_build(document=essay, languages=["de"], layout="columns")
    assert edition.targets[0].untranslated == 0
    assert not edition.is_draft
    assert "[untranslated]" not in edition_html(edition)


@pytest.mark.system
def test_the_pdf_prints_no_untranslated_marker_for_a_joined_segment(essay, tmp_path):
    pdftotext = require_program("pdftotext", "poppler-utils")
    first, second = joined_pair(essay)
    for segment in Segment.objects.filter(document=essay, retired=False).exclude(pk__in=[first.pk, second.pk]):
        translation_save(segment=segment, language="de", text=f"Übersetzt {segment.key}.")
    path = tmp_path / "joined.pdf"
    path.write_bytes(edition_pdf(edition_build(document=essay, languages=["de"], layout="columns")))
    text = subprocess.run([pdftotext, "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "[untranslated]" not in text
    assert "0 untranslated" in text  # the title page's count: the joined segment is not untranslated
    assert "Kapitalismus" in text
