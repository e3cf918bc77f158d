"""The review page through HTTP: what reviewers see, what they may do, and what is refused."""

import re

import pytest
from django.contrib.auth.models import Group, User
from django.contrib.staticfiles import finders
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from translations.models import AlignmentEdit, Block, Comment, Document, Segment, State, Translation
from translations.permissions import groups_ensure
from translations.selectors.review import _plan
from translations.services.translations import translation_save, translation_set_state

SCRIPT = '<script>alert("x")</script>'


def staff(username, *groups):
    groups_ensure()
    user = User.objects.create_user(username, password="pw", is_staff=True)
    user.groups.add(*Group.objects.filter(name__in=groups))
    return user


def client_for(user, **kwargs):
    client = Client(**kwargs)
    client.force_login(user)
    return client


def rows(document):
    return list(Segment.objects.filter(document=document, retired=False).order_by("block__position", "position"))


def state(segment, code):
    row = Translation.objects.filter(segment=segment, language=code).first()
    return row.state if row else State.UNTRANSLATED


@pytest.fixture
def root(db):
    return User.objects.create_superuser("root", "", "pw")


def test_page_shows_source_and_chosen_languages_aligned_by_block(essay_with_samples, root):
    response = client_for(root).get("/review/essay/?lang=de&lang=ru")
    assert response.status_code == 200
    html = response.content.decode()
    first = rows(essay_with_samples)[0]
    row = html[html.index(f'id="seg-{first.pk}"') :]
    row = row[: row.index("</tr>")]
    # Source, German, Russian of the same segment sit in one row, in that order.
    assert row.index(first.source_text) < row.index(first.text_in("de")) < row.index(first.text_in("ru"))
    assert 'lang="de" dir="ltr"' in row and "wb-state-draft" in row
    assert "¶ 1 · paragraph" in html and "¶ 20 · block quotation" in html and "¶ 21 · attribution line" in html
    assert html.count('class="wb-row"') == 43
    assert "French" in html and 'lang="fr" dir=' not in html  # offered, not shown


def test_arabic_column_is_right_to_left_and_chinese_has_its_font(essay, root):
    first = rows(essay)[0]
    translation_save(segment=first, language="ar", text="الاتحاد السوفيتي")
    translation_save(segment=first, language="zh-hans", text="苏联")
    html = client_for(root).get("/review/essay/?lang=ar&lang=zh-hans").content.decode()
    assert re.search(r'<td class="wb-target[^"]*" lang="ar" dir="rtl"[^>]*>', html)
    assert re.search(r'<td class="wb-target[^"]*" lang="zh-hans" dir="ltr"[^>]*>', html)
    css = open(finders.find("translations/review.css"), encoding="utf-8").read()
    assert '"Noto Sans Arabic"' in css and '"Noto Sans CJK SC"' in css


def test_everything_is_escaped(essay, root):
    first = rows(essay)[0]
    Segment.objects.filter(pk=first.pk).update(source_text=f"Source {SCRIPT}", key="k<b>")
    translation_save(segment=first, language="de", text=f"Deutsch {SCRIPT}")
    Comment.objects.create(segment=first, language="de", author=root, text=f"Note {SCRIPT}")
    client = client_for(root)
    for url in (
        "/review/essay/?lang=de",
        f"/review/essay/comments/{first.pk}/de/",
        f"/review/essay/comments/{first.pk}/de/?fragment=1",
        f"/review/essay/split/{first.pk}/",
    ):
        html = client.get(url).content.decode()
        assert SCRIPT not in html and "k<b>" not in html, url
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html, url


def test_a_foreign_next_url_is_not_followed_or_linked(essay, root):
    segment = rows(essay)[0]
    client = client_for(root)
    html = client.get(f"/review/essay/comments/{segment.pk}/de/?next=javascript:alert(1)").content.decode()
    assert "javascript:alert" not in html
    response = client.post(
        "/review/essay/state/",
        {"segment": segment.pk, "language": "de", "action": "approve", "next": "https://evil.example/"},
    )
    assert response["Location"].startswith("/review/essay/")


def test_approve_and_send_back_one_row(essay_with_samples, root):
    segment = rows(essay_with_samples)[3]
    client = client_for(root)
    response = client.post(
        "/review/essay/state/", {"segment": segment.pk, "language": "de", "action": "approve", "version": 1}
    )
    assert response.status_code == 302 and response["Location"].endswith(f"#seg-{segment.pk}")
    assert state(segment, "de") == State.APPROVED
    client.post("/review/essay/state/", {"segment": segment.pk, "language": "de", "action": "send_back", "version": 2})
    assert state(segment, "de") == State.NEEDS_UPDATE
    assert segment.changes.filter(language="de").first().user == root


def test_approving_a_text_changed_since_loading_is_refused(essay_with_samples, root):
    segment = rows(essay_with_samples)[3]
    translation_save(segment=segment, language="de", text="Geändert.", state=State.DRAFT)  # now version 2
    response = client_for(root).post(
        "/review/essay/state/",
        {"segment": segment.pk, "language": "de", "action": "approve", "version": 1},
        follow=True,
    )
    assert state(segment, "de") == State.DRAFT
    assert "changed by someone else" in response.content.decode()


def test_bulk_approve_with_a_conflict_and_an_untranslated_row(essay_with_samples, root):
    segments = rows(essay_with_samples)[:4]
    Segment.objects.filter(pk=segments[2].pk).update(text_ru="")
    Translation.objects.filter(segment=segments[2], language="ru").update(state=State.UNTRANSLATED)
    translation_save(segment=segments[1], language="ru", text="Новее.", state=State.DRAFT)
    data = {"language": "ru", "action": "approve", "segment": [s.pk for s in segments]}
    data.update({f"v-{s.pk}-ru": 1 for s in segments})
    response = client_for(root).post("/review/essay/bulk/", data, follow=True)
    assert [state(s, "ru") for s in segments] == [State.APPROVED, State.DRAFT, State.UNTRANSLATED, State.APPROVED]
    html = response.content.decode()
    assert "2 approved" in html and segments[1].key in html and "nothing to review" in html


def test_bulk_send_back_adds_the_reason_to_each_thread(essay_with_samples, root):
    segments = rows(essay_with_samples)[:2]
    client_for(root).post(
        "/review/essay/bulk/",
        {"language": "de", "action": "send_back", "segment": [s.pk for s in segments], "comment": "Tone is off."},
    )
    assert [state(s, "de") for s in segments] == [State.NEEDS_UPDATE] * 2
    assert list(Comment.objects.values_list("segment_id", "language", "text")) == [
        (segments[0].pk, "de", "Tone is off."),
        (segments[1].pk, "de", "Tone is off."),
    ]


# --- permissions ----------------------------------------------------------------


def test_translator_may_move_own_language_but_not_review_or_edit_source(essay_with_samples):
    greta = staff("greta", "translator-de")
    client = client_for(greta)
    segments = rows(essay_with_samples)
    assert client.get("/review/essay/?lang=de").status_code == 200
    before = list(Translation.objects.values_list("id", "state", "version"))
    assert client.post("/review/essay/state/", {"segment": segments[1].pk, "language": "de", "action": "approve"}).status_code == 403
    assert client.post("/review/essay/bulk/", {"segment": [segments[1].pk], "language": "de", "action": "approve"}).status_code == 403
    assert client.post(
        "/review/essay/align/", {"segment": segments[2].pk, "language": "ru", "operation": "move_first_to_previous"}
    ).status_code == 403
    assert client.post("/review/essay/align/", {"segment": segments[1].pk, "operation": "merge_source"}).status_code == 403
    assert client.post(
        "/review/essay/align/", {"segment": segments[1].pk, "operation": "split_source", "offset": 5}
    ).status_code == 403
    assert list(Translation.objects.values_list("id", "state", "version")) == before
    assert not AlignmentEdit.objects.exists()
    response = client.post(
        "/review/essay/align/", {"segment": segments[2].pk, "language": "de", "operation": "move_first_to_previous"}
    )
    assert response.status_code == 302 and AlignmentEdit.objects.count() == 1


def test_reviewer_of_one_language_and_editor(essay_with_samples):
    segments = rows(essay_with_samples)
    rene = client_for(staff("rene", "reviewer-de"))
    assert rene.post("/review/essay/state/", {"segment": segments[1].pk, "language": "ru", "action": "approve"}).status_code == 403
    assert rene.post("/review/essay/state/", {"segment": segments[1].pk, "language": "de", "action": "approve"}).status_code == 302
    editor = client_for(staff("edda", "editor"))
    assert editor.post("/review/essay/align/", {"segment": segments[0].pk, "operation": "merge_source"}).status_code == 302
    edit = AlignmentEdit.objects.get()
    # Undoing a source edit needs the editor's permission too.
    assert rene.post(f"/review/essay/undo/{edit.pk}/").status_code == 403
    assert editor.post(f"/review/essay/undo/{edit.pk}/").status_code == 302
    assert AlignmentEdit.objects.get().undone_at is not None


def test_anonymous_and_non_staff_users_get_nothing(essay_with_samples):
    segment = rows(essay_with_samples)[1]
    outsider = User.objects.create_user("olga", password="pw")  # not staff
    for client in (Client(), client_for(outsider)):
        assert client.get("/review/essay/").status_code == 302  # to the login page
        response = client.post("/review/essay/state/", {"segment": segment.pk, "language": "de", "action": "approve"})
        assert response.status_code == 302 and "/login/" in response["Location"]
        client.post("/review/essay/align/", {"segment": segment.pk, "operation": "merge_source"})
    assert state(segment, "de") == State.DRAFT and not AlignmentEdit.objects.exists()


def test_writes_need_post_and_a_csrf_token(essay_with_samples, root):
    segment = rows(essay_with_samples)[1]
    client = client_for(root, enforce_csrf_checks=True)
    assert client.get(f"/review/essay/state/?segment={segment.pk}&language=de&action=approve").status_code == 405
    data = {"segment": segment.pk, "language": "de", "action": "approve"}
    for url, payload in (
        ("/review/essay/state/", data),
        ("/review/essay/bulk/", {**data, "segment": [segment.pk]}),
        ("/review/essay/align/", {"segment": segment.pk, "operation": "merge_source"}),
        (f"/review/essay/comments/{segment.pk}/de/add/", {"text": "hello"}),
    ):
        assert client.post(url, payload).status_code == 403, url
    assert state(segment, "de") == State.DRAFT
    assert not AlignmentEdit.objects.exists() and not Comment.objects.exists()
    # With the token from the page, the same request goes through.
    html = client.get("/review/essay/?lang=de").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = client.post("/review/essay/state/", {**data, "csrfmiddlewaretoken": token})
    assert response.status_code == 302 and state(segment, "de") == State.APPROVED


def test_bad_requests_say_what_is_wrong(essay_with_samples, root):
    client = client_for(root)
    segment = rows(essay_with_samples)[1]
    response = client.get("/review/essay/?lang=xx")
    assert response.status_code == 400 and "unknown target language 'xx'" in response.content.decode()
    assert client.get("/review/essay/?lang=en").status_code == 400  # the source is not a target
    assert "unknown filter" in client.get("/review/essay/?filter=bogus").content.decode()
    assert client.get("/review/essay/?page=two").status_code == 400
    assert client.get("/review/nothing/").status_code == 404
    response = client.post("/review/essay/align/", {"segment": segment.pk, "operation": "split_source", "offset": "x"})
    assert response.status_code == 400 and "offset" in response.content.decode()
    assert client.post("/review/essay/align/", {"segment": segment.pk, "operation": "explode"}).status_code == 400
    assert client.post("/review/essay/state/", {"segment": segment.pk, "language": "de", "action": "burn"}).status_code == 400
    # A refused edit is a message, not an error page, and changes nothing.
    last_of_block = rows(essay_with_samples)[1]  # the first paragraph has two sentences
    response = client.post("/review/essay/align/", {"segment": last_of_block.pk, "operation": "merge_source"}, follow=True)
    assert "nothing to merge it with" in response.content.decode()
    assert not AlignmentEdit.objects.exists()


# --- comments -----------------------------------------------------------------


WITHOUT_CHECKS = ["translations.flags.OpenComments", "translations.flags.LowConfidence"]


def test_comment_thread_add_resolve_and_permissions(essay_with_samples, settings):
    settings.WORKBENCH_REVIEW_FLAGS = WITHOUT_CHECKS  # the samples' check findings would flag rows too
    segment = rows(essay_with_samples)[2]
    greta, ivan = staff("greta", "translator-de"), staff("ivan", "translator-ru")
    rene = staff("rene", "reviewer-de")
    greta_client = client_for(greta)
    response = greta_client.post(f"/review/essay/comments/{segment.pk}/de/add/", {"text": "  Is “Mächte” right?  "})
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert (comment.author, comment.language, comment.text, comment.resolved) == (greta, "de", "Is “Mächte” right?", False)
    assert client_for(ivan).post(f"/review/essay/comments/{segment.pk}/de/add/", {"text": "x"}).status_code == 403
    # An empty comment is refused with a message.
    greta_client.post(f"/review/essay/comments/{segment.pk}/de/add/", {"text": "   "})
    assert Comment.objects.count() == 1
    # The thread lists it; the page counts it and flags the cell.
    thread = greta_client.get(f"/review/essay/comments/{segment.pk}/de/?fragment=1").content.decode()
    assert "Is “Mächte” right?" in thread and 'data-count="1"' in thread
    page = greta_client.get("/review/essay/?lang=de&filter=flagged").content.decode()
    assert page.count('class="wb-row"') == 1 and "open comment" in page
    # Only the author or a reviewer resolves.
    assert client_for(ivan).post(f"/review/essay/comment/{comment.pk}/resolve/").status_code == 403
    assert client_for(rene).post(f"/review/essay/comment/{comment.pk}/resolve/").status_code == 302
    comment.refresh_from_db()
    assert comment.resolved and comment.resolved_by == rene
    page = greta_client.get("/review/essay/?lang=de&filter=flagged").content.decode()
    assert 'class="wb-row"' not in page


# --- filters and pages ---------------------------------------------------------


def test_filters(essay_with_samples, root, settings):
    settings.WORKBENCH_REVIEW_FLAGS = WITHOUT_CHECKS  # the samples' check findings would flag rows too
    segments = rows(essay_with_samples)
    client = client_for(root)

    def shown(query):
        html = client.get(f"/review/essay/?{query}").content.decode()
        return {int(pk) for pk in re.findall(r'<tr id="seg-(\d+)"', html)}

    Segment.objects.filter(pk=segments[5].pk).update(text_de="")
    Translation.objects.filter(segment=segments[5], language="de").update(state=State.UNTRANSLATED)
    translation_set_state(segment=segments[6], language="de", state=State.NEEDS_REVIEW)
    translation_set_state(segment=segments[7], language="ru", state=State.NEEDS_UPDATE)
    Translation.objects.filter(segment=segments[8], language="ru").update(confidence=0.3)
    Translation.objects.filter(segment=segments[9], language="ru").update(confidence=0.9)
    assert shown("lang=de&filter=untranslated") == {segments[5].pk}
    assert shown("lang=de&filter=needs_review") == {segments[6].pk}
    assert shown("lang=de&filter=needs_update") == set()
    assert shown("lang=de&lang=ru&filter=needs_update") == {segments[7].pk}
    assert shown("lang=ru&filter=flagged") == {segments[8].pk}
    # A 2:1 joined segment is not "untranslated".
    Translation.objects.filter(segment=segments[5], language="de").update(joined_with_previous=True)
    assert shown("lang=de&filter=untranslated") == set()


def test_page_plan_keeps_blocks_whole():
    counts = [(1, 3), (2, 3), (3, 5), (4, 1), (5, 20), (6, 1)]
    assert _plan(counts, blocks_per_page=50, rows_per_page=8) == [[1, 2], [3, 4], [5], [6]]
    assert _plan(counts, blocks_per_page=2, rows_per_page=100) == [[1, 2], [3, 4], [5, 6]]
    assert _plan([], blocks_per_page=2, rows_per_page=100) == []


def big_document(slug, blocks, per_block):
    document = Document.objects.create(slug=slug, title=slug, source_language="en", source_revision=1)
    created = Block.objects.bulk_create(Block(document=document, position=i) for i in range(blocks))
    Segment.objects.bulk_create(
        Segment(document=document, block=block, position=j, key=f"{block.position}-{j}",
                source_text=f"Sentence {j} of block {block.position}.", separator=" ", text_de=f"Satz {j}.")
        for block in created for j in range(per_block)
    )
    Translation.objects.bulk_create(
        Translation(segment=segment, language="de", state=State.TRANSLATED, version=1)
        for segment in Segment.objects.filter(document=document)
    )
    return document


def test_query_count_does_not_grow_with_the_document(db, root):
    small = big_document("small", blocks=3, per_block=2)
    large = big_document("large", blocks=400, per_block=5)  # 2,000 segments
    for document in (small, large):
        Comment.objects.create(segment=document.segments.first(), language="de", author=root, text="x")
    client = client_for(root)
    client.get("/review/small/?lang=de&lang=ru")  # warm up sessions and caches

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries), response.content.decode()

    small_count, _ = count("/review/small/?lang=de&lang=ru")
    large_count, html = count("/review/large/?lang=de&lang=ru")
    assert small_count == large_count
    assert 0 < html.count('class="wb-row"') <= 120
    assert "page 1 of" in html
    last_count, html = count("/review/large/?lang=de&lang=ru&page=17")
    assert last_count == small_count and "Sentence 4 of block 399." in html


def test_admin_links_to_the_review_page(essay, root):
    client = client_for(root)
    assert 'href="/review/essay/"' in client.get("/admin/translations/document/").content.decode()
    assert 'href="/review/essay/"' in client.get(f"/admin/translations/document/{essay.pk}/change/").content.decode()
