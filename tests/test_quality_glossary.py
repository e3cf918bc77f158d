"""Glossary: terms marked in the source with their agreed translation, escaped; the essay's seed."""

from django.template import Context, Template

from translations.glossary import highlight, terms_in, uses_term
from translations.models import CheckFinding, GlossaryTerm, Segment
from translations.selectors.quality import glossary_for
from translations.services.quality_seed import glossary_seed, quality_install
from translations.services.translations import translation_save


def term(source, target, note="", variants=""):
    return GlossaryTerm(source_language="en", target_language="de", source_term=source, target_term=target,
                        note=note, variants=variants)  # fmt: skip


def test_terms_are_marked_with_their_agreed_translation():
    html = highlight(
        "It did not dispose over the “highest productive forces” within its boundaries.",
        [term("productive forces", "Produktivkräfte")],
    )
    assert html == (
        "It did not dispose over the “highest "
        '<mark class="wb-term" title="Produktivkräfte">productive forces</mark>” within its boundaries.'
    )


def test_text_and_titles_are_escaped():
    html = highlight(
        "<script>alert(1)</script> the bureaucracy & the masses",
        [term("bureaucracy", 'Bürokratie"><script>', note="<b>not</b> administration")],
    )
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'title="Bürokratie&quot;&gt;&lt;script&gt; — &lt;b&gt;not&lt;/b&gt; administration"' in html
    assert "&amp; the masses" in html


def test_matching_is_whole_word_case_and_apostrophe_insensitive_longest_first():
    terms = [term("state", "Staat"), term("workers' state", "Arbeiterstaat"), term("bureaucracy", "Bürokratie")]
    found = terms_in("The Russian workers’ state; the Bureaucracy’s rule; a statement.", terms)
    assert [match.term.source_term for match in found] == ["workers' state", "bureaucracy"]
    assert terms_in("bureaucratic rule", terms) == []


def test_target_forms_match_word_beginnings():
    assert uses_term("des russischen Arbeiterstaates", term("workers' state", "Arbeiterstaat"))
    assert uses_term("in die Kolchoskasse", term("kolkhoz", "Kolchose", variants="Kolchos"))
    assert uses_term("высшими производительными силами",
                     term("productive forces", "производительные силы", variants="производительн сил"))  # fmt: skip
    assert not uses_term("der Staat der Arbeiter", term("workers' state", "Arbeiterstaat"))


def test_the_template_filter_highlights(db):
    rendered = Template("{% load quality %}{{ text|glossary_highlight:terms }}").render(
        Context({"text": "the “commanding heights” <now>", "terms": [term("commanding heights", "Kommandohöhen")]})
    )
    assert rendered == 'the “<mark class="wb-term" title="Kommandohöhen">commanding heights</mark>” &lt;now&gt;'


def test_the_essay_glossary_is_seeded_once_in_three_languages(db):
    assert glossary_seed() == 27
    assert glossary_seed() == 0
    german = {t.source_term: t.target_term for t in glossary_for("en", "de")}
    assert german["commanding heights"] == "Kommandohöhen" and german["workers' state"] == "Arbeiterstaat"
    assert {t.target_term for t in glossary_for("en", "ru") if t.source_term == "kolkhoz"} == {"колхоз"}


def test_the_sample_drafts_follow_the_glossary_and_a_departure_is_found(essay_with_samples):
    quality_install(document=essay_with_samples)
    assert not CheckFinding.objects.filter(check_id="glossary").exists()
    segment = Segment.objects.select_related("document", "block").get(document=essay_with_samples, key="5b219d48")
    translation_save(segment=segment, language="de", text=segment.text_in("de").replace("Kommandohöhen", "Schaltstellen"))
    finding = CheckFinding.objects.get(segment=segment, language="de", check_id="glossary")
    assert finding.message == "not translated as agreed: commanding heights → Kommandohöhen"
