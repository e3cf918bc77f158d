"""Translating a sentence once: repeated sentences, pretranslation from memory, and the editors that save them.

Also the review page's in-place correction (the translate view's save, with its
permission and version checks) and the dry-run import's list of keys.
"""

import json

import polib
import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from translations.models import MemoryEntry, Provenance, Segment, State, Translation
from translations.permissions import groups_ensure
from translations.selectors.quality import tm_suggestions
from translations.services.documents import document_import
from translations.services.exchange import translation_file_import
from translations.services.repeats import memory_pretranslate, repeats_propagate
from translations.services.translations import translation_save, translation_set_state
from tests.formats_support import export

THANKS = "Thank you."


def text_document(tmp_path, slug, paragraphs):
    path = tmp_path / f"{slug}.md"
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return document_import(path=path, slug=slug, title=slug).document


def segments_of(document):
    return list(Segment.objects.filter(document=document, retired=False).order_by("block__position", "position"))


def twins(document, source=THANKS):
    return [segment for segment in segments_of(document) if segment.source_text == source]


def state(segment, code="de"):
    row = Translation.objects.filter(segment=segment, language=code).first()
    return row.state if row else State.UNTRANSLATED


def text(segment, code="de"):
    segment.refresh_from_db()
    return segment.text_in(code)


def staff(username, *groups):
    groups_ensure()
    user = User.objects.create_user(username, password="pw", is_staff=True)
    user.groups.add(*Group.objects.filter(name__in=groups))
    return user


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def letters(tmp_path, db):
    return text_document(tmp_path, "letters", [THANKS, "The first letter.", THANKS, "The second letter.", THANKS])


def save_and_propagate(segment, value, *, state=State.TRANSLATED, user=None):
    translation_save(segment=segment, language="de", text=value, state=state, user=user)
    return repeats_propagate(segment=segment, language="de", text=value, state=state, user=user)


# --- repeated sentences ------------------------------------------------------


def test_a_saved_sentence_fills_its_untranslated_twins_as_needs_review(letters):
    first, second, third = twins(letters)
    translation_save(segment=third, language="de", text="Besten Dank.")  # already translated: left alone
    result = save_and_propagate(first, "Danke.")
    assert [segment.pk for segment in result.filled] == [second.pk]
    assert (text(second), state(second)) == ("Danke.", State.NEEDS_REVIEW)
    assert Translation.objects.get(segment=second, language="de").provenance == Provenance.REPEAT
    assert (text(third), state(third)) == ("Besten Dank.", State.TRANSLATED)
    assert "once more" in result.message()


def test_a_draft_fills_nothing_and_nothing_is_ever_approved(letters):
    first, second, third = twins(letters)
    assert not save_and_propagate(first, "Danke?", state=State.DRAFT).filled
    save_and_propagate(first, "Danke.", state=State.APPROVED)
    assert {state(second), state(third)} == {State.NEEDS_REVIEW}


def test_suggestion_mode_writes_nothing_and_offers_the_twin_in_the_memory_box(letters):
    letters.repeats = "suggestion"
    letters.save()
    first, second, _third = twins(letters)
    assert not save_and_propagate(first, "Danke.").filled
    assert text(second) == ""
    suggestion = tm_suggestions(second, "de")[0]
    assert (suggestion.target, suggestion.exact, suggestion.score) == ("Danke.", True, 100)
    assert "letters" in suggestion.origin


@override_settings(WORKBENCH_REPEATS="off")
def test_the_setting_switches_repeats_off_unless_the_document_chooses(letters):
    first, second, third = twins(letters)
    assert not save_and_propagate(first, "Danke.").filled and text(second) == ""
    assert tm_suggestions(second, "de") == []
    letters.repeats = "needs_review"
    letters.save()
    first = twins(letters)[0]
    assert len(save_and_propagate(first, "Danke sehr.").filled) == 2


def test_other_documents_only_on_request(letters, tmp_path):
    other = text_document(tmp_path, "other", ["Hello.", THANKS])
    first = twins(letters)[0]
    save_and_propagate(first, "Danke.")
    assert text(twins(other)[0]) == ""
    letters.repeats_across_documents = True
    letters.save()
    first.document.refresh_from_db()
    save_and_propagate(first, "Vielen Dank.")
    assert (text(twins(other)[0]), state(twins(other)[0])) == ("Vielen Dank.", State.NEEDS_REVIEW)


def test_propagation_costs_the_same_queries_for_two_twins_as_for_twenty(tmp_path, db):
    def queries(count):
        # One paragraph: the check run (once per touched block) costs the same too.
        document = text_document(tmp_path, f"d{count}", [" ".join([THANKS] * count)])
        first = twins(document)[0]
        translation_save(segment=first, language="de", text="Danke.")
        first = Segment.objects.select_related("document").get(pk=first.pk)
        with CaptureQueriesContext(connection) as captured:
            result = repeats_propagate(segment=first, language="de", text="Danke.", state=State.TRANSLATED)
        assert result.count == count - 1
        return len(captured)

    assert queries(3) == queries(21)


# --- pretranslate from memory ---------------------------------------------------


def remember(source, target):
    from translations.services.memory import memory_add_pairs

    memory_add_pairs(source_language="en", target_language="de", pairs=[(source, target)], origin="test")


def test_pretranslate_fills_exact_matches_as_needs_review_and_counts(letters):
    remember(THANKS, "Danke.")
    remember("The first letter.", "Der erste Brief.")
    remember("The second letter", "Ohne Punkt: kein exakter Treffer.")
    approved = segments_of(letters)[1]
    report = memory_pretranslate(document=letters, language="de")
    assert (report.untranslated, report.filled, report.without_match) == (5, 4, 1)
    assert {state(segment) for segment in twins(letters)} == {State.NEEDS_REVIEW}
    assert Translation.objects.get(segment=approved, language="de").provenance == Provenance.MEMORY
    assert "4 filled from the memory (needs review)" in report.summary()
    assert memory_pretranslate(document=letters, language="de").filled == 0  # nothing left to fill


def test_pretranslate_command_and_admin_action(letters, capsys):
    remember(THANKS, "Danke.")
    call_command("pretranslate", "letters", "--lang", "de")
    assert "letters [de]: 5 untranslated segments, 3 filled from the memory" in capsys.readouterr().out
    remember("The first letter.", "Der erste Brief.")
    root = User.objects.create_superuser("root", "", "pw")
    response = client_for(root).post(
        "/admin/translations/document/",
        {"action": "pretranslate_from_memory", "_selected_action": [letters.pk]},
        follow=True,
    )
    html = response.content.decode()
    assert "[de]: 2 untranslated segments, 1 filled from the memory" in html
    assert "nothing to fill from the memory in fr, es, ru, ar, zh-hans" in html
    assert state(segments_of(letters)[1]) == State.NEEDS_REVIEW


# --- the dry run lists the keys it would change -----------------------------------


def test_dry_run_lists_the_keys_it_would_change(essay_with_samples, capsys, tmp_path):
    first, second = segments_of(essay_with_samples)[:2]
    catalog = polib.pofile(export(essay_with_samples, "po", "de").decode("utf-8"))
    for entry in catalog:
        if entry.msgctxt in (first.key, second.key):
            entry.msgstr = "Geändert."
    path = tmp_path / "essay.de.po"
    path.write_text(str(catalog), encoding="utf-8")
    report = translation_file_import(document=essay_with_samples, data=path.read_bytes(), path=path, dry_run=True)
    assert report.changed_keys == [first.key, second.key] and text(first) != "Geändert."
    call_command("import_po", "essay", str(path), "--dry-run")
    assert f"Would change: {first.key}, {second.key}" in capsys.readouterr().out


# --- the review page: in-place correction, links to the translate view ------------


def edit(client, document, segment, value, version, language="de"):
    return client.post(
        f"/review/{document.slug}/edit/",
        {"segment": segment.pk, "language": language, "text": value, "version": version},
        HTTP_ACCEPT="application/json",
    )


def test_a_reviewer_corrects_a_cell_in_place_with_the_translate_views_checks(letters):
    first, second, _third = twins(letters)
    row = translation_save(segment=first, language="de", text="Danke!")
    translation_set_state(segment=first, language="de", state=State.NEEDS_UPDATE)
    rene = staff("rene", "reviewer-de")
    response = edit(client_for(rene), letters, first, "Danke.", row.version + 1)
    data = json.loads(response.content)
    assert response.status_code == 200 and (data["text"], data["state"]) == ("Danke.", State.TRANSLATED)
    assert "2 more times" in data["repeats"] and data["filled"][0]["segment"] == second.pk
    # The page's old version is a conflict, with the words that differ marked.
    stale = edit(client_for(rene), letters, first, "Danke sehr.", row.version + 1)
    conflict = json.loads(stale.content)["conflict"]
    assert stale.status_code == 409 and "<ins>" in conflict["diff_html"] and text(first) == "Danke."
    # A translator of another language may not; nor anyone on an approved row but a reviewer.
    assert edit(client_for(staff("franz", "translator-fr")), letters, first, "X.", data["version"]).status_code == 403
    translation_set_state(segment=first, language="de", state=State.APPROVED)
    greta = staff("greta", "translator-de")
    assert edit(client_for(greta), letters, first, "X.", data["version"] + 1).status_code == 403
    assert text(first) == "Danke."


def test_every_cell_links_to_its_row_in_the_translate_view(letters):
    first = segments_of(letters)[0]
    html = client_for(staff("rene", "reviewer-de")).get("/review/letters/?lang=de").content.decode()
    assert f'/admin/translations/document/{letters.pk}/translate/de/?seg={first.key}#seg-{first.key}"' in html
    assert 'class="wb-edit"' in html


# --- the translate view: the state a save leaves, comments on the row --------------


def translate_save(client, document, segment, value, version, state=""):
    return client.post(
        f"/admin/translations/document/{document.pk}/translate/de/save/",
        {"segment": segment.pk, "text": value, "version": version, "state": state},
    )


def test_the_translate_view_finishes_a_draft_on_save_and_keeps_a_draft_only_when_asked(letters):
    first = segments_of(letters)[1]
    greta = client_for(staff("greta", "translator-de"))
    assert json.loads(translate_save(greta, letters, first, "Der erste Brief.", 0, state="draft").content)["state"] == "draft"
    # Saving the same text again, without choosing a state: done, translated.
    data = json.loads(translate_save(greta, letters, first, "Der erste Brief.", 1).content)
    assert (data["state"], data["version"]) == ("translated", 2)


def test_a_sent_back_row_shows_its_reason_and_comment_count_in_the_translate_view(letters):
    first = segments_of(letters)[1]
    translation_save(segment=first, language="de", text="Der erste Brif.")
    rene = staff("rene", "reviewer-de")
    from translations.services.review import review_set_state

    review_set_state(segments=[first], language="de", action="send_back", user=rene, comment="Brief, not Brif.")
    html = client_for(staff("greta", "translator-de")).get(
        f"/admin/translations/document/{letters.pk}/translate/de/"
    ).content.decode()
    row = html[html.index(f'data-segment="{first.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "Brief, not Brif." in row and "rene:" in row
    assert 'class="wb-comments-toggle wb-open"' in row and f"/review/letters/comments/{first.pk}/de/" in row
