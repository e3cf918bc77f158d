"""What `make run` does: the essay with sample drafts, the admin account, the admin pages."""

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from translations.models import Document, Segment, State, Translation


def test_setup_demo_is_idempotent_and_loads_sample_drafts(db, capsys):
    call_command("setup_demo")
    first = capsys.readouterr().out
    assert "Imported essay: 22 blocks" in first
    essay = Document.objects.get(slug="essay")
    total = Segment.objects.filter(document=essay).count()
    for code in ("de", "fr", "ru"):
        assert Translation.objects.filter(segment__document=essay, language=code, state=State.DRAFT).count() == total
        assert essay.title_in(code)
    snapshot = list(Translation.objects.values_list("id", "version"))
    call_command("setup_demo")
    assert "Unchanged essay" in capsys.readouterr().out
    assert list(Translation.objects.values_list("id", "version")) == snapshot


def test_ensure_admin_uses_the_environment_password(db, monkeypatch, capsys):
    monkeypatch.setenv("WORKBENCH_ADMIN_PASSWORD", "s3cret-pass")
    call_command("ensure_admin")
    assert User.objects.get(username="admin").check_password("s3cret-pass")
    call_command("ensure_admin")
    assert User.objects.filter(username="admin").count() == 1


def test_ensure_admin_generates_and_prints_a_password_once(db, monkeypatch, capsys):
    monkeypatch.delenv("WORKBENCH_ADMIN_PASSWORD", raising=False)
    call_command("ensure_admin")
    out = capsys.readouterr().out
    password = out.split("with password: ")[1].split()[0]
    assert User.objects.get(username="admin").check_password(password)
    call_command("ensure_admin")
    assert password not in capsys.readouterr().out


def test_admin_lists_the_essay_with_progress(essay_with_samples, client):
    User.objects.create_superuser("admin", "", "pw")
    client.login(username="admin", password="pw")
    response = client.get("/admin/translations/document/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "The Soviet Union: backwardness and bureaucracy" in body
    assert "de: 0% / 0%" in body  # drafts are not yet translated
    assert client.get("/").status_code == 302
