"""A German translator in the segment admin, in a real browser: German editable, French read-only."""

import pytest
from django.contrib.auth.models import Group, Permission, User

from translations.models import Segment, TranslationChange
from translations.permissions import groups_ensure

pytestmark = pytest.mark.browser


def test_a_german_translator_edits_german_and_only_sees_french(essay_with_samples, page, live_server, artifacts_dir):
    groups_ensure()
    greta = User.objects.create_user("greta", password="pw-greta-123", is_staff=True)
    greta.groups.add(Group.objects.get(name="translator-de"))
    greta.user_permissions.add(*Permission.objects.filter(codename__in=["change_segment", "view_segment"]))
    segment = Segment.objects.filter(document=essay_with_samples).order_by("block__position", "position").first()
    french = segment.text_in("fr")

    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "greta")
    page.fill("#id_password", "pw-greta-123")
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/translations/segment/{segment.pk}/change/")
    assert page.locator("textarea[name=text_de]:not([disabled])").count() == 1
    # The other languages are shown for context, disabled: they cannot be edited.
    assert page.locator("textarea[name=text_fr]").is_disabled()
    assert page.locator("textarea[name=text_fr]").input_value() == french
    page.click(".ui-tabs-nav li >> text=DE")
    page.fill("textarea[name=text_de]", "Die Sowjetunion, neu übersetzt.")
    page.screenshot(path=f"{artifacts_dir}/segment-admin-translator-de.png", full_page=True)
    page.click("input[name=_save]")
    page.locator(".messagelist .success").wait_for()
    page.screenshot(path=f"{artifacts_dir}/segment-admin-translator-de-saved.png")

    segment.refresh_from_db()
    assert segment.text_in("de") == "Die Sowjetunion, neu übersetzt."
    assert segment.text_in("fr") == french
    assert TranslationChange.objects.filter(segment=segment, language="de", user=greta).count() == 1
