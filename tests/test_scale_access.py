"""Access: anonymous users see only the login, every write checks CSRF,
a translator of one language cannot change another.

The tests walk every URL pattern of the URLconf (``tests/endpoints.py``), so a
view added later is covered by them without being listed here.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

import lxml.html
import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission, User
from django.test import Client
from django.urls import resolve
from rest_framework.views import APIView

from tests.endpoints import endpoints
from translations import languages
from translations.models import Document, Segment, Translation, TranslationChange
from translations.permissions import groups_ensure

# The only views an anonymous visitor may get a page from: the login, the icon browsers ask
# for on every site, and the API's schema and its pages (they describe the API; no data).
PUBLIC_VIEWS = {"admin:login", "favicon", "api:schema", "api:swagger", "api:redoc"}
MARKER = "CHANGED-BY-A-GERMAN-TRANSLATOR"


def snapshot() -> dict[str, list[dict]]:
    models = list(apps.get_app_config("translations").get_models()) + [User, Group]
    return {model._meta.label: list(model.objects.order_by("pk").values()) for model in models}


def essay_texts(document: Document) -> list[str]:
    """Strings that would mean a page shows the essay: its sentences and translations."""
    texts = [document.title_in(code) for code in languages.codes()]
    for segment in Segment.objects.filter(document=document)[:15]:
        texts += [segment.source_text] + [segment.text_in(code) for code in ("de", "fr", "ru")]
    return [text for text in texts if len(text) > 20]


def is_api(endpoint) -> bool:
    """A DRF view (/api/v1/): it answers 401 rather than redirecting to the login, and checks CSRF itself."""
    view_class = getattr(endpoint.callback, "cls", None)
    return view_class is not None and issubclass(view_class, APIView)


def test_anonymous_visitors_get_the_login_and_nothing_else(client, essay_with_samples):
    leaks = []
    secrets = essay_texts(essay_with_samples)
    for endpoint in endpoints():
        response = client.get(endpoint.url, follow=True)
        final = resolve(response.request["PATH_INFO"]).view_name if response.status_code == 200 else None
        allowed = (200, 401, 403, 404, 405) if is_api(endpoint) else (200, 403, 404, 405)
        if response.status_code == 200 and final not in PUBLIC_VIEWS:
            leaks.append(f"{endpoint}: 200 at {response.request['PATH_INFO']} ({final})")
        elif response.status_code not in allowed:
            leaks.append(f"{endpoint}: unexpected status {response.status_code}")
        body = response.content.decode(errors="replace")
        shown = [text for text in secrets if text in body]
        if shown:
            leaks.append(f"{endpoint}: shows {shown[0]!r}")
    assert leaks == []


def test_anonymous_posts_change_nothing(essay_with_samples):
    client = Client()  # CSRF checks off: only the login requirement stands in the way
    before = snapshot()
    for endpoint in endpoints():
        client.post(endpoint.url, {"text_fr": MARKER, "text_de": MARKER, "title": MARKER, "state": "approved"})
    assert snapshot() == before


def _status_with_csrf_token(client, url: str) -> int:
    client.get("/admin/")  # sets the CSRF cookie
    return client.post(url, HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value).status_code


def test_every_post_without_a_csrf_token_is_refused(essay_with_samples):
    root = User.objects.create(username="root", is_staff=True, is_superuser=True)
    client = Client(enforce_csrf_checks=True)
    client.force_login(root)
    before = snapshot()
    unprotected = []
    for endpoint in endpoints():
        # DRF marks its views csrf_exempt and checks CSRF itself for session logins
        # (a token, sent on purpose, needs none): its refusal says "CSRF Failed".
        if getattr(endpoint.callback, "csrf_exempt", False) and not is_api(endpoint):
            unprotected.append(f"{endpoint}: csrf_exempt")
            continue
        response = client.post(endpoint.url, {"text_de": MARKER, "text_fr": MARKER, "state": "approved"})
        if is_api(endpoint):
            # The schema's HTML pages answer a bare "403 Forbidden"; with the token the same
            # POST gets 405 (they only GET), so that 403 was CSRF's.
            if response.status_code == 403 and b"CSRF Failed" not in response.content:
                if _status_with_csrf_token(client, endpoint.url) == 405:
                    continue
            refusal = b"CSRF Failed"
        else:
            refusal = b"CSRF verification failed"
        if response.status_code != 403 or refusal not in response.content:
            unprotected.append(f"{endpoint}: {response.status_code} without a CSRF token")
    assert unprotected == []
    assert snapshot() == before

    # The same client with the token from the page does get through: the 403s above were CSRF's.
    segment = Segment.objects.filter(document=essay_with_samples).first()
    url = f"/admin/translations/segment/{segment.pk}/change/"
    form = _form_posting_to(client.get(url).content, url)
    form.data["text_es"] = "Una frase."
    assert client.post(url, form.data).status_code == 302
    segment.refresh_from_db()
    assert segment.text_in("es") == "Una frase."


@dataclass
class PostForm:
    action: str
    data: dict[str, str]  # what the browser would submit, CSRF token included
    text_fields: list[str]


def _post_forms(content: bytes, url: str) -> list[PostForm]:
    """The POST forms of a page (the admin's header has a logout form on every page)."""
    page = lxml.html.fromstring(content, base_url="http://testserver" + url)
    forms = []
    for form in page.forms:
        if (form.method or "GET").upper() != "POST":
            continue
        action = urlsplit(form.action).path if form.action else url
        text_fields = [name for name in form.fields.keys() if name and _is_text(form.inputs[name])]
        forms.append(PostForm(action, dict(form.form_values()), text_fields))
    return forms


def _form_posting_to(content: bytes, url: str) -> PostForm:
    return next(form for form in _post_forms(content, url) if form.action == url)


def _is_text(control) -> bool:
    if isinstance(control, lxml.html.TextareaElement):
        return True
    return isinstance(control, lxml.html.InputElement) and (control.type or "text") in {"text", "search", "url"}


@pytest.fixture
def german_translator(essay_with_samples):
    """A staff member in translator-de who may also change segments in the admin."""
    groups_ensure()
    user = User.objects.create(username="greta", is_staff=True)
    user.groups.add(Group.objects.get(name="translator-de"))
    user.user_permissions.add(*Permission.objects.filter(codename__in=["change_segment", "view_segment", "view_document"]))
    return User.objects.get(pk=user.pk)


def french_state() -> dict:
    return {
        "texts": list(Segment.objects.order_by("pk").values_list("pk", languages.text_field("fr"))),
        "titles": list(Document.objects.order_by("pk").values_list("pk", "title_fr")),
        "rows": list(Translation.objects.filter(language="fr").order_by("pk").values()),
        "history": list(TranslationChange.objects.filter(language="fr").order_by("pk").values()),
    }


def test_the_segment_admin_lets_a_translator_change_only_their_language(client, german_translator):
    segment = Segment.objects.filter(translations__language="fr").first()
    url = f"/admin/translations/segment/{segment.pk}/change/"
    client.force_login(german_translator)
    page = client.get(url).content.decode()
    controls = {control.name: control for control in lxml.html.fromstring(page).xpath("//textarea|//input")}
    assert "disabled" not in controls["text_de"].attrib
    # Other languages are shown for reference, disabled: the server ignores what is posted for them.
    assert all("disabled" in controls[name].attrib for name in ("text_fr", "text_en") if name in controls)
    before_fr = french_state()
    german_row = Translation.objects.get(segment=segment, language="de")

    form = _form_posting_to(page.encode(), url).data
    form.update(text_de="Neu übersetzt.", text_fr="Piraté.")  # text_fr is read-only: the form ignores it
    assert client.post(url, form).status_code == 302

    assert french_state() == before_fr
    segment.refresh_from_db()
    assert segment.text_in("de") == "Neu übersetzt."
    change = TranslationChange.objects.filter(segment=segment, language="de").first()
    assert (change.user, change.new_text, change.version) == (german_translator, "Neu übersetzt.", german_row.version + 1)


def test_every_form_submitted_by_a_german_translator_leaves_french_alone(client, german_translator):
    """Fill every text field of every POST form in reach with a marker and submit it, on every URL."""
    before_fr = french_state()
    submitted = 0
    for endpoint in endpoints(language="fr"):
        # Every request logged in afresh: one of the forms is the logout form.
        client.force_login(german_translator)
        response = client.get(endpoint.url)
        if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            for form in _post_forms(response.content, endpoint.url):
                client.force_login(german_translator)
                client.post(form.action, form.data | {name: MARKER for name in form.text_fields})
                submitted += 1
        client.force_login(german_translator)
        client.post(endpoint.url, {"text_fr": MARKER, "language": "fr", "text": MARKER, "state": "approved"})
    assert submitted > 0
    assert french_state() == before_fr
    # Not vacuous: the same walk did change German where the translator may.
    assert TranslationChange.objects.filter(language="de", new_text=MARKER, user=german_translator).exists()
