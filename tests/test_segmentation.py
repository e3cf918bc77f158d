"""Sentence segmentation: the essay's hard cases and exact reconstruction."""

from hypothesis import given, settings
from hypothesis import strategies as st

from translations.segmentation import join_sentences, split_sentences


def texts(text, lang="en"):
    return [sentence.text for sentence in split_sentences(text, lang)]


def test_decimal_does_not_end_a_sentence():
    text = (
        "Twenty-five percent increase in the productivity of labour and 1.9 percent increase in wages. "
        "For three years wages have not varied, though production has very much increased."
    )
    assert texts(text) == [
        "Twenty-five percent increase in the productivity of labour and 1.9 percent increase in wages.",
        "For three years wages have not varied, though production has very much increased.",
    ]


def test_leading_ellipsis_and_inner_ellipsis_stay_in_one_sentence():
    text = (
        "…this development of productive forces … is an absolutely necessary practical premise "
        "[of socialism] because without it want is merely made general."
    )
    assert texts(text) == [text]


def test_ellipsis_before_a_capital_ends_the_sentence():
    text = "The members of the kolkhoz have for two months received no pay… Fifty percent of the revenue goes."
    assert texts(text) == [
        "The members of the kolkhoz have for two months received no pay…",
        "Fifty percent of the revenue goes.",
    ]


def test_parenthesised_citation_is_its_own_sentence():
    text = "the greatest immediate menace to the Soviet Union. (The Third International After Lenin.)"
    assert texts(text) == [
        "the greatest immediate menace to the Soviet Union.",
        "(The Third International After Lenin.)",
    ]


def test_abbreviation_and_closing_quote():
    assert texts('Dr. Smith said “we leave.” Then he left.') == ['Dr. Smith said “we leave.”', "Then he left."]


def test_separator_holds_the_whitespace():
    sentences = split_sentences("One.  Two.\nThree.")
    assert [(s.text, s.separator) for s in sentences] == [("One.", "  "), ("Two.", "\n"), ("Three.", "")]


def test_chinese_sentences_split_without_spaces():
    assert texts("你好。我很好。", "zh-hans") == ["你好。", "我很好。"]


def test_blank_text_has_no_segments():
    assert split_sentences("   ") == []


ALPHABET = st.sampled_from(
    list("abcXYZ .,;:!?…“”\"'()[]-–0123456789\n\t") + ["Dr.", "1.9", "e.g.", "Ж", "я", "ع", "中", "。", "  "]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(ALPHABET, min_size=1, max_size=60).map("".join), st.sampled_from(["en", "de", "ru", "zh-hans", "ar"]))
def test_joining_segments_reproduces_the_text_exactly(raw, lang):
    text = raw.strip()
    sentences = split_sentences(text, lang)
    assert join_sentences(sentences) == text
    for sentence in sentences:
        assert sentence.text and sentence.text == sentence.text.strip()
        assert not sentence.separator.strip()


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=200))
def test_any_unicode_text_is_reconstructed(raw):
    text = raw.strip()
    assert join_sentences(split_sentences(text, "en")) == text
