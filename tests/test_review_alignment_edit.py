"""Alignment edits: sentence moves, 2:1 joins, source split and merge, undo.

The property test drives random sequences of edits and undos over a small
document in four target languages and checks, after every step, that no text
was lost or duplicated in any language, and that every undo gives back exactly
the document as it was before the edit.
"""

import pytest
from django.contrib.auth.models import Group, User
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from translations import languages
from translations.permissions import groups_ensure
from translations.models import AlignmentEdit, Comment, Segment, State, Translation, TranslationChange
from translations.services.alignment_edit import (
    AlignmentError,
    UndoConflict,
    alignment_join_with_previous,
    alignment_merge_source,
    alignment_move_first_to_previous,
    alignment_move_last_to_next,
    alignment_split_source,
    alignment_undo,
)
from translations.services.documents import document_import
from translations.services.translations import translation_save, translation_set_state

SOURCE = """# Alpha heading.

Bravo one. Bravo two is here. Bravo three.

> Charlie one? Charlie two!

Delta one. Delta two.
"""

TARGETS = {
    "de": ["Alpha-Überschrift.", "Bravo eins.", "Bravo zwei ist hier.", "Bravo drei.", "Charlie eins?",
           "Charlie zwei!", "Delta eins.", "Delta zwei."],
    "ru": ["Заголовок альфа.", "Браво один.", "Браво два здесь.", "Браво три.", "Чарли один?", "Чарли два!",
           "Дельта один.", "Дельта два."],
    "zh-hans": ["阿尔法标题。", "布拉沃一。", "布拉沃二在这里。", "布拉沃三。", "查理一？", "查理二！", "德尔塔一。", "德尔塔二。"],
    "ar": ["عنوان ألفا.", "برافو واحد.", "برافو اثنان هنا.", "برافو ثلاثة.", "تشارلي واحد؟", "تشارلي اثنان!",
           "دلتا واحد.", "دلتا اثنان."],
}
CODES = list(TARGETS)


@pytest.fixture
def doc(db, tmp_path):
    path = tmp_path / "small.md"
    path.write_text(SOURCE, encoding="utf-8")
    document = document_import(path=path, slug="small", title="Small").document
    segments = active(document)
    assert len(segments) == 8
    for code, texts in TARGETS.items():
        for segment, text in zip(segments, texts):
            translation_save(segment=segment, language=code, text=text, state=State.TRANSLATED)
    return document


def active(document):
    return list(
        Segment.objects.filter(document=document, retired=False)
        .select_related("document", "block")
        .order_by("block__position", "position")
    )


def state_of(document):
    """The whole document as a reader and an undo see it."""
    rows = {(t.segment_id, t.language): t for t in Translation.objects.filter(segment__document=document)}
    result = []
    for segment in active(document):
        targets = {}
        for code in CODES:
            row = rows.get((segment.pk, code))
            targets[code] = (
                segment.text_in(code),
                row.state if row else State.UNTRANSLATED,
                bool(row and row.joined_with_previous),
            )
        result.append((segment.key, segment.block_id, segment.source_text, segment.separator, targets))
    return result


def source_of(document):
    """Each block's source text, rebuilt from its segments."""
    blocks = {}
    for segment in active(document):
        blocks.setdefault(segment.block_id, []).append(segment.source_text + segment.separator)
    return {block: "".join(parts) for block, parts in blocks.items()}


def characters(document, code):
    """Every non-whitespace character of the language's text, in reading order."""
    return "".join("".join(segment.text_in(code).split()) for segment in active(document))


def nth(document, index):
    return active(document)[index]


def test_move_first_sentence_to_previous_and_undo(doc):
    anna = User.objects.create(username="anna")
    groups_ensure()
    anna.groups.add(Group.objects.get(name="reviewer-de"))  # the moved row is approved
    third = nth(doc, 3)
    translation_save(segment=third, language="de", text="Bravo zwei ist hier. Bravo drei.", state=State.APPROVED)
    translation_save(segment=nth(doc, 2), language="de", text="Bravo eins.", state=State.APPROVED)
    translation_save(segment=nth(doc, 1), language="de", text="Bravo eins.", state=State.APPROVED)
    before = state_of(doc)
    edit = alignment_move_first_to_previous(segment=third, language="de", user=anna)
    assert nth(doc, 2).text_in("de") == "Bravo eins. Bravo zwei ist hier."
    assert nth(doc, 3).text_in("de") == "Bravo drei."
    # Both texts changed: nobody approved them as they are now.
    assert {t.state for t in Translation.objects.filter(segment__in=[nth(doc, 2), third], language="de")} == {
        State.NEEDS_REVIEW
    }
    assert edit.operation == AlignmentEdit.Operation.MOVE_FIRST_TO_PREVIOUS and edit.user == anna
    assert TranslationChange.objects.filter(action=TranslationChange.Action.ALIGNMENT, language="de").count() == 2
    # Other languages are untouched.
    assert nth(doc, 3).text_in("ru") == "Браво три."
    alignment_undo(edit=edit, user=anna)
    assert state_of(doc) == before
    assert TranslationChange.objects.filter(action=TranslationChange.Action.REVERT).count() == 2


def test_moving_the_only_sentence_empties_the_segment(doc):
    edit = alignment_move_last_to_next(segment=nth(doc, 4), language="ru")
    assert nth(doc, 4).text_in("ru") == ""
    assert nth(doc, 5).text_in("ru") == "Чарли один? Чарли два!"
    assert Translation.objects.get(segment=nth(doc, 4), language="ru").state == State.UNTRANSLATED
    with pytest.raises(AlignmentError, match="no Russian text to move"):
        alignment_move_last_to_next(segment=nth(doc, 4), language="ru")
    alignment_undo(edit=edit)
    assert nth(doc, 4).text_in("ru") == "Чарли один?"


def test_chinese_sentences_are_joined_without_a_space(doc):
    alignment_move_first_to_previous(segment=nth(doc, 7), language="zh-hans")
    assert nth(doc, 6).text_in("zh-hans") == "德尔塔一。德尔塔二。"


def test_join_with_previous_marks_two_to_one_and_a_move_undoes_the_mark(doc):
    edit = alignment_join_with_previous(segment=nth(doc, 2), language="de")
    assert nth(doc, 1).text_in("de") == "Bravo eins. Bravo zwei ist hier."
    joined = Translation.objects.get(segment=nth(doc, 2), language="de")
    assert (nth(doc, 2).text_in("de"), joined.state, joined.joined_with_previous) == ("", State.UNTRANSLATED, True)
    with pytest.raises(AlignmentError, match="already joined"):
        alignment_join_with_previous(segment=nth(doc, 2), language="de")
    # A 3:1 run: the next join goes to the segment that holds the text.
    alignment_join_with_previous(segment=nth(doc, 3), language="de")
    assert nth(doc, 1).text_in("de") == "Bravo eins. Bravo zwei ist hier. Bravo drei."
    # Moving the last sentence back down un-joins it.
    alignment_move_last_to_next(segment=nth(doc, 1), language="de")
    assert not Translation.objects.get(segment=nth(doc, 2), language="de").joined_with_previous
    assert nth(doc, 2).text_in("de") == "Bravo drei."
    with pytest.raises(UndoConflict):
        alignment_undo(edit=edit)


def test_a_text_of_its_own_ends_a_join(doc):
    alignment_join_with_previous(segment=nth(doc, 2), language="ru")
    translation_save(segment=nth(doc, 2), language="ru", text="Браво два, заново.")
    assert not Translation.objects.get(segment=nth(doc, 2), language="ru").joined_with_previous


def test_join_is_within_a_block(doc):
    with pytest.raises(AlignmentError, match="first of its block"):
        alignment_join_with_previous(segment=nth(doc, 4), language="de")


def test_merge_source_keeps_first_key_joins_every_language_and_undo_restores(doc):
    first, second = nth(doc, 1), nth(doc, 2)
    comment = Comment.objects.create(segment=second, language="de", text="Check this.")
    translation_set_state(segment=second, language="ru", state=State.APPROVED)
    before, source_before = state_of(doc), source_of(doc)
    edit = alignment_merge_source(segment=first)
    merged = nth(doc, 1)
    assert merged.key == first.key and merged.source_text == "Bravo one. Bravo two is here."
    assert merged.text_in("de") == "Bravo eins. Bravo zwei ist hier."
    assert merged.text_in("zh-hans") == "布拉沃一。布拉沃二在这里。"
    assert merged.text_in("ar") == "برافو واحد. برافو اثنان هنا."
    assert Translation.objects.get(segment=merged, language="ru").state == State.TRANSLATED  # weaker of the two
    assert len(active(doc)) == 7 and Segment.objects.get(pk=second.pk).retired
    assert source_of(doc) == source_before
    comment.refresh_from_db()
    assert comment.segment_id == first.pk
    alignment_undo(edit=edit)
    assert state_of(doc) == before
    comment.refresh_from_db()
    assert comment.segment_id == second.pk
    with pytest.raises(AlignmentError, match="already undone"):
        alignment_undo(edit=edit)


def test_split_source_keeps_translation_on_first_part_and_marks_second_joined(doc):
    segment = nth(doc, 2)  # "Bravo two is here."
    before, source_before = state_of(doc), source_of(doc)
    edit = alignment_split_source(segment=segment, offset=len("Bravo two"))
    first, second = nth(doc, 2), nth(doc, 3)
    assert (first.key, first.source_text, first.separator) == (segment.key, "Bravo two", " ")
    assert second.source_text == "is here." and second.key != segment.key
    assert source_of(doc) == source_before
    for code in CODES:
        row = Translation.objects.get(segment=first, language=code)
        assert first.text_in(code) == TARGETS[code][2] and row.state == State.NEEDS_REVIEW
        joined = Translation.objects.get(segment=second, language=code)
        assert second.text_in(code) == "" and joined.joined_with_previous
    assert [s.position for s in active(doc) if s.block_id == first.block_id] == [0, 1, 2, 3]
    alignment_undo(edit=edit)
    assert state_of(doc) == before
    assert not Segment.objects.filter(pk=second.pk).exists()


def test_split_between_sentences_cuts_a_translation_with_as_many_sentences(doc):
    alignment_merge_source(segment=nth(doc, 6))  # "Delta one. Delta two."
    merged = nth(doc, 6)
    translation_save(segment=merged, language="fr", text="Delta un. Delta deux. Et trois.")
    alignment_split_source(segment=merged, offset=len("Delta one. "))
    first, second = nth(doc, 6), nth(doc, 7)
    assert (first.text_in("de"), second.text_in("de")) == ("Delta eins.", "Delta zwei.")
    assert (first.text_in("zh-hans"), second.text_in("zh-hans")) == ("德尔塔一。", "德尔塔二。")
    assert Translation.objects.get(segment=second, language="de").state == State.NEEDS_REVIEW
    # Three French sentences for two source sentences: no guessing, all stays on the first part.
    assert (first.text_in("fr"), second.text_in("fr")) == ("Delta un. Delta deux. Et trois.", "")
    assert Translation.objects.get(segment=second, language="fr").joined_with_previous


def test_bad_edits_are_refused_and_change_nothing(doc):
    before = state_of(doc)
    with pytest.raises(AlignmentError, match="last of its block"):
        alignment_merge_source(segment=nth(doc, 3))
    with pytest.raises(AlignmentError, match="between 1 and"):
        alignment_split_source(segment=nth(doc, 1), offset=0)
    with pytest.raises(AlignmentError, match="between 1 and 11"):
        alignment_split_source(segment=nth(doc, 5), offset=len("Charlie two!"))
    with pytest.raises(AlignmentError, match="first of the document"):
        alignment_move_first_to_previous(segment=nth(doc, 0), language="de")
    with pytest.raises(AlignmentError, match="source language"):
        alignment_move_first_to_previous(segment=nth(doc, 1), language="en")
    with pytest.raises(languages.UnknownLanguage):
        alignment_move_first_to_previous(segment=nth(doc, 1), language="xx")
    assert state_of(doc) == before
    assert not AlignmentEdit.objects.exists()


def test_undo_refuses_to_overwrite_later_work(doc):
    edit = alignment_merge_source(segment=nth(doc, 6))
    translation_set_state(segment=nth(doc, 6), language="de", state=State.APPROVED)
    with pytest.raises(UndoConflict, match="changed since"):
        alignment_undo(edit=edit)
    assert nth(doc, 6).source_text == "Delta one. Delta two."


# --- the invariants, under random sequences of edits ------------------------

operations = st.one_of(
    st.tuples(st.just("split"), st.integers(0, 20), st.floats(0.05, 0.95)),
    st.tuples(st.just("merge"), st.integers(0, 20)),
    st.tuples(st.just("move_first"), st.integers(0, 20), st.sampled_from(CODES)),
    st.tuples(st.just("move_last"), st.integers(0, 20), st.sampled_from(CODES)),
    st.tuples(st.just("join"), st.integers(0, 20), st.sampled_from(CODES)),
    st.tuples(st.just("undo")),
)


def apply(document, operation):
    kind, *args = operation
    segments = active(document)
    if kind == "undo":
        edit = AlignmentEdit.objects.filter(document=document, undone_at=None).order_by("-id").first()
        return alignment_undo(edit=edit) if edit else None
    segment = segments[args[0] % len(segments)]
    if kind == "split":
        return alignment_split_source(segment=segment, offset=max(1, int(args[1] * len(segment.source_text))))
    if kind == "merge":
        return alignment_merge_source(segment=segment)
    function = {
        "move_first": alignment_move_first_to_previous,
        "move_last": alignment_move_last_to_next,
        "join": alignment_join_with_previous,
    }[kind]
    return function(segment=segment, language=args[1])


def test_random_edits_and_undos_never_lose_or_duplicate_text(doc):
    source = source_of(doc)
    text = {code: characters(doc, code) for code in CODES}

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(operations, min_size=1, max_size=10))
    def run(sequence):
        with transaction.atomic():
            history = []  # document states before each edit still in force
            for operation in sequence:
                seen = state_of(doc)
                try:
                    edit = apply(doc, operation)
                except AlignmentError:
                    assert state_of(doc) == seen, f"a refused {operation} changed the document"
                    continue
                if operation[0] == "undo":
                    if edit is not None:
                        assert state_of(doc) == history.pop(), "undo did not restore the document"
                else:
                    history.append(seen)
                assert source_of(doc) == source, f"source text changed by {operation}"
                for code in CODES:
                    assert characters(doc, code) == text[code], f"{code} text lost or duplicated by {operation}"
            while history:
                alignment_undo(edit=AlignmentEdit.objects.filter(document=doc, undone_at=None).order_by("-id").first())
                assert state_of(doc) == history.pop()
            transaction.set_rollback(True)

    run()
