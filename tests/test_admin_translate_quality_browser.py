"""The translate view with quality in a real browser: findings, glossary, memory suggestions used and saved."""

import pytest

from translations.models import CheckFinding, Provenance, Segment, State, Translation
from translations.services.documents import document_import
from translations.services.quality_seed import quality_install
from translations.services.translations import translation_save

pytestmark = pytest.mark.browser

TROTSKY = "bf878b3b"
NAZIS = "Subjected to barbarous racial repression by the Nazis, the Russian workers rallied heroically in defence of the Soviet Union."
SIMILAR = NAZIS.replace("barbarous", "brutal")
APPROVED_GERMAN = (
    "Der brutalen rassistischen Unterdrückung durch die Nazis ausgesetzt, verteidigten die russischen Arbeiter "
    "die Sowjetunion heldenhaft."
)


def approved_translation_of_a_similar_sentence(tmp_path):
    """Another document with a sentence close to one of the essay's, approved in German: it is in the memory."""
    path = tmp_path / "notes.md"
    path.write_text(SIMILAR + "\n", "utf-8")
    notes = document_import(path=path, slug="notes", title="Notes").document
    segment = Segment.objects.select_related("document", "block").get(document=notes)
    translation_save(segment=segment, language="de", text=APPROVED_GERMAN, state=State.APPROVED)


def test_findings_glossary_and_a_memory_suggestion_used_and_saved(
    essay_with_samples, tmp_path, page, live_server, admin_login, artifacts_dir
):
    document = essay_with_samples
    quality_install(document=document)
    approved_translation_of_a_similar_sentence(tmp_path)
    trotsky = Segment.objects.get(document=document, key=TROTSKY)
    nazis = Segment.objects.get(document=document, source_text=NAZIS)
    first = Segment.objects.filter(document=document).order_by("block__position", "position").first()
    admin_login()

    page.goto(f"{live_server.url}/admin/translations/document/{document.pk}/translate/de/")

    # The Trotsky row shows the source finding: the quotation that opens and never closes.
    trotsky_row = page.locator(f"#segment-{trotsky.pk}")
    finding = trotsky_row.locator(".wb-finding--error")
    assert "opens a quotation that is not closed" in finding.inner_text()
    trotsky_row.scroll_into_view_if_needed()
    page.screenshot(path=f"{artifacts_dir}/translate-quality-trotsky.png")

    # Glossary terms are marked in the source, their agreed translation in the tooltip and below.
    mark = page.locator(f"#segment-{first.pk} mark.wb-term").first
    assert mark.inner_text() == "productive forces" and mark.get_attribute("title") == "Produktivkräfte"
    assert "Produktivkräfte" in page.locator(f"#segment-{first.pk} .wb-terms").inner_text()

    # Focus the row: the memory offers the approved translation of the similar sentence.
    row = page.locator(f"#segment-{nazis.pk}")
    editor = row.locator(".wb-editor")
    editor.click()
    suggestion = row.locator(".wb-memory-box .wb-suggestion").first
    suggestion.wait_for()
    score = int(suggestion.locator(".wb-score").inner_text().rstrip("%"))
    assert 80 <= score < 100
    assert suggestion.locator(".wb-tm-target").inner_text() == APPROVED_GERMAN
    assert suggestion.locator("del").inner_text() == "brutal" and suggestion.locator("ins").inner_text() == "barbarous"
    row.scroll_into_view_if_needed()
    page.screenshot(path=f"{artifacts_dir}/translate-quality-memory.png")

    # "Use" fills the editor; Ctrl+Enter saves it, recording where it came from, and moves on.
    suggestion.locator(".wb-use").click()
    assert editor.input_value() == APPROVED_GERMAN
    chosen_state = row.locator(".wb-state-select").input_value()  # the sample's "draft": Use keeps the state
    editor.press("Control+Enter")
    row.locator(".wb-status", has_text="Saved").wait_for()
    saved = Translation.objects.get(segment=nazis, language="de")
    assert Segment.objects.get(pk=nazis.pk).text_in("de") == APPROVED_GERMAN
    assert (saved.provenance, saved.state) == (Provenance.MEMORY, chosen_state)
    assert row.locator(".wb-provenance").inner_text() == "translation memory"
    next_row = page.locator(".wb-row").nth(page.locator(".wb-row").evaluate_all(
        f"(rows) => rows.findIndex((r) => r.dataset.segment === '{nazis.pk}')") + 1)
    assert next_row.locator(".wb-editor").evaluate("(e) => e === document.activeElement")

    # A reviewer dismisses the Trotsky finding in place, saying why.
    trotsky_row.locator("input[name=reason]").fill("The printed essay leaves the quotation open.")
    trotsky_row.locator(".wb-dismiss button").click()
    trotsky_row.locator(".wb-finding--dismissed").wait_for()
    assert CheckFinding.objects.get(segment=trotsky, check_id="source_unbalanced_quotes").dismissed
    trotsky_row.scroll_into_view_if_needed()
    page.screenshot(path=f"{artifacts_dir}/translate-quality-dismissed.png")
    page.screenshot(path=f"{artifacts_dir}/translate-quality-full.png", full_page=True)

    # The document's change form links to the checks of each language.
    page.goto(f"{live_server.url}/admin/translations/document/{document.pk}/change/")
    page.locator(".wb-quality-links").scroll_into_view_if_needed()
    page.screenshot(path=f"{artifacts_dir}/document-change-quality-links.png")
    page.click(".wb-quality-links a[lang=de]")
    assert page.url.endswith("/quality/essay/de/")
