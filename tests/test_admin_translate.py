"""The translate view on the server: pages, saving rows, permissions, conflicts, history, revert."""

import re

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from translations.models import Segment, State, Translation, TranslationChange
from translations.permissions import groups_ensure
from translations.services.translations import translation_save, translation_set_state


def staff(username, *groups, is_staff=True):
    groups_ensure()
    user = User.objects.create_user(username, "", "pw", is_staff=is_staff)
    user.groups.add(*Group.objects.filter(name__in=groups))
    return user


def client_for(user, **kwargs):
    client = Client(**kwargs)
    client.force_login(user)
    return client


def page_url(document, language):
    return f"/admin/translations/document/{document.pk}/translate/{language}/"


def save(client, document, language, segment, text, *, version=None, state=""):
    if version is None:
        row = Translation.objects.filter(segment=segment, language=language).first()
        version = row.version if row else 0
    return client.post(
        page_url(document, language) + "save/",
        {"segment": segment.pk, "text": text, "state": state, "version": version},
    )


@pytest.fixture
def segments(essay):
    return list(Segment.objects.filter(document=essay).order_by("block__position", "position"))


@pytest.fixture
def greta(db):
    return staff("greta", "translator-de")


@pytest.fixture
def rene(db):
    return staff("rene", "reviewer-de")


# --- the page ---------------------------------------------------------------


def test_page_shows_every_segment_with_kind_state_and_version(essay_with_samples, greta):
    response = client_for(greta).get(page_url(essay_with_samples, "de"))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('class="wb-row ') == Segment.objects.filter(document=essay_with_samples).count()
    assert "Translate into German" in body  # breadcrumb
    assert "block quotation" in body and "attribution line" in body
    first = Segment.objects.filter(document=essay_with_samples).order_by("block__position", "position").first()
    row = re.search(rf'<tr[^>]*data-segment="{first.pk}"[^>]*>', body).group(0)
    assert 'data-version="1"' in row and 'data-state="draft"' in row
    assert first.text_in("de") in body
    assert 'lang="de" dir="ltr"' in body
    drafts = body.count('data-state="draft"')
    assert drafts > 0 and f"{drafts} drafts" in body
    assert "sample translation" in body  # no author: the provenance says where the text came from


def test_arabic_edits_right_to_left(essay, greta):
    root = User.objects.create_superuser("root", "", "pw")
    body = client_for(root).get(page_url(essay, "ar")).content.decode()
    assert re.search(r'<textarea class="wb-editor"[^>]*lang="ar" dir="rtl"', body)


def test_filters_by_state_and_searches_source_and_target_ignoring_case(essay_with_samples, greta):
    client = client_for(greta)
    segments = list(Segment.objects.filter(document=essay_with_samples).order_by("block__position", "position"))
    translation_save(segment=segments[0], language="ru", text="Советский Союз не мог обогнать капитализм.")
    rows = lambda response: response.content.decode().count('class="wb-row ')  # noqa: E731
    assert rows(client.get(page_url(essay_with_samples, "ru"), {"state": "translated"})) == 1
    assert rows(client.get(page_url(essay_with_samples, "ru"), {"state": "draft"})) == len(segments) - 1
    assert rows(client.get(page_url(essay_with_samples, "ru"), {"q": "СОВЕТСКИЙ СОЮЗ НЕ МОГ"})) == 1
    assert rows(client.get(page_url(essay_with_samples, "ru"), {"q": "GERMAN IDEOLOGY"})) == 1  # source side
    assert rows(client.get(page_url(essay_with_samples, "ru"), {"q": "no such words anywhere"})) == 0


def test_unknown_or_source_language_is_404(essay, greta):
    client = client_for(User.objects.create_superuser("root", "", "pw"))
    assert client.get(page_url(essay, "en")).status_code == 404
    assert client.get(page_url(essay, "xx")).status_code == 404


# --- saving -------------------------------------------------------------------


def test_save_writes_text_state_author_and_returns_the_new_version(essay, segments, greta):
    response = save(client_for(greta), essay, "de", segments[0], "  Die Sowjetunion …\r\n")
    assert response.status_code == 200
    data = response.json()
    assert (data["text"], data["state"], data["version"], data["changed_by"]) == (
        "Die Sowjetunion …", "translated", 1, "greta",
    )
    assert data["previous_state"] == "untranslated" and data["state"] == "translated"  # the page counts
    segments[0].refresh_from_db()
    assert segments[0].text_in("de") == "Die Sowjetunion …"
    assert segments[0].changes.get().user == greta


def test_state_only_change_is_recorded_as_a_state_change(essay, segments, greta):
    client = client_for(greta)
    save(client, essay, "de", segments[0], "Erste Fassung.")
    response = save(client, essay, "de", segments[0], "Erste Fassung.", state="needs_review")
    assert response.json()["state"] == "needs_review"
    assert segments[0].changes.first().action == TranslationChange.Action.STATE


def test_saving_what_is_stored_writes_nothing(essay, segments, greta):
    client = client_for(greta)
    save(client, essay, "de", segments[0], "Erste Fassung.")
    response = save(client, essay, "de", segments[0], "Erste Fassung.", state="translated")
    assert response.json()["unchanged"] is True
    assert segments[0].changes.count() == 1


def test_empty_text_with_a_state_is_a_clear_400(essay, segments, greta):
    response = save(client_for(greta), essay, "de", segments[0], "   ", state="draft")
    assert response.status_code == 400
    assert "empty translation" in response.json()["error"]
    assert not Translation.objects.filter(segment=segments[0], language="de", version__gt=0).exists()


# --- no lost edits --------------------------------------------------------------


def test_two_clients_conflict_shows_the_other_text_and_overwrites_nothing(essay, segments, greta):
    hans = staff("hans", "translator-de")
    anna_tab, hans_tab = client_for(greta), client_for(hans)
    # Both opened the page at version 0.
    for client in (anna_tab, hans_tab):
        assert 'data-version="0"' in client.get(page_url(essay, "de")).content.decode()
    assert save(anna_tab, essay, "de", segments[0], "Gretas Fassung.", version=0).status_code == 200

    response = save(hans_tab, essay, "de", segments[0], "Hans' Fassung.", version=0)
    assert response.status_code == 409
    conflict = response.json()["conflict"]
    assert (conflict["text"], conflict["changed_by"], conflict["version"]) == ("Gretas Fassung.", "greta", 1)
    assert "greta" in response.json()["error"]
    segments[0].refresh_from_db()
    assert segments[0].text_in("de") == "Gretas Fassung."
    assert segments[0].changes.count() == 1

    # Hans keeps his text and saves on the version he has now seen.
    response = save(hans_tab, essay, "de", segments[0], "Hans' Fassung.", version=conflict["version"])
    assert response.status_code == 200 and response.json()["version"] == 2
    segments[0].refresh_from_db()
    assert segments[0].text_in("de") == "Hans' Fassung."
    assert [c.new_text for c in segments[0].changes.all()] == ["Hans' Fassung.", "Gretas Fassung."]


def test_conflict_on_an_approved_row_is_a_conflict_not_a_403(essay, segments, greta, rene):
    save(client_for(greta), essay, "de", segments[0], "Gretas Fassung.", version=0)
    translation_set_state(segment=segments[0], language="de", state=State.APPROVED, user=rene)
    response = save(client_for(greta), essay, "de", segments[0], "Neu.", version=1)
    assert response.status_code == 409
    assert response.json()["conflict"]["state"] == "approved"


# --- permissions -----------------------------------------------------------------

SAVE = "save"
APPROVE = "approve"
EDIT_APPROVED = "edit_approved"


@pytest.mark.parametrize(
    "groups, language, action, expected",
    [
        (["translator-de"], "de", SAVE, 200),
        (["translator-de"], "fr", SAVE, 403),
        (["translator-de"], "de", APPROVE, 403),
        (["translator-de"], "de", EDIT_APPROVED, 403),
        (["reviewer-de"], "de", APPROVE, 200),
        (["reviewer-de"], "de", EDIT_APPROVED, 200),
        (["reviewer-de"], "fr", APPROVE, 403),
        (["reviewer"], "fr", APPROVE, 200),
        (["editor"], "de", SAVE, 403),
        ([], "de", SAVE, 403),
        ("superuser", "ar", APPROVE, 200),
    ],
)
def test_permission_matrix(essay, segments, groups, language, action, expected):
    if groups == "superuser":
        user = User.objects.create_superuser("root", "", "pw")
    else:
        user = staff("someone", *groups)
    segment = segments[0]
    translation_save(segment=segment, language=language, text="Vorher.")
    if action == EDIT_APPROVED:
        translation_set_state(segment=segment, language=language, state=State.APPROVED)
    before = list(segment.changes.values_list("id", flat=True))
    text = "Vorher." if action == APPROVE else "Nachher."
    state = "approved" if action == APPROVE else ""
    response = save(client_for(user), essay, language, segment, text, state=state)
    assert response.status_code == expected, response.content
    if expected == 403:
        assert response.json()["error"]
        assert list(segment.changes.values_list("id", flat=True)) == before
        segment.refresh_from_db()
        assert segment.text_in(language) == "Vorher."


def test_page_is_read_only_for_other_languages_and_closed_without_permissions(essay, greta):
    body = client_for(greta).get(page_url(essay, "fr")).content.decode()
    assert "read only" in body
    assert "wb-save" not in body and re.search(r'<textarea class="wb-editor"[^>]*readonly', body)
    body = client_for(greta).get(page_url(essay, "de")).content.decode()
    assert "wb-save" in body
    # the approve option is offered to translators disabled, to reviewers enabled
    assert re.search(r'<option value="approved" disabled>', body)
    reviewer_page = client_for(staff("rene", "reviewer-de")).get(page_url(essay, "de")).content.decode()
    assert not re.search(r'<option value="approved" disabled>', reviewer_page)
    # staff without any workbench group has no view permission
    assert client_for(staff("nobody")).get(page_url(essay, "de")).status_code == 403
    # not staff: the admin sends them to log in, and refuses the save
    outsider = client_for(staff("outsider", "translator-de", is_staff=False))
    assert outsider.get(page_url(essay, "de")).status_code == 302
    response = outsider.post(page_url(essay, "de") + "save/", {"segment": 1, "text": "x", "version": 0})
    assert response.status_code == 302 and not Translation.objects.exists()


def test_save_needs_the_csrf_token(essay, segments, greta):
    client = client_for(greta, enforce_csrf_checks=True)
    assert save(client, essay, "de", segments[0], "Ohne Token.").status_code == 403
    assert not Translation.objects.exists()


# --- history and revert ----------------------------------------------------------------


def history_url(document, language, segment):
    return page_url(document, language) + f"history/{segment.pk}/"


def test_history_lists_who_when_old_and_new_text_and_state(essay, segments, greta, rene):
    save(client_for(greta), essay, "de", segments[0], "Erste Fassung.")
    save(client_for(greta), essay, "de", segments[0], "Zweite Fassung.")
    save(client_for(rene), essay, "de", segments[0], "Zweite Fassung.", state="approved")
    response = client_for(greta).get(history_url(essay, "de", segments[0]))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('class="wb-change"') == 3
    assert "greta" in body and "rene" in body
    assert "Erste Fassung." in body and "Zweite Fassung." in body
    assert "state change" in body and "approved" in body
    # approved: a translator sees no revert button, a reviewer does
    assert "/revert/" not in body
    assert client_for(rene).get(history_url(essay, "de", segments[0])).content.decode().count("/revert/") == 3


def test_revert_restores_the_old_text_as_a_new_change(essay, segments, greta):
    client = client_for(greta)
    save(client, essay, "de", segments[0], "Erste Fassung.")
    save(client, essay, "de", segments[0], "Zweite Fassung.")
    second = segments[0].changes.first()
    response = client.post(page_url(essay, "de") + f"revert/{second.pk}/")
    assert response.status_code == 302 and response.url.endswith(history_url(essay, "de", segments[0]))
    segments[0].refresh_from_db()
    assert segments[0].text_in("de") == "Erste Fassung."
    latest = segments[0].changes.first()
    assert (latest.action, latest.user, latest.old_text, latest.new_text) == (
        "revert", greta, "Zweite Fassung.", "Erste Fassung.",
    )


def test_revert_is_refused_to_other_languages_approved_rows_and_without_csrf(essay, segments, greta, rene):
    save(client_for(greta), essay, "de", segments[0], "Erste Fassung.")
    change = segments[0].changes.get()
    fritz = staff("fritz", "translator-fr")
    assert client_for(fritz).post(page_url(essay, "de") + f"revert/{change.pk}/").status_code == 403
    assert client_for(greta, enforce_csrf_checks=True).post(
        page_url(essay, "de") + f"revert/{change.pk}/"
    ).status_code == 403
    translation_set_state(segment=segments[0], language="de", state=State.APPROVED, user=rene)
    assert client_for(greta).post(page_url(essay, "de") + f"revert/{change.pk}/").status_code == 403
    # a revert is looked up inside the document and language of the URL
    assert client_for(greta).post(page_url(essay, "fr") + f"revert/{change.pk}/").status_code in (403, 404)
    segments[0].refresh_from_db()
    assert segments[0].text_in("de") == "Erste Fassung."
    assert segments[0].changes.count() == 2  # the edit and the approval, no revert
