"""Aligning an existing translation to the essay (``align_translation``)."""

import polib
import pytest
from django.core.management import CommandError, call_command

from translations.models import AlignmentRun, Provenance, State, Translation
from translations.selectors import active_segments
from translations.services.aligned_import import translation_align_import
from translations.services.samples import SAMPLES_DIR
from translations.services.translations import translation_save


def german_sample(document):
    """The German sample draft, one string per segment in document order."""
    by_key = {entry.msgctxt: entry.msgstr for entry in polib.pofile(str(SAMPLES_DIR / "essay.de.po"))}
    return [(segment, by_key[segment.key]) for segment in active_segments(document)]


def rebreak(pairs, *, merge_at, split_at):
    """The German text with sentence breaks changed, and the expected text per segment.

    ``merge_at``: segment indexes whose German sentence is fused with the next
    one (one target sentence for two source segments, a 2:1 bead).
    ``split_at``: segment indexes whose German sentence is cut in two at a comma (1:2).
    """
    paragraphs: dict[int, list[str]] = {}
    expected: dict[int, tuple[str, bool]] = {}
    skip = set()
    for index, (segment, german) in enumerate(pairs):
        if index in skip:
            continue
        block = paragraphs.setdefault(segment.block.position, [])
        if index in merge_at:
            following = pairs[index + 1][1]
            fused = german.rstrip(".") + " – " + following[0].lower() + following[1:]
            block.append(fused)
            expected[index] = (fused, False)
            expected[index + 1] = ("", True)
            skip.add(index + 1)
        elif index in split_at:
            head, tail = german.split(", ", 1)
            block.append(f"{head}. {tail[0].upper()}{tail[1:]}")
            expected[index] = (f"{head}. {tail[0].upper()}{tail[1:]}", False)
        else:
            block.append(german)
            expected[index] = (german, False)
    text = "\n\n".join(" ".join(sentences) for _position, sentences in sorted(paragraphs.items()))
    return text, expected


@pytest.fixture
def german_file(essay, tmp_path):
    pairs = german_sample(essay)
    # Segments 0+1 and 26+27 are fused (2:1); 2 and 11 are cut at a comma (1:2).
    text, expected = rebreak(pairs, merge_at={0, 26}, split_at={2, 11})
    path = tmp_path / "essay.de.txt"
    path.write_text(text, encoding="utf-8")
    return path, expected


def test_rebroken_sample_translation_is_realigned_to_the_known_answer(essay, german_file):
    path, expected = german_file
    report = translation_align_import(document=essay, language="de", path=path)
    segments = list(active_segments(essay))
    rows = {row.segment_id: row for row in Translation.objects.filter(segment__document=essay, language="de")}
    wrong = []
    for index, (text, joined) in expected.items():
        segment = segments[index]
        segment.refresh_from_db()
        row = rows[segment.pk]
        if (segment.text_in("de"), row.joined_with_previous) != (text, joined):
            wrong.append((index, segment.text_in("de")[:50], text[:50]))
    assert wrong == []
    assert report.joined == 2 and report.beads["2-1"] == 2 and report.beads["1-2"] == 2
    stored = [row for row in rows.values() if not row.joined_with_previous]
    assert {row.state for row in stored} == {State.DRAFT}
    assert {row.provenance for row in rows.values()} == {Provenance.ALIGNED_IMPORT}
    assert all(row.confidence is not None for row in rows.values())
    run = AlignmentRun.objects.get()
    assert bytes(run.map_png).startswith(b"\x89PNG") and len(run.beads) == len(alignment_beads(run))


def alignment_beads(run):
    return [bead for bead in run.beads if bead[0] or bead[1]]


def test_untranslated_and_extra_sentences_become_1_0_and_0_1_beads(essay, tmp_path):
    pairs = german_sample(essay)
    segments = [segment for segment, _german in pairs]
    sentences = [german for _segment, german in pairs]
    extra = "Dieser Satz steht nur in der Übersetzung und hat im Original kein Gegenstück."
    sentences[31:31] = [extra]  # after segment 30's translation: a 0-1 bead
    del sentences[20]  # segment 20 has no translation: a 1-0 bead
    path = tmp_path / "gaps.de.txt"
    path.write_text("\n\n".join(sentences), encoding="utf-8")
    report = translation_align_import(document=essay, language="de", path=path)
    assert report.beads.get("1-0") == 1 and report.unmatched_source == 1
    for segment in segments:
        segment.refresh_from_db()
    assert segments[20].text_in("de") == ""
    assert segments[19].text_in("de") == pairs[19][1] and segments[21].text_in("de") == pairs[21][1]
    # The extra sentence is not lost: as a 0-1 bead or as part of a 1-2 bead
    # it ends up after segment 30's own translation.
    assert segments[30].text_in("de") == pairs[30][1] + " " + extra
    assert segments[31].text_in("de") == pairs[31][1]


class FakeAlignment:
    method = "test"

    def __init__(self, beads, confidence):
        self.beads, self.confidence = beads, confidence


@pytest.mark.parametrize(
    "beads, expected_texts, flagged",
    [
        # 0-1 in the middle: appended to the previous segment, which takes its low confidence.
        ([([0], [0]), ([], [1]), ([1], [2])], ["A. B.", "C.", ""], [0]),
        # 0-1 at the very start: prepended to the first segment that gets text.
        ([([], [0]), ([0], [1]), ([1, 2], [2])], ["A. B.", "C.", ""], [0]),
        # 1-0: segment 1 stays untranslated; 2:1 marks segment 2 joined.
        ([([0], [0, 1]), ([1], []), ([2], [2])], ["A. B.", "", "C."], []),
    ],
)
def test_beads_are_mapped_onto_segments_without_losing_text(essay, beads, expected_texts, flagged):
    from translations.services.aligned_import import AlignReport, _store

    segments = list(active_segments(essay))[:3]
    targets = ["A.", "B.", "C."]
    confidence = [0.2 if not src else 0.9 for src, _tgt in beads]
    run = AlignmentRun.objects.create(document=essay, language="fr", source_name="x", method="test",
                                      source_count=3, target_count=3)
    _store(AlignReport(run=run), essay, "fr", segments, targets, FakeAlignment(beads, confidence),
           user=None, force=False)
    for segment in segments:
        segment.refresh_from_db()
    assert [segment.text_in("fr") for segment in segments] == expected_texts
    low = [i for i, segment in enumerate(segments)
           if (row := segment.translations.filter(language="fr").first()) and row.confidence is not None
           and row.confidence < 0.5]
    assert low == flagged


def test_empty_translation_file_is_refused_and_nothing_is_written(essay, tmp_path):
    path = tmp_path / "blank.md"
    path.write_text("\n  \n")
    with pytest.raises(Exception, match="blank.md: the file is empty"):
        translation_align_import(document=essay, language="de", path=path)
    assert not Translation.objects.exists() and not AlignmentRun.objects.exists()


def test_approved_translations_are_kept_without_force(essay, german_file):
    path, _expected = german_file
    first = list(active_segments(essay))[4]
    translation_save(segment=first, language="de", text="Von Hand geprüft.", state=State.APPROVED)
    report = translation_align_import(document=essay, language="de", path=path)
    first.refresh_from_db()
    assert first.text_in("de") == "Von Hand geprüft." and report.kept_approved == 1
    translation_align_import(document=essay, language="de", path=path, force=True)
    first.refresh_from_db()
    assert first.text_in("de") != "Von Hand geprüft."


def test_command_reports_counts_and_errors(essay, german_file, tmp_path, capsys):
    path, _expected = german_file
    call_command("align_translation", "essay", str(path), "--lang", "de", verbosity=0)
    out = capsys.readouterr().out
    assert "43 source sentences × " in out and "translations stored as draft" in out and "Alignment map:" in out
    with pytest.raises(CommandError, match="source language of essay"):
        call_command("align_translation", "essay", str(path), "--lang", "en")
    with pytest.raises(CommandError, match="Unknown language 'xx'"):
        call_command("align_translation", "essay", str(path), "--lang", "xx")
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    with pytest.raises(CommandError, match="empty.txt: the file is empty"):
        call_command("align_translation", "essay", str(empty), "--lang", "de")
    with pytest.raises(CommandError, match="no document with slug 'nope'"):
        call_command("align_translation", "nope", str(path), "--lang", "de")


@pytest.mark.browser
def test_alignment_map_is_shown_in_the_admin(essay, german_file, page, live_server, admin_login, artifacts_dir):
    path, _expected = german_file
    run = translation_align_import(document=essay, language="de", path=path).run
    admin_login()
    page.goto(f"{live_server.url}/admin/translations/alignmentrun/{run.pk}/change/")
    image = page.locator(".wb-alignment-map img")
    assert image.evaluate("img => img.complete && img.naturalWidth") > 0
    assert page.locator("text=43").first.is_visible()
    page.screenshot(path=f"{artifacts_dir}/alignment-map.png", full_page=True)
