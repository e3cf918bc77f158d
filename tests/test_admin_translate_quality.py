"""Quality in the translate view: findings per row, glossary marks, quotations, memory provenance on save."""

import re

import pytest

from tests.test_admin_translate import client_for, page_url, save, staff
from translations.models import CheckFinding, Provenance, Segment, Translation
from translations.services.quality_seed import quality_install

TROTSKY = "bf878b3b"  # the unclosed quotation (a source finding)
MARX = "79c1a43b"  # The German Ideology: a registered quotation with its German original
WAGES = "d71972e4"  # "… 1.9 percent increase in wages."


@pytest.fixture
def seeded(essay_with_samples):
    quality_install(document=essay_with_samples)
    return essay_with_samples


def seg(document, key):
    return Segment.objects.select_related("document", "block").get(document=document, key=key)


def row_html(body: str, segment) -> str:
    start = body.index(f'data-segment="{segment.pk}"')
    return body[start : body.index("</tr>", start)]


def test_each_row_shows_its_open_findings_and_the_page_counts_them(seeded):
    greta = staff("greta", "translator-de")
    body = client_for(greta).get(page_url(seeded, "de")).content.decode()
    trotsky = row_html(body, seg(seeded, TROTSKY))
    assert 'class="wb-finding wb-finding--error' in trotsky
    assert "opens a quotation that is not closed" in trotsky
    assert "source text" in trotsky  # it is a problem of the source, shown in every language
    open_errors = CheckFinding.objects.filter(
        segment__document=seeded, language__in=["de", ""], severity="error", dismissed_at=None
    ).count()
    assert re.search(rf"{open_errors} errors?</span>", body)
    # A translator may not dismiss: no dismiss form.
    assert 'name="reason"' not in trotsky


def test_only_rows_with_findings_when_asked(seeded):
    greta = staff("greta", "translator-de")
    body = client_for(greta).get(page_url(seeded, "de"), {"findings": "1"}).content.decode()
    with_findings = set(
        CheckFinding.objects.filter(segment__document=seeded, language__in=["de", ""], dismissed_at=None)
        .values_list("segment_id", flat=True)
    )
    shown = {int(pk) for pk in re.findall(r'<tr class="wb-row [^"]*"\s+id="segment-\d+"\s+data-segment="(\d+)"', body)}
    assert shown == with_findings and len(shown) < Segment.objects.filter(document=seeded).count()


def test_a_reviewer_gets_dismiss_forms_and_dismissed_findings_leave_the_row(seeded):
    rene = staff("rene", "reviewer-de")
    client = client_for(rene)
    wages = seg(seeded, WAGES)
    save(client, seeded, "de", wages, wages.text_in("de").replace("1,9", "1.9"))
    finding = CheckFinding.objects.get(segment=wages, language="de", check_id="numbers")
    body = client.get(page_url(seeded, "de")).content.decode()
    row = row_html(body, wages)
    assert f'action="/quality/findings/{finding.pk}/dismiss/"' in row and 'name="reason"' in row
    response = client.post(
        f"/quality/findings/{finding.pk}/dismiss/",
        {"reason": "The book prints 1.9 here.", "next": page_url(seeded, "de")},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 200 and response.json()["dismissed"]
    assert "1.9 is written 1,9" not in row_html(client.get(page_url(seeded, "de")).content.decode(), wages)


def test_glossary_terms_are_marked_with_their_agreed_translation(seeded):
    greta = staff("greta", "translator-de")
    body = client_for(greta).get(page_url(seeded, "de")).content.decode()
    marx = row_html(body, seg(seeded, MARX))
    assert re.search(r'<mark class="wb-term" title="Produktivkräfte">productive forces</mark>', marx)
    assert '<ul class="wb-terms"' in marx and "Produktivkräfte</strong>" in marx


def test_a_quoted_segment_shows_the_work_and_the_original_beside_it(seeded):
    greta = staff("greta", "translator-de")
    body = client_for(greta).get(page_url(seeded, "de")).content.decode()
    marx = row_html(body, seg(seeded, MARX))
    assert "The German Ideology" in marx and "die ganze alte Scheiße" in marx
    assert 'lang="de"' in marx  # the original is marked as German
    # A quotation spanning several segments shows in full on its first segment, folded on the others.
    first = seg(seeded, "be8b4178")
    rows = [row_html(body, segment) for segment in Segment.objects.filter(block=first.block).order_by("position")]
    quoted = [row for row in rows if "From Lenin to Stalin" in row]
    assert len(quoted) >= 2
    assert '<section class="wb-quotation"' in quoted[0] and "wb-quotation-more" not in quoted[0]
    assert all("wb-quotation-more" in row for row in quoted[1:])


def test_the_memory_box_is_only_offered_where_the_user_may_edit(seeded):
    greta = staff("greta", "translator-de")
    assert "wb-memory-box" in client_for(greta).get(page_url(seeded, "de")).content.decode()
    assert "wb-memory-box" not in client_for(greta).get(page_url(seeded, "fr")).content.decode()


def test_saving_with_provenance_memory_records_it(seeded):
    greta = staff("greta", "translator-de")
    client = client_for(greta)
    segment = seg(seeded, WAGES)
    response = client.post(
        page_url(seeded, "de") + "save/",
        {
            "segment": segment.pk,
            "text": "Aus dem Gedächtnis: 25 Prozent mehr Produktivität und 1,9 Prozent mehr Lohn.",
            "state": "",
            "version": Translation.objects.get(segment=segment, language="de").version,
            "provenance": "memory",
        },
    )
    assert response.status_code == 200, response.content
    assert response.json()["provenance"] == "memory"
    assert response.json()["provenance_label"] == "translation memory"
    assert Translation.objects.get(segment=segment, language="de").provenance == Provenance.MEMORY


@pytest.mark.parametrize("claimed", ["sample", "file_import", "aligned_import", "anything"])
def test_the_editor_may_not_claim_an_import_provenance(seeded, claimed):
    greta = staff("greta", "translator-de")
    segment = seg(seeded, WAGES)
    before = Translation.objects.get(segment=segment, language="de")
    response = client_for(greta).post(
        page_url(seeded, "de") + "save/",
        {"segment": segment.pk, "text": "Neu.", "state": "", "version": before.version, "provenance": claimed},
    )
    assert response.status_code == 400 and "provenance" in response.json()["fields"]
    after = Translation.objects.get(segment=segment, language="de")
    assert (after.version, after.provenance) == (before.version, before.provenance)


def test_the_save_answer_refreshes_the_findings_of_the_whole_block(seeded):
    greta = staff("greta", "translator-de")
    client = client_for(greta)
    wages = seg(seeded, WAGES)
    response = save(client, seeded, "de", wages, wages.text_in("de").replace("1,9", "1.9"))
    findings = response.json()["findings"]
    block_ids = set(
        Segment.objects.filter(block=wages.block, retired=False).values_list("pk", flat=True)
    )
    assert {int(pk) for pk in findings} == block_ids
    assert "1.9 is written 1,9 in German" in findings[str(wages.pk)]
    response = save(client, seeded, "de", wages, wages.text_in("de").replace("1.9", "1,9"))
    assert "1.9 is written" not in response.json()["findings"][str(wages.pk)]
