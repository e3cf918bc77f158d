"""What `make run` does: the essay with sample translations, the admin account, the admin pages."""

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from translations.models import Document, MemoryEntry, Segment, State, Translation
from translations.selectors.quality import tm_suggestions
from translations.selectors import document_progress
from translations.services.samples import essay_install
from translations.services.translations import translation_save


def test_setup_demo_is_idempotent_and_loads_the_samples_as_translated_and_into_the_memory(db, capsys):
    call_command("setup_demo")
    first = capsys.readouterr().out
    assert "Imported essay: 22 blocks" in first
    assert "Sample translations [de]: 43 loaded, 0 kept as they were; 43 new in the translation memory" in first
    essay = Document.objects.get(slug="essay")
    total = Segment.objects.filter(document=essay).count()
    for code in ("de", "fr", "ru"):
        translated = Translation.objects.filter(segment__document=essay, language=code, state=State.TRANSLATED)
        assert translated.count() == total
        assert essay.title_in(code)
        # The memory offers every sample at once: an exact match for each sentence.
        segment = Segment.objects.filter(document=essay).order_by("pk").last()
        suggestions = tm_suggestions(segment, code)
        assert suggestions[0].exact and suggestions[0].target == segment.text_in(code)
    progress = document_progress([essay])[essay.pk]
    assert (progress["de"].translated_percent, progress["de"].approved_percent) == (100, 0)
    snapshot = list(Translation.objects.values_list("id", "version"))
    memory = MemoryEntry.objects.count()
    call_command("setup_demo")
    again = capsys.readouterr().out
    assert "Unchanged essay" in again and "0 new in the translation memory" in again
    assert list(Translation.objects.values_list("id", "version")) == snapshot
    assert MemoryEntry.objects.count() == memory


def test_setup_demo_upgrades_the_untouched_sample_drafts_of_an_older_demo(db, capsys):
    essay_install(state=State.DRAFT)  # what setup_demo stored before
    first, second = Segment.objects.filter(document__slug="essay").order_by("pk")[:2]
    translation_save(segment=second, language="de", text=second.text_in("de"), state=State.DRAFT,
                     user=User.objects.create_user("greta"))  # somebody's own draft
    call_command("setup_demo")
    states = dict(Translation.objects.filter(language="de").values_list("segment_id", "state"))
    assert states[first.pk] == State.TRANSLATED and states[second.pk] == State.DRAFT


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
    assert "de: 0% / 0%" in body  # drafts are not yet translated (the fixture's samples are drafts)
    assert client.get("/").status_code == 302
