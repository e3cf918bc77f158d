"""Issue 16, items 7 and 9: quiet refusals, a favicon, and a clean ``check --deploy``.

A 403 for a translator of another language and a 404 are expected answers:
logged in one line, never as a traceback (a 500 keeps its traceback). The
site serves a favicon, linked from every admin, review and quality page.
``manage.py check --deploy`` with production settings reports nothing, on
the database the suite runs on.
"""

import logging
import os

from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse

from tests.test_scale_production import manage, production_env
from translations.log_filters import ExpectedRefusals
from translations.permissions import groups_ensure


def translator_de(db):
    groups_ensure()
    user = User.objects.create_user("greta", password="pw-123456", is_staff=True)
    user.groups.add(Group.objects.get(name="translator-de"))
    return user


def request_records(caplog):
    return [record for record in caplog.records if record.name == "django.request"]


def test_a_403_and_a_404_are_logged_without_a_traceback(essay_with_samples, caplog):
    client = Client()
    client.force_login(translator_de(None))
    segment = essay_with_samples.segments.first()
    with caplog.at_level(logging.WARNING, logger="django.request"):
        forbidden = client.post(
            reverse("review:state", args=["essay"]), {"segment": segment.pk, "language": "fr", "action": "approve"}
        )
        missing = client.get("/review/no-such-document/")
    assert (forbidden.status_code, missing.status_code) == (403, 404)
    records = request_records(caplog)
    assert [record.status_code for record in records] == [403, 404]
    assert all(record.exc_info is None for record in records)
    assert "Traceback" not in caplog.text
    assert "Forbidden" in caplog.text and "Not Found" in caplog.text


def test_a_server_error_keeps_its_traceback():
    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Internal Server Error", (), None)
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        import sys

        record.exc_info = sys.exc_info()
    record.status_code = 500
    assert ExpectedRefusals().filter(record) and record.exc_info is not None
    record.status_code = 403
    assert ExpectedRefusals().filter(record) and record.exc_info is None


def test_the_settings_put_the_filter_on_the_request_logger():
    logger = logging.getLogger("django.request")
    assert any(isinstance(f, ExpectedRefusals) for f in logger.filters)


def test_favicon_is_served_and_linked(client, essay_with_samples, admin_user):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml" and b"<svg" in response.content
    assert client.get("/admin/login/").content.count(b'rel="icon"') == 1
    client.force_login(admin_user)
    for url in ("/admin/", reverse("review:document", args=["essay"])):
        page = client.get(url).content.decode()
        assert '<link rel="icon" href="/static/translations/favicon.svg"' in page, url


def test_check_deploy_reports_nothing_with_the_suites_database(tmp_path):
    database = {"DATABASE_URL": os.environ["DATABASE_URL"]} if os.environ.get("DATABASE_URL") else {}
    result = manage(production_env(tmp_path, **database), "check", "--deploy", "--fail-level", "DEBUG")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."
    assert result.stderr.strip() == ""
