"""Translation memory: approved translations of every document, TMX import, scored and highlighted matches."""

from pathlib import Path

import pytest
from django.core.management import call_command
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from translations.memory.search import diff_html, length_window
from translations.models import MemoryEntry, Segment, State
from translations.parsing import SourceFormatError
from translations.selectors.quality import tm_suggestions
from translations.services.documents import document_import
from translations.services.memory import memory_import_tmx, memory_rebuild
from translations.services.translations import translation_save, translation_set_state

FIXTURES = Path(__file__).parent / "fixtures" / "quality"
SOCIALISM = "cd3699cb"  # Socialism cannot be built under these conditions.

OTHER_TEXT = """Socialism cannot be built under these conditions.

Socialism cannot be built under such conditions.

Capitalism cannot be overcome under these conditions.

The weather in Leningrad was pleasant that spring.
"""
GERMAN = {
    "Socialism cannot be built under these conditions.": "Unter diesen Bedingungen kann der Sozialismus nicht aufgebaut werden.",
    "Socialism cannot be built under such conditions.": "Unter solchen Bedingungen kann der Sozialismus nicht aufgebaut werden.",
    "Capitalism cannot be overcome under these conditions.": "Unter diesen Bedingungen kann der Kapitalismus nicht überwunden werden.",
    "The weather in Leningrad was pleasant that spring.": "Das Wetter in Leningrad war in jenem Frühjahr angenehm.",
}


@pytest.fixture
def other_document(db, tmp_path):
    """A second document whose German translations are approved."""
    path = tmp_path / "other.txt"
    path.write_text(OTHER_TEXT, encoding="utf-8")
    document = document_import(path=path, slug="other", title="Other").document
    for segment in Segment.objects.filter(document=document).select_related("document", "block"):
        translation_save(segment=segment, language="de", text=GERMAN[segment.source_text], state=State.APPROVED)
    return document


def essay_segment(essay, key=SOCIALISM):
    return Segment.objects.select_related("document", "block").get(document=essay, key=key)


def test_approved_translations_enter_the_memory_and_leave_it_when_unapproved(other_document):
    segment = Segment.objects.get(document=other_document, source_text__startswith="The weather")
    entry = MemoryEntry.objects.get(segment=segment, target_language="de")
    assert (entry.source_language, entry.origin, entry.target_text) == ("en", "other", GERMAN[segment.source_text])
    translation_set_state(segment=segment, language="de", state=State.NEEDS_REVIEW)
    assert not MemoryEntry.objects.filter(segment=segment).exists()
    assert MemoryEntry.objects.count() == 3


def test_exact_match_scores_100_and_fuzzy_matches_follow_in_order(essay, other_document):
    suggestions = tm_suggestions(essay_segment(essay), "de")
    assert suggestions[0].exact and suggestions[0].score == 100
    assert suggestions[0].target == GERMAN["Socialism cannot be built under these conditions."]
    assert [s.source for s in suggestions[1:]] == [
        "Socialism cannot be built under such conditions.",
        "Capitalism cannot be overcome under these conditions.",
    ]
    scores = [s.score for s in suggestions]
    assert scores == sorted(scores, reverse=True) and 70 <= scores[-1] < scores[1] < 100
    assert all(not s.exact for s in suggestions[1:])
    assert "Leningrad" not in " ".join(s.source for s in suggestions)  # below the threshold
    assert tm_suggestions(essay_segment(essay), "fr") == []  # nothing approved in French


def test_the_difference_is_marked_and_escaped(essay, other_document):
    such = tm_suggestions(essay_segment(essay), "de")[1]
    assert str(such.diff_html) == "Socialism cannot be built under <del>such</del><ins>these</ins> conditions."
    marked = diff_html("The <b>bureaucracy</b> & the masses", "The bureaucracy & the masses")
    assert "<b>" not in marked and "<del>&lt;b&gt;</del>" in marked and "&amp;" in marked


def test_the_segments_own_translation_is_not_suggested(essay, other_document):
    segment = essay_segment(essay)
    translation_save(segment=segment, language="de", text="Eigene Fassung.", state=State.APPROVED)
    targets = [s.target for s in tm_suggestions(segment, "de")]
    assert "Eigene Fassung." not in targets and targets[0] == GERMAN[segment.source_text]


def test_a_typed_search_and_the_limit(essay, other_document):
    suggestions = tm_suggestions(essay_segment(essay), "de", 1, text="Capitalism cannot be overcome here.")
    assert len(suggestions) == 1 and suggestions[0].source.startswith("Capitalism")


def test_memory_rebuild_rederives_entries_from_approved_translations(other_document):
    MemoryEntry.objects.all().delete()
    assert memory_rebuild() == 4
    assert set(MemoryEntry.objects.values_list("target_text", flat=True)) == set(GERMAN.values())


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="abcde ", min_size=1, max_size=40), st.text(alphabet="abcde ", min_size=1, max_size=80),
       st.integers(min_value=50, max_value=100))  # fmt: skip
def test_the_length_window_never_excludes_a_match_above_the_threshold(a, b, threshold):
    if fuzz.ratio(a, b) >= threshold:
        low, high = length_window(len(a), threshold)
        assert low <= len(b) <= high


def test_tmx_import_adds_pairs_maps_regional_codes_and_strips_inline_codes(essay):
    report = memory_import_tmx(path=FIXTURES / "memory.tmx")
    assert (report.units, report.added, report.without_source) == (4, 4, 1)
    assert dict(report.by_pair) == {("en", "de"): 2, ("en", "fr"): 1, ("de", "en"): 1}
    assert dict(report.skipped_languages) == {"it-IT": 1}
    entry = MemoryEntry.objects.get(source_text__startswith="The workers")
    assert entry.source_text == "The workers were driven forward by compulsion."
    assert entry.target_text == "Die Arbeiter wurden durch Zwang vorangetrieben."
    exact = tm_suggestions(essay_segment(essay), "fr")[0]
    assert (exact.score, exact.origin) == (100, "tmx:memory.tmx")
    again = memory_import_tmx(path=FIXTURES / "memory.tmx")
    assert (again.added, again.duplicates) == (0, 4)
    assert MemoryEntry.objects.count() == 4


def test_a_malformed_tmx_names_the_line_and_adds_nothing(db):
    with pytest.raises(SourceFormatError) as caught:
        memory_import_tmx(path=FIXTURES / "broken.tmx")
    assert caught.value.line == 12 and "broken.tmx" in str(caught.value) and "tuv line 11" in str(caught.value)
    with pytest.raises(SourceFormatError, match="<tuv> without <seg>") as caught:
        memory_import_tmx(path=FIXTURES / "noseg.tmx")  # well-formed, the first unit is fine, the second is not
    assert caught.value.line == 11
    assert not MemoryEntry.objects.exists()


def test_entity_declarations_are_refused(db):
    with pytest.raises(SourceFormatError, match=r"entity declarations \(<!ENTITY …>\) are not allowed") as caught:
        memory_import_tmx(path=FIXTURES / "entities.tmx")
    assert caught.value.line == 3
    assert not MemoryEntry.objects.exists()


def test_import_tmx_command_reports_counts(db, capsys):
    call_command("import_tmx", str(FIXTURES / "memory.tmx"), "--origin", "Serge translations", verbosity=0)
    out = capsys.readouterr().out
    assert "4 translation units; 4 pairs added (de→en: 1, en→de: 2, en→fr: 1)" in out
    assert "skipped languages not configured: it-IT (1)" in out
    assert set(MemoryEntry.objects.values_list("origin", flat=True)) == {"Serge translations"}


def test_tmx_import_takes_only_final_or_approved_units_unless_all_states(essay_with_samples, tmp_path):
    from tests.formats_support import export, segments
    from translations.models import MemoryEntry, State
    from translations.services.translations import translation_set_state

    first = segments(essay_with_samples)[0]
    translation_set_state(segment=first, language="de", state=State.APPROVED)
    path = tmp_path / "essay.tmx"
    path.write_bytes(export(essay_with_samples, "tmx", "de"))  # 1 approved German unit, 42 drafts
    MemoryEntry.objects.all().delete()

    report = memory_import_tmx(path=path)
    assert (report.added, report.unfinished) == (1, 42)
    assert list(MemoryEntry.objects.values_list("target_text", flat=True)) == [first.text_in("de")]
    assert "42 unfinished pairs left out" in report.summary()

    everything = memory_import_tmx(path=path, all_states=True)
    assert (everything.added, everything.duplicates, everything.unfinished) == (42, 1, 0)


def test_import_tmx_all_states_flag(essay_with_samples, tmp_path, capsys):
    from tests.formats_support import export

    path = tmp_path / "essay.tmx"
    path.write_bytes(export(essay_with_samples, "tmx", "ru"))
    call_command("import_tmx", str(path), verbosity=0)
    assert "43 unfinished pairs left out" in capsys.readouterr().out
    call_command("import_tmx", str(path), "--all-states", verbosity=0)
    assert "43 pairs added" in capsys.readouterr().out
