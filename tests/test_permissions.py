"""The per-language permission rules."""

from django.contrib.auth.models import AnonymousUser, Group, User

from translations.permissions import can_edit_source, can_review, can_translate, groups_ensure, languages_for


def member(db_user, *groups):
    groups_ensure()
    db_user.groups.add(*Group.objects.filter(name__in=groups))
    return User.objects.get(pk=db_user.pk)  # fresh object: no cached groups


def test_translator_edits_only_their_language(db):
    user = member(User.objects.create(username="greta"), "translator-de")
    assert can_translate(user, "de") and not can_translate(user, "fr")
    assert not can_review(user, "de") and not can_edit_source(user)
    assert languages_for(user) == ["de"]


def test_reviewers_and_superusers(db):
    reviewer_fr = member(User.objects.create(username="rene"), "reviewer-fr")
    assert can_review(reviewer_fr, "fr") and can_translate(reviewer_fr, "fr") and not can_review(reviewer_fr, "de")
    everyone = member(User.objects.create(username="ria"), "reviewer")
    assert can_review(everyone, "ru") and can_review(everyone, "de")
    root = User.objects.create_superuser("root", "", "x")
    assert can_review(root, "ar") and can_edit_source(root)
    assert not can_translate(AnonymousUser(), "de")
    inactive = member(User.objects.create(username="old", is_active=False), "translator-de")
    assert not can_translate(inactive, "de")
