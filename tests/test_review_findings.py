"""Check findings on the review page: per cell, as a reason for "flagged", dismissed by reviewers."""

import re

from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.test_review_views import big_document, client_for, rows, staff
from translations.flags import flag_sources
from translations.models import AlignmentRun, CheckFinding, Segment, Severity
from translations.selectors.review import review_page
from translations.services.translations import translation_save

TROTSKY = "bf878b3b"
WAGES = "d71972e4"


def shown(client, query) -> set[int]:
    html = client.get(f"/review/essay/?{query}").content.decode()
    return {int(pk) for pk in re.findall(r'<tr id="seg-(\d+)"', html)}


def cell_html(html: str, segment, language: str) -> str:
    start = html.index(f'<tr id="seg-{segment.pk}"')
    row = html[start : html.index("</tr>", start)]
    cell = row.index(f'lang="{language}" dir=')
    return row[cell : row.index("</td>", cell)]


def wages_with_a_wrong_number(document):
    wages = Segment.objects.select_related("document", "block").get(document=document, key=WAGES)
    translation_save(segment=wages, language="de", text=wages.text_in("de").replace("1,9", "1.9"))
    return wages


def test_failed_checks_are_a_configured_flag_source():
    assert "failed_check" in [source.id for source in flag_sources()]


def test_open_findings_flag_the_row_in_their_language_and_source_findings_in_every_one(essay_with_samples):
    root = User.objects.create_superuser("root", "", "pw")
    client = client_for(root)
    wages = wages_with_a_wrong_number(essay_with_samples)
    trotsky = Segment.objects.get(document=essay_with_samples, key=TROTSKY)
    open_de = set(
        CheckFinding.objects.filter(segment__document=essay_with_samples, language__in=["de", ""], dismissed_at=None)
        .values_list("segment_id", flat=True)
    )
    assert {wages.pk, trotsky.pk} <= open_de
    assert shown(client, "lang=de&filter=flagged") == open_de
    page = review_page(document=essay_with_samples, codes=["de", "ru"], user=root, filter_id="flagged")
    cells = {(row.segment.pk, cell.language): cell for group in page.groups for row in group.rows for cell in row.cells}
    assert "failed QA check" in cells[wages.pk, "de"].flags
    assert "source check" in cells[trotsky.pk, "de"].flags and "source check" in cells[trotsky.pk, "ru"].flags


def test_a_dismissed_finding_no_longer_flags(essay_with_samples, settings):
    settings.WORKBENCH_REVIEW_FLAGS = ["translations.checks.flags.FailedChecks"]
    rene = staff("rene", "reviewer-de")
    client = client_for(rene)
    wages = wages_with_a_wrong_number(essay_with_samples)
    assert wages.pk in shown(client, "lang=de&filter=flagged")
    for finding in CheckFinding.objects.filter(segment=wages, language="de"):
        response = client.post(
            f"/quality/findings/{finding.pk}/dismiss/", {"reason": "as printed", "next": "/review/essay/?lang=de"}
        )
        assert response.status_code == 302
    assert wages.pk not in shown(client, "lang=de&filter=flagged")


def test_each_cell_shows_its_open_findings_and_reviewers_may_dismiss_them_there(essay_with_samples):
    wages = wages_with_a_wrong_number(essay_with_samples)
    trotsky = Segment.objects.get(document=essay_with_samples, key=TROTSKY)
    finding = CheckFinding.objects.get(segment=wages, language="de", check_id="numbers")
    url = "/review/essay/?lang=de&lang=ru"

    rene = staff("rene", "reviewer-de")
    html = client_for(rene).get(url).content.decode()
    german = cell_html(html, wages, "de")
    assert 'class="wb-cell-findings wb-cell-findings--error"' in german
    assert re.search(r"⚠ \d+ errors?", german) and "1.9 is written 1,9 in German" in german
    assert f'action="/quality/findings/{finding.pk}/dismiss/"' in german and 'name="reason"' in german
    assert f'name="next" value="{url}#seg-{wages.pk}"' in german.replace("&amp;", "&")
    # The Trotsky finding is the source's: shown in the source cell, once.
    source = html[html.index(f'<tr id="seg-{trotsky.pk}"') :]
    source = source[: source.index("</td>", source.index('class="wb-source"'))]
    assert "opens a quotation that is not closed" in source
    # A reviewer of German only may not dismiss Russian findings, nor the source's.
    assert 'name="reason"' not in source

    greta = staff("greta", "translator-de")
    german = cell_html(client_for(greta).get(url).content.decode(), wages, "de")
    assert "1.9 is written 1,9 in German" in german and 'name="reason"' not in german

    response = client_for(rene).post(
        f"/quality/findings/{finding.pk}/dismiss/", {"reason": "as printed", "next": f"{url}#seg-{wages.pk}"}
    )
    assert response.status_code == 302 and response["Location"] == f"{url}#seg-{wages.pk}"
    assert "1.9 is written" not in cell_html(client_for(rene).get(url).content.decode(), wages, "de")


def test_the_column_heads_link_to_the_checks_and_the_latest_alignment_map(essay_with_samples):
    root = User.objects.create_superuser("root", "", "pw")
    wages_with_a_wrong_number(essay_with_samples)
    open_de = CheckFinding.objects.filter(
        segment__document=essay_with_samples, language__in=["de", ""], dismissed_at=None
    ).count()
    html = client_for(root).get("/review/essay/?lang=de&lang=ru").content.decode()
    assert f'<a href="/quality/essay/de/" class="wb-findings-link"' in html
    assert re.search(rf'href="/quality/essay/de/"[^>]*>Checks \({open_de}\)</a>', html)
    assert "wb-alignment-link" not in html
    old, new = (
        AlignmentRun.objects.create(document=essay_with_samples, language="ru", source_name=name, method="m",
                                    source_count=1, target_count=1)
        for name in ("old.txt", "new.txt")
    )
    html = client_for(root).get("/review/essay/?lang=de&lang=ru").content.decode()
    assert f'href="/admin/translations/alignmentrun/{new.pk}/change/" class="wb-alignment-link"' in html
    assert f"/alignmentrun/{old.pk}/" not in html


def test_findings_cost_no_query_per_row(db, settings):
    """Findings on every segment: the page still costs the same for 6 segments as for 2,000."""
    root = User.objects.create_superuser("root", "", "pw")
    client = client_for(root)
    counts = []
    for slug, blocks in (("small", 3), ("large", 400)):
        document = big_document(slug, blocks=blocks, per_block=5 if blocks > 3 else 2)
        CheckFinding.objects.bulk_create(
            CheckFinding(segment=segment, language=language, check_id=check, severity=Severity.WARNING, message="m")
            for segment in rows(document)
            for language, check in (("de", "numbers"), ("", "source_unbalanced_quotes"))
        )
        client.get(f"/review/{slug}/?lang=de&lang=ru")
        with CaptureQueriesContext(connection) as queries:
            html = client.get(f"/review/{slug}/?lang=de&lang=ru&filter=flagged").content.decode()
        counts.append(len(queries))
        assert html.count('class="wb-cell-findings') >= 2 * html.count('class="wb-row"') > 0
    assert counts[0] == counts[1]


def test_merging_and_splitting_source_segments_moves_their_findings(essay_with_samples):
    """Findings follow the segmentation: the Trotsky finding moves to the merged segment, and back on undo."""
    from translations.services.alignment_edit import alignment_merge_source, alignment_split_source, alignment_undo

    trotsky = Segment.objects.select_related("document", "block").get(document=essay_with_samples, key=TROTSKY)
    before = Segment.objects.select_related("document", "block").get(
        block=trotsky.block, position=trotsky.position - 1
    )

    def source_findings():
        return set(
            CheckFinding.objects.filter(
                segment__document=essay_with_samples, segment__retired=False, check_id="source_unbalanced_quotes"
            ).values_list("segment__key", flat=True)
        )

    assert source_findings() == {TROTSKY}
    merge = alignment_merge_source(segment=before)
    assert source_findings() == {before.key}
    alignment_undo(edit=merge)
    assert source_findings() == {TROTSKY}

    # Split the Trotsky sentence after "But, he added,": the opening quotation mark goes to the new part.
    trotsky.refresh_from_db()
    cut = trotsky.source_text.index("“")
    split = alignment_split_source(segment=trotsky, offset=cut)
    new_part = Segment.objects.get(document=essay_with_samples, block=trotsky.block, position=trotsky.position + 1)
    assert source_findings() == {new_part.key}
    alignment_undo(edit=split)
    assert source_findings() == {TROTSKY}
