"""Saving under concurrency on PostgreSQL: twenty writers, nothing lost.

The short version of ``benchmarks/load_test.py``: real connections (one per
writer thread) to the PostgreSQL the suite runs on, editing the same and
different segments through ``translation_save``. Every accepted save must be
in the database and in the history, every refused one must have been told
(``EditConflict``) and have written nothing.
"""

import threading

import pytest
from django.db import connections

from benchmarks.load_test import run_load
from translations.models import Segment, State, Translation, TranslationChange
from translations.services.documents import document_import
from translations.services.samples import ESSAY_PATH
from translations.services.translations import EditConflict, translation_save

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def segment_ids():
    document = document_import(path=ESSAY_PATH, slug="load").document
    return list(Segment.objects.filter(document=document).order_by("pk").values_list("pk", flat=True))


def test_twenty_writers_lose_nothing(segment_ids):
    result = run_load(segment_ids=segment_ids, writers=20, attempts=8, seconds=60)
    print(result.summary())
    assert result.problems == []
    assert (result.lost, result.errors) == (0, 0)
    assert len(result.attempts) == 160 and result.accepted + result.conflicts == 160
    # The hot segments really were fought over; writers on their own segments never conflict.
    assert result.conflicts > 0
    assert all(attempt.writer < 10 for attempt in result.attempts if attempt.outcome == "conflict")
    # Each writer on its own segments saw all of its saves accepted.
    own = [attempt for attempt in result.attempts if attempt.writer >= 10]
    assert len(own) == 80 and all(attempt.outcome == "accepted" for attempt in own)


def test_two_first_saves_of_an_untranslated_segment_one_wins_one_conflicts(segment_ids):
    """Both find no Translation row and create it at once: no IntegrityError, one conflict."""
    segment = Segment.objects.select_related("document").get(pk=segment_ids[0])
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def save(text):
        try:
            start.wait(timeout=10)
            translation_save(segment=segment, language="de", text=text, expected_version=0)
            outcomes.append("accepted")
        except EditConflict:
            outcomes.append("conflict")
        except Exception as error:
            outcomes.append(f"error: {error!r}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(text,)) for text in ("Erste Fassung.", "Zweite Fassung.")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["accepted", "conflict"]
    assert Translation.objects.get(segment=segment, language="de").version == 1
    assert TranslationChange.objects.filter(segment=segment, language="de").count() == 1


def test_saves_during_a_reimport_neither_deadlock_nor_get_lost(segment_ids, tmp_path):
    """A re-import flags changed sentences while translators save them.

    The importer locks segments, then their translations; saves lock in the
    same order, so they wait for each other instead of deadlocking, and a save
    that read the version before the import's "needs update" gets a conflict.
    """
    segments = list(Segment.objects.select_related("document").filter(pk__in=segment_ids).order_by("pk"))
    for segment in segments:
        translation_save(segment=segment, language="de", text=f"Übersetzung {segment.pk}.")
    changed = ESSAY_PATH.read_text(encoding="utf-8").replace("The ", "Then the ", 40)
    edited = tmp_path / "essay.md"
    edited.write_text(changed, encoding="utf-8")
    errors: list[str] = []
    saved: list[tuple[int, int]] = []
    start = threading.Barrier(3)

    def reimport():
        try:
            start.wait(timeout=10)
            document_import(path=edited, slug="load")
        except Exception as error:
            errors.append(f"import: {error!r}")
        finally:
            connections.close_all()

    def translate(offset):
        try:
            start.wait(timeout=10)
            for segment in segments[offset::2]:
                version = Translation.objects.get(segment=segment, language="de").version
                try:
                    row = translation_save(
                        segment=segment, language="de", text=f"Neu {segment.pk}.", expected_version=version
                    )
                    saved.append((segment.pk, row.version))
                except EditConflict:
                    pass
        except Exception as error:
            errors.append(f"save: {error!r}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=reimport)] + [threading.Thread(target=translate, args=(n,)) for n in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert Translation.objects.filter(segment_id__in=segment_ids, state=State.NEEDS_UPDATE).exists()
    for segment_pk, version in saved:
        assert TranslationChange.objects.filter(
            segment_id=segment_pk, language="de", version=version, new_text=f"Neu {segment_pk}."
        ).exists()
