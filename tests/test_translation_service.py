"""Saving translations: states, optimistic locking, history, revert."""

import pytest
from django.contrib.auth.models import User

from translations.models import Provenance, Segment, State, Translation, TranslationChange
from translations.services.translations import (
    EditConflict,
    InvalidTranslation,
    state_after_edit,
    translations_prefill,
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


# --- the state a save leaves (state_after_edit) ----------------------------------


@pytest.mark.parametrize(
    ("current", "old", "new", "expected"),
    [
        (State.UNTRANSLATED, "", "Text.", State.TRANSLATED),
        (State.DRAFT, "Text.", "Text.", State.TRANSLATED),  # saving a draft as it is finishes it
        (State.DRAFT, "Text.", "Better.", State.TRANSLATED),
        (State.NEEDS_UPDATE, "Text.", "Text.", State.NEEDS_UPDATE),  # sent back, not answered
        (State.NEEDS_UPDATE, "Text.", "Better.", State.TRANSLATED),
        (State.NEEDS_REVIEW, "Text.", "Text.", State.NEEDS_REVIEW),
        (State.NEEDS_REVIEW, "Text.", "Better.", State.TRANSLATED),
        (State.APPROVED, "Text.", "Text.", State.APPROVED),
        (State.APPROVED, "Text.", "Better.", State.TRANSLATED),
        (State.TRANSLATED, "Text.", "", State.UNTRANSLATED),
    ],
)
def test_a_save_without_a_chosen_state(current, old, new, expected):
    assert state_after_edit(current_state=current, old_text=old, new_text=new) == expected


def test_saving_text_marks_it_translated_and_a_draft_only_by_choice(segment):
    row = translation_save(segment=segment, language="de", text="Entwurf.", state=State.DRAFT)
    assert row.state == State.DRAFT
    assert translation_save(segment=segment, language="de", text="Entwurf.").state == State.TRANSLATED
    translation_set_state(segment=segment, language="de", state=State.NEEDS_UPDATE)
    assert translation_save(segment=segment, language="de", text="Entwurf.").state == State.NEEDS_UPDATE
    assert translation_save(segment=segment, language="de", text="Fertig.").state == State.TRANSLATED


def test_prefill_fills_only_untranslated_unjoined_rows_and_never_approves(essay):
    first, second, third, fourth = Segment.objects.filter(document=essay).order_by("block__position", "position")[:4]
    translation_save(segment=second, language="de", text="Schon da.")
    Translation.objects.create(segment=third, language="de", joined_with_previous=True)
    texts = {segment.pk: f"Satz {n}." for n, segment in enumerate([first, second, third, fourth])}
    filled = translations_prefill(
        segments=[first, second, third, fourth], language="de", texts=texts, state=State.NEEDS_REVIEW,
        provenance=Provenance.REPEAT,
    )
    assert [segment.pk for segment in filled] == [first.pk, fourth.pk]
    second.refresh_from_db()
    assert second.text_in("de") == "Schon da."
    row = Translation.objects.get(segment=first, language="de")
    assert (row.state, row.version, row.provenance) == (State.NEEDS_REVIEW, 1, Provenance.REPEAT)
    assert first.changes.get().new_text == "Satz 0."
    with pytest.raises(InvalidTranslation):
        translations_prefill(segments=[first], language="de", texts=texts, state=State.APPROVED, provenance="")
