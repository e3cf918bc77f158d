"""Getting into the API: tokens (command and admin), sessions with CSRF, throttling, the schema and its page."""

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from openapi_spec_validator import validate
from rest_framework.authtoken.models import Token
from rest_framework.throttling import SimpleRateThrottle

from tests.api_support import API, _fresh_throttle, client_for, first_segments, root, root_api, staff  # noqa: F401
from translations.models import Translation


def test_api_token_command_creates_shows_and_reissues(db):
    greta = staff("greta", "translator-de")
    out = io.StringIO()
    call_command("api_token", "greta", stdout=out, stderr=io.StringIO())
    key = out.getvalue().strip()
    assert key == Token.objects.get(user=greta).key and len(key) == 40
    out = io.StringIO()
    call_command("api_token", "greta", stdout=out, stderr=io.StringIO())
    assert out.getvalue().strip() == key
    out = io.StringIO()
    call_command("api_token", "greta", "--reissue", stdout=out, stderr=io.StringIO())
    assert out.getvalue().strip() != key
    with pytest.raises(CommandError, match="No user “nobody”"):
        call_command("api_token", "nobody")
    # The new token works, the old one no longer does.
    fresh, stale = client_for(), client_for()
    fresh.credentials(HTTP_AUTHORIZATION=f"Token {out.getvalue().strip()}")
    stale.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert fresh.get(f"{API}/documents/").status_code == 200
    assert stale.get(f"{API}/documents/").status_code == 401


def test_tokens_are_managed_in_the_admin(root):
    client = Client()
    client.force_login(root)
    response = client.get("/admin/authtoken/tokenproxy/add/")
    assert response.status_code == 200
    response = client.post("/admin/authtoken/tokenproxy/add/", {"user": root.pk})
    assert response.status_code == 302 and Token.objects.filter(user=root).exists()


def test_session_works_for_reading_and_writes_need_csrf(essay, root):
    segment = first_segments(essay, 1)[0]
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(root)
    page = browser.get(f"{API}/documents/", HTTP_ACCEPT="text/html")
    assert page.status_code == 200 and b"Document List" in page.content  # DRF's browsable page
    url = f"{API}/documents/essay/segments/{segment.key}/translations/de/"
    response = browser.put(url, '{"text": "Ohne CSRF."}', content_type="application/json", HTTP_IF_MATCH='"0"')
    assert response.status_code == 403 and "CSRF" in response.json()["error"]
    assert not Translation.objects.filter(segment=segment).exists()
    browser.get("/admin/")  # sets the CSRF cookie
    token = browser.cookies["csrftoken"].value
    response = browser.put(url, '{"text": "Mit CSRF."}', content_type="application/json", HTTP_IF_MATCH='"0"',
                           HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200


def test_throttling_answers_429(essay, monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "2/minute", "user": "3/minute"})
    user = client_for(staff("greta", "translator-de"))
    assert [user.get(f"{API}/documents/").status_code for _ in range(4)] == [200, 200, 200, 429]
    response = user.get(f"{API}/documents/")
    assert response.status_code == 429 and "throttled" in response.json()["error"]
    assert int(response["Retry-After"]) > 0
    # Another user has a budget of their own.
    assert client_for(staff("rolf", "reviewer-de")).get(f"{API}/documents/").status_code == 200
    # Anonymous clients share one per address, on the pages open to them.
    anonymous = client_for()
    assert [anonymous.get(f"{API}/schema/swagger/").status_code for _ in range(3)] == [200, 200, 429]


def test_schema_is_valid_openapi_3_and_covers_every_resource(db, root_api):
    response = root_api.get(f"{API}/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    validate(schema)  # raises on any violation of the OpenAPI 3 specification
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    for path in [
        "/api/v1/documents/",
        "/api/v1/documents/{slug}/source/",
        "/api/v1/documents/{slug}/progress/",
        "/api/v1/documents/{slug}/segments/",
        "/api/v1/documents/{slug}/segments/{key}/translations/{language}/",
        "/api/v1/documents/{slug}/segments/{key}/comments/",
        "/api/v1/documents/{slug}/translations/{language}/bulk/",
        "/api/v1/comments/{id}/resolve/",
        "/api/v1/documents/{slug}/exports/{format_id}/",
        "/api/v1/documents/{slug}/alignments/",
        "/api/v1/jobs/{id}/",
        "/api/v1/jobs/{id}/result/",
    ]:
        assert path in paths, path
    write = paths["/api/v1/documents/{slug}/segments/{key}/translations/{language}/"]["put"]
    assert {"200", "412", "428", "403"} <= set(write["responses"])
    assert any(p["name"] == "If-Match" and p["in"] == "header" for p in write["parameters"])
    assert "tokenAuth" in schema["components"]["securitySchemes"]
    assert "202" in paths["/api/v1/documents/{slug}/exports/"]["post"]["responses"]


def test_schema_page_is_served_without_a_cdn(db, root):
    client = Client()
    client.force_login(root)
    html = client.get(f"{API}/schema/swagger/").content.decode()
    scripts = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any("drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in src for src in scripts)
    assert not [src for src in scripts if src.startswith(("http:", "https:", "//"))]
    redoc = client.get(f"{API}/schema/redoc/").content.decode()
    assert "drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js" in redoc
    assert "cdn" not in (html + redoc).lower()


def test_the_root_points_to_the_documents_and_the_schema(db, root_api):
    links = root_api.get(f"{API}/").json()
    assert links["documents"].endswith("/api/v1/documents/") and links["docs"].endswith("/api/v1/schema/swagger/")
    assert root_api.get(links["documents"]).status_code == 200
    assert root_api.get(links["schema"]).status_code == 200
