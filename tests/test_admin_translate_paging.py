"""The translate view at book size: pages of whole blocks, filters over the whole document, jumps, the URL.

Documents come from ``tests.books_support`` (bulk inserts): segment n says
"Sentence n …", has key ``k<n>``; every third one is translated into
German (some drafts, some needing review).
"""

import re
from collections import Counter

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.books_support import BLOCK_SHAPES, book_create
from translations.models import Comment, Segment, State, Translation
from translations.paging import PAGE_SIZE, segment_page
from translations.permissions import groups_ensure
from translations.services.translations import translation_save
from translations.selectors.translate import active_segments

ROW = re.compile(r'<tr class="wb-row [^"]*"[^>]*data-key="(k\d+)"[^>]*data-block="(\d+)"')


@pytest.fixture
def greta(db):
    groups_ensure()
    user = User.objects.create_user("greta", "", "pw", is_staff=True)
    user.groups.add(Group.objects.get(name="translator-de"))
    return user


@pytest.fixture
def client(greta):
    client = Client()
    client.force_login(greta)
    return client


@pytest.fixture
def book(greta):
    return book_create(slug="book", segments=600, user=greta, findings_every=10)


def url(document) -> str:
    return f"/admin/translations/document/{document.pk}/translate/de/"


def shown(response) -> list[tuple[str, int]]:
    """(key, block position) of the editable rows of a page, in order."""
    assert response.status_code == 200
    return [(key, int(block)) for key, block in ROW.findall(response.content.decode())]


def page_count(response) -> int:
    return int(re.search(r'data-page-count="(\d+)"', response.content.decode()).group(1))


def keys_in_order(document) -> list[str]:
    return list(active_segments(document).order_by("block__position", "position").values_list("key", flat=True))


def test_walking_every_page_shows_every_row_once_in_whole_blocks(client, book):
    first = client.get(url(book))
    pages = page_count(first)
    assert pages == 600 // PAGE_SIZE  # blocks of at most seven rows start in every run of 50 rows
    block_sizes = Counter(active_segments(book).values_list("block__position", flat=True))
    seen = []
    for number in range(1, pages + 1):
        rows = shown(client.get(url(book), {"page": number}))
        assert 0 < len(rows) < 2 * PAGE_SIZE
        on_page = Counter(block for _key, block in rows)
        assert all(on_page[block] == block_sizes[block] for block in on_page), f"page {number} splits a block"
        seen += [key for key, _block in rows]
    assert seen == keys_in_order(book)
    # Past the end: the last page, not an empty one.
    assert shown(client.get(url(book), {"page": pages + 5})) == shown(client.get(url(book), {"page": pages}))


@pytest.mark.parametrize("size", [3, 5, 50])
def test_a_block_longer_than_a_page_is_the_only_one_cut(book, size):
    segments = active_segments(book)
    seen, number = [], 1
    while True:
        page = segment_page(segments, page=number, size=size)
        ids = page.segment_ids
        assert page.first == len(seen) and len(ids) <= 2 * size - 1
        blocks = Counter(Segment.objects.filter(pk__in=ids).values_list("block_id", flat=True))
        for block_id, n in blocks.items():
            whole = Segment.objects.filter(block_id=block_id).count()
            assert n == whole or (whole > size and n <= size), f"block {block_id} cut though it fits"
        seen += ids
        if number == page.count:
            break
        number += 1
    assert len(seen) == len(set(seen)) == segments.count()
    assert max(BLOCK_SHAPES) > 5  # the document really has blocks longer than the small page sizes


def test_filters_run_over_the_whole_document_and_say_how_many_match(client, book, greta):
    drafts = set(
        Translation.objects.filter(segment__document=book, language="de", state=State.DRAFT).values_list(
            "segment__key", flat=True
        )
    )
    response = client.get(url(book), {"state": "draft"})
    assert f"{len(drafts)} segments match" in response.content.decode()
    found = []
    for number in range(1, page_count(response) + 1):
        found += [key for key, _block in shown(client.get(url(book), {"state": "draft", "page": number}))]
    assert set(found) == drafts and len(found) == len(drafts)

    untranslated = client.get(url(book), {"state": "untranslated"}).content.decode()
    assert "400 segments match" in untranslated  # two of every three

    # The last row of the document, found from page 1's URL.
    body = client.get(url(book), {"q": "SENTENCE 599 OF"}).content.decode()
    assert [key for key, _block in ROW.findall(body)] == ["k599"] and "1 segment matches" in body
    nothing = client.get(url(book), {"q": "no such words"}).content.decode()
    assert "0 segments match" in nothing and "No segments match." in nothing and "wb-pager" not in nothing


def test_search_ignores_case_in_every_script(client, book, greta):
    segment = Segment.objects.get(document=book, key="k450")
    translation_save(segment=segment, language="de", text="Die STRASSE führt zum ДОМ.", user=greta)
    queries = ["дом", "Strasse FÜHRT", "sentence 450 OF THE"]
    if connection.vendor == "sqlite":
        queries.append("straße")  # full case folding (str.casefold); PostgreSQL's UPPER keeps "ß"
    for query in queries:
        rows = shown(client.get(url(book), {"q": query}))
        assert [key for key, _block in rows] == ["k450"], query


def test_findings_comments_and_my_changes_filter_the_whole_document(client, book, greta):
    Comment.objects.create(segment=Segment.objects.get(document=book, key="k590"), language="de", text="?", author=greta)
    Comment.objects.create(
        segment=Segment.objects.get(document=book, key="k10"), language="de", text="done", author=greta, resolved=True
    )
    translation_save(segment=Segment.objects.get(document=book, key="k301"), language="de", text="Meins.", user=greta)

    def keys(**params):
        return [key for key, _block in shown(client.get(url(book), params))]

    assert keys(comments="1") == ["k590"]
    assert keys(mine="1") == ["k301"]
    with_findings = client.get(url(book), {"findings": "1"})
    assert "60 segments match" in with_findings.content.decode()  # every tenth
    assert keys(findings="1", state="untranslated", q="sentence 590 ") == ["k590"]


def test_a_filtered_page_shows_the_neighbours_of_a_match_as_context(client, book):
    body = client.get(url(book), {"q": "sentence 301 of"}).content.decode()
    assert [key for key, _block in ROW.findall(body)] == ["k301"]
    context = re.findall(r'<tr class="wb-context[^"]*" data-context-segment="(\d+)"', body)
    keys = set(Segment.objects.filter(pk__in=context).values_list("key", flat=True))
    assert keys == {"k300", "k302"} & set(Segment.objects.filter(
        block=Segment.objects.get(document=book, key="k301").block).values_list("key", flat=True))
    assert keys  # k301 is inside a block of several sentences
    assert "<textarea" not in body.split('data-context-segment')[1].split("</tr>")[0]


def test_queries_are_the_same_at_10_and_5000_segments(client, greta):
    small = book_create(slug="small", segments=10, user=greta, findings_every=3)
    large = book_create(slug="large", segments=5000, user=greta, findings_every=7)
    views = [{}, {"page": "2"}, {"page": "50"}, {"state": "untranslated"}, {"q": "SENTENCE", "findings": "1"},
             {"seg": "k9"}, {"seg": "7"}]
    client.get(url(small))  # session, content types, …
    for params in views:
        with CaptureQueriesContext(connection) as expected:
            client.get(url(small), params)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url(large), params)
        assert response.status_code == 200
        assert len(queries) == len(expected), params
        assert len(response.content) < 500_000


def test_jump_to_a_number_or_key_and_the_url_keeps_the_position(client, book):
    keys = keys_in_order(book)
    rows = [key for key, _block in shown(client.get(url(book), {"seg": "455"}))]
    assert keys[454] in rows
    assert "k455" in [key for key, _block in shown(client.get(url(book), {"seg": "k455"}))]
    # The page the jump landed on is the page its number says.
    response = client.get(url(book), {"seg": "k455"})
    number = re.search(r'data-page="(\d+)"', response.content.decode()).group(1)
    assert "k455" in [key for key, _block in shown(client.get(url(book), {"page": number}))]
    # A row the filters leave out is shown without them, saying so.
    response = client.get(url(book), {"seg": "k455", "state": "approved"})
    assert "k455" in [key for key, _block in shown(response)]
    assert "does not match the filters" in response.content.decode()
    assert "There is no segment k9999" in client.get(url(book), {"seg": "k9999"}, follow=True).content.decode()
    # Pager links keep the filters.
    body = client.get(url(book), {"state": "untranslated"}).content.decode()
    assert 'href="?state=untranslated&amp;page=2"' in body


def test_next_untranslated_crosses_pages_and_keeps_the_filters(client, book):
    first_page = shown(client.get(url(book)))
    last_key = first_page[-1][0]
    last = Segment.objects.get(document=book, key=last_key)
    response = client.get(url(book), {"next_after": last.pk, "want": "untranslated"})
    assert response.status_code == 302
    target = response["Location"]
    next_key = re.search(r"#seg-(k\d+)$", target).group(1)
    keys = keys_in_order(book)
    following = keys[keys.index(last_key) + 1 :]
    untranslated = [key for key in following if int(key[1:]) % 3][0]
    assert next_key == untranslated and "page=2" in target
    assert next_key in [key for key, _block in shown(client.get(target.split("#")[0]))]

    # Inside a filter, the next row of the filter; at the end, around to the start.
    response = client.get(url(book), {"next_after": last.pk, "state": "draft"})
    assert "state=draft" in response["Location"]
    final = Segment.objects.get(document=book, key=keys[-1])
    around = client.get(url(book), {"next_after": final.pk, "want": "untranslated"})["Location"]
    assert around.endswith("#seg-k1")
    end = client.get(url(book), {"next_after": final.pk}, follow=True)
    assert "That was the last segment." in end.content.decode()
