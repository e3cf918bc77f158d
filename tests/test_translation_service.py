"""Saving translations: states, optimistic locking, history, revert."""

import pytest
from django.contrib.auth.models import User

from translations.models import Provenance, Segment, State, TranslationChange
from translations.services.translations import (
    EditConflict,
    InvalidTranslation,
    translation_revert,
    translation_save,
    translation_set_state,
)


@pytest.fixture
def segment(essay):
    return Segment.objects.filter(document=essay).order_by("block__position", "position").first()


def test_save_sets_text_state_author_and_history(segment):
    anna = User.objects.create(username="anna")
    row = translation_save(segment=segment, language="de", text="Die Sowjetunion …", user=anna, expected_version=0)
    assert (row.state, row.version, row.changed_by, row.provenance) == (
        State.TRANSLATED, 1, anna, Provenance.SOURCE,
    )
    change = segment.changes.get()
    assert (change.old_text, change.new_text, change.new_state, change.user) == ("", "Die Sowjetunion …", "translated", anna)


def test_stale_version_is_a_conflict_that_shows_the_other_text_and_writes_nothing(segment):
    anna, boris = User.objects.create(username="anna"), User.objects.create(username="boris")
    translation_save(segment=segment, language="de", text="Annas Fassung.", user=anna, expected_version=0)
    with pytest.raises(EditConflict) as caught:
        translation_save(segment=segment, language="de", text="Boris' Fassung.", user=boris, expected_version=0)
    assert caught.value.current.text == "Annas Fassung."
    assert caught.value.current.changed_by == "anna"
    segment.refresh_from_db()
    assert segment.text_in("de") == "Annas Fassung."
    assert segment.changes.count() == 1


def test_state_change_keeps_text_and_revert_restores(segment):
    translation_save(segment=segment, language="fr", text="Première version.")
    translation_save(segment=segment, language="fr", text="Deuxième version.")
    row = translation_set_state(segment=segment, language="fr", state=State.APPROVED, expected_version=2)
    assert row.state == State.APPROVED
    segment.refresh_from_db()
    assert segment.text_in("fr") == "Deuxième version."
    edit = segment.changes.filter(action=TranslationChange.Action.EDIT).order_by("version").last()
    translation_revert(change=edit)
    segment.refresh_from_db()
    assert segment.text_in("fr") == "Première version."
    assert segment.translations.get(language="fr").state == State.TRANSLATED
    assert segment.changes.first().action == TranslationChange.Action.REVERT


def test_source_language_and_empty_non_untranslated_are_refused(segment):
    with pytest.raises(InvalidTranslation):
        translation_save(segment=segment, language="en", text="Nope")
    with pytest.raises(InvalidTranslation):
        translation_save(segment=segment, language="de", text="  ", state=State.APPROVED)
    assert segment.changes.count() == 0
