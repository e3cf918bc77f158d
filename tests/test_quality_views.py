"""Quality pages and endpoints: who may see, dismiss and fetch what."""

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse

from translations.models import CheckFinding, MemoryEntry, Segment
from translations.permissions import groups_ensure
from translations.services.checks import checks_run_document
from translations.services.translations import translation_save

TROTSKY = "bf878b3b"


def staff(name, *groups, superuser=False):
    groups_ensure()
    if superuser:
        return User.objects.create_superuser(name, "", "pw")
    user = User.objects.create_user(name, "", "pw", is_staff=True)
    user.groups.add(*Group.objects.filter(name__in=groups))
    return user


def client_for(user, **kwargs):
    client = Client(**kwargs)
    client.force_login(user)
    return client


@pytest.fixture
def checked(essay_with_samples):
    checks_run_document(document=essay_with_samples)
    segment = Segment.objects.select_related("document", "block").get(document=essay_with_samples, key="d71972e4")
    translation_save(segment=segment, language="de", text=segment.text_in("de").replace("1,9", "1.9"))
    return essay_with_samples


def test_the_findings_page_lists_only_segments_with_findings(checked):
    body = client_for(staff("root", superuser=True)).get("/quality/essay/de/").content.decode()
    assert "Unbalanced quotation marks in the source" in body and TROTSKY in body
    assert "1.9 is written 1,9 in German" in body
    assert "commanding heights" not in body  # a segment without findings is not listed
    assert body.count('name="reason"') == 2  # a superuser may dismiss both


def test_translators_see_their_language_only_and_get_no_dismiss_forms(checked):
    translator = client_for(staff("tina", "translator-de"))
    assert translator.get("/quality/essay/fr/").status_code == 403
    body = translator.get("/quality/essay/de/").content.decode()
    assert "1.9 is written 1,9 in German" in body and 'name="reason"' not in body
    assert client_for(staff("rita", "reviewer-de")).get("/quality/essay/de/").content.decode().count('name="reason"') == 1
    assert Client().get("/quality/essay/de/").status_code == 302  # to the login page
    assert client_for(staff("root", superuser=True)).get("/quality/essay/en/").status_code == 404


def test_dismiss_needs_csrf_a_reason_and_a_reviewer(checked):
    finding = CheckFinding.objects.get(language="de", check_id="numbers")
    url = reverse("quality:finding-dismiss", args=[finding.pk])
    reviewer = staff("rita", "reviewer-de")
    strict = client_for(reviewer, enforce_csrf_checks=True)
    assert strict.post(url, {"reason": "fine"}).status_code == 403  # no CSRF token
    assert client_for(staff("tina", "translator-de")).post(url, {"reason": "fine"}).status_code == 403
    response = client_for(reviewer).post(url, {"reason": " "}, HTTP_ACCEPT="application/json")
    assert response.status_code == 400 and "Say why" in response.json()["error"]
    response = client_for(reviewer).post(url, {"reason": "Swiss usage"}, HTTP_ACCEPT="application/json")
    assert response.json() == {
        "id": finding.pk, "check": "numbers", "dismissed": True, "dismissed_by": "rita", "reason": "Swiss usage",
    }  # fmt: skip
    restore = reverse("quality:finding-restore", args=[finding.pk])
    response = client_for(reviewer).post(restore, {"next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/quality/essay/de/"
    finding.refresh_from_db()
    assert not finding.dismissed


def test_dismiss_from_a_form_returns_to_the_page(checked):
    finding = CheckFinding.objects.get(language="")
    client = client_for(staff("edgar", "editor", "translator-ru"))
    response = client.post(
        reverse("quality:finding-dismiss", args=[finding.pk]),
        {"reason": "As printed.", "next": "/quality/essay/ru/"},
    )
    assert response.status_code == 302 and response["Location"] == "/quality/essay/ru/"
    body = client.get("/quality/essay/ru/?dismissed=1").content.decode()
    assert "Dismissed by edgar" in body and "As printed." in body


def test_memory_endpoint_returns_scored_matches_and_their_html(checked):
    segment = Segment.objects.get(document=checked, key="cd3699cb")
    MemoryEntry(source_language="en", target_language="de", source_text="Socialism cannot be built under such <conditions>.",
                target_text="Unter solchen Bedingungen …", origin="tmx:old.tmx").save()  # fmt: skip
    url = reverse("quality:memory-suggestions", args=[segment.pk, "de"])
    data = client_for(staff("tina", "translator-de")).get(url).json()
    assert data["segment"] == "cd3699cb" and data["query"] == segment.source_text
    [suggestion] = data["suggestions"]
    assert suggestion["target"] == "Unter solchen Bedingungen …" and 70 <= suggestion["score"] < 100
    assert "<del>such</del><ins>these</ins>" in suggestion["diff_html"]
    assert "<del>&lt;</del>conditions<del>&gt;</del>" in data["html"] and "<conditions>" not in data["html"]
    assert client_for(staff("tina2", "translator-fr")).get(url).status_code == 403
    assert Client().get(url).status_code == 403
    assert client_for(staff("root", superuser=True)).get(url + "?limit=x").status_code == 400


def test_the_segment_page_shows_quotation_glossary_findings_and_memory(checked):
    from translations.services.quality_seed import quality_install

    quality_install(document=checked)
    segment = Segment.objects.get(document=checked, key="79c1a43b")  # The German Ideology
    body = client_for(staff("root", superuser=True)).get(f"/quality/segments/{segment.pk}/de/").content.decode()
    assert "Karl Marx and Friedrich Engels" in body and "die ganze alte Scheiße" in body
    assert '<mark class="wb-term" title="Produktivkräfte">productive forces</mark>' in body
    assert "No matches in the translation memory." in body
