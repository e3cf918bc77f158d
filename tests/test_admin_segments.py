"""The segment change form and the translation list: every write goes through the services."""

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from translations.models import Segment, State, Translation, TranslationChange
from translations.permissions import groups_ensure
from translations.services.translations import translation_save, translation_set_state


def staff(username, *groups):
    groups_ensure()
    user = User.objects.create_user(username, "", "pw", is_staff=True)
    user.groups.add(*Group.objects.filter(name__in=groups))
    client = Client()
    client.force_login(user)
    return user, client


def change_url(segment):
    return f"/admin/translations/segment/{segment.pk}/change/"


def form_data(response) -> dict:
    """What the browser would post back unchanged: the form's initial values and the inline management form."""
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        value = form.initial.get(name, field.initial)
        if value is not None and value is not False:
            data[name] = value
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management.initial.get(name, management[name].value())
    return data


@pytest.fixture
def segment(essay):
    return Segment.objects.filter(document=essay).order_by("block__position", "position").first()


def test_segment_form_saves_changed_languages_with_history_and_state(segment):
    greta, client = staff("greta", "translator-de")
    response = client.get(change_url(segment))
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert not form.fields["text_de"].disabled
    assert form.fields["text_fr"].disabled and form.fields["text_en"].disabled  # other language, source
    data = form_data(response)
    data["text_de"] = "Die Sowjetunion konnte den Kapitalismus nicht überholen."
    data["text_fr"] = "Posté quand même."  # disabled: ignored by the server
    response = client.post(change_url(segment), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    segment.refresh_from_db()
    assert segment.text_in("de") == "Die Sowjetunion konnte den Kapitalismus nicht überholen."
    assert segment.text_in("fr") == ""
    row = segment.translations.get(language="de")
    assert (row.state, row.version, row.changed_by) == (State.TRANSLATED, 1, greta)
    change = segment.changes.get()
    assert (change.language, change.user, change.old_text, change.new_text) == (
        "de", greta, "", "Die Sowjetunion konnte den Kapitalismus nicht überholen.",
    )


def test_segment_form_reports_a_stale_version_and_writes_nothing(segment):
    _greta, client = staff("greta", "translator-de")
    data = form_data(client.get(change_url(segment)))
    hans = User.objects.create(username="hans")
    translation_save(segment=segment, language="de", text="Inzwischen gespeichert.", user=hans)
    data["text_de"] = "Meine Fassung."
    response = client.post(change_url(segment), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["text_de"]
    assert "hans" in errors[0] and "Inzwischen gespeichert." in errors[0]
    segment.refresh_from_db()
    assert segment.text_in("de") == "Inzwischen gespeichert."
    # Saving again after reading the message is a deliberate overwrite on the new version.
    data["version_de"] = response.context["adminform"].form.data["version_de"]
    assert client.post(change_url(segment), data).status_code == 302
    segment.refresh_from_db()
    assert segment.text_in("de") == "Meine Fassung."


def test_approved_translation_is_locked_for_translators_in_the_form(segment):
    translation_save(segment=segment, language="de", text="Geprüft.")
    translation_set_state(segment=segment, language="de", state=State.APPROVED)
    _greta, client = staff("greta", "translator-de")
    response = client.get(change_url(segment))
    assert response.context["adminform"].form.fields["text_de"].disabled
    _rene, reviewer = staff("rene", "reviewer-de")
    assert not reviewer.get(change_url(segment)).context["adminform"].form.fields["text_de"].disabled


def test_segment_history_is_shown_inline(segment):
    translation_save(segment=segment, language="fr", text="Première version.")
    _root, client = staff("root")
    User.objects.filter(username="root").update(is_superuser=True)
    body = client.get(change_url(segment)).content.decode()
    assert "Première version." in body and f"/translate/fr/history/{segment.pk}/" in body


# --- bulk actions on the translation list -----------------------------------------------


def translations_of(segments, language):
    for n, segment in enumerate(segments):
        translation_save(segment=segment, language=language, text=f"Satz {n}.", state=State.DRAFT)
    return list(Translation.objects.filter(language=language).order_by("pk"))


def run_action(client, action, rows):
    return client.post(
        "/admin/translations/translation/",
        {"action": action, "_selected_action": [row.pk for row in rows], "index": 0},
    )


def test_reviewer_approves_and_sends_back_with_history(essay):
    segments = list(Segment.objects.filter(document=essay)[:3])
    rows = translations_of(segments, "de")
    rene, client = staff("rene", "reviewer-de")
    response = run_action(client, "approve", rows)
    assert response.status_code == 302
    assert set(Translation.objects.filter(language="de").values_list("state", flat=True)) == {State.APPROVED}
    change = TranslationChange.objects.filter(action="state").first()
    assert (change.user, change.old_state, change.new_state) == (rene, State.DRAFT, State.APPROVED)
    run_action(client, "send_back_for_review", rows[:1])
    assert Translation.objects.get(pk=rows[0].pk).state == State.NEEDS_REVIEW


def test_bulk_actions_are_refused_outside_the_reviewers_languages(essay):
    segments = list(Segment.objects.filter(document=essay)[:2])
    rows = translations_of(segments, "de") + translations_of(segments, "fr")
    _rene, reviewer_de = staff("rene", "reviewer-de")
    assert run_action(reviewer_de, "approve", rows).status_code == 403  # includes French rows
    _greta, translator = staff("greta", "translator-de")
    response = run_action(translator, "approve", rows[:2])  # not offered to translators at all
    assert response.status_code == 200  # "No action selected": approve is not among its choices
    assert 'value="approve"' not in translator.get("/admin/translations/translation/").content.decode()
    assert set(Translation.objects.values_list("state", flat=True)) == {State.DRAFT}
    assert not TranslationChange.objects.filter(action="state").exists()


def test_translations_and_history_cannot_be_edited_directly(essay):
    segment = Segment.objects.filter(document=essay).first()
    row = translations_of([segment], "de")[0]
    _root, client = staff("root")
    User.objects.filter(username="root").update(is_superuser=True)
    response = client.post(f"/admin/translations/translation/{row.pk}/change/", {"state": "approved", "version": 9})
    assert response.status_code == 403
    change = TranslationChange.objects.get()
    assert client.post(f"/admin/translations/translationchange/{change.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Translation.objects.get(pk=row.pk).state == State.DRAFT
