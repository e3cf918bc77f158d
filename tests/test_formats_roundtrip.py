"""Property: exporting a document and importing the file back changes nothing.

Random sources and translations with quotes, backslashes, tabs, newlines,
CRLF line ends, Unicode line separators and non-Latin scripts, in every
workbench state, through PO and through XLIFF (which also carries
characters XML cannot hold, as ``<cp>``). Control characters are refused by
every importer (tests/test_integrity_text.py), so they are not generated.
"""

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.formats_support import export, snapshot
from translations.models import Block, Document, Segment, State
from translations.services.exchange import translation_file_import
from translations.services.translations import translation_save, translation_set_state

SPECIAL = list('"\\\t\n\'«»“”„—…\u2028\u00a0') + ["\r\n", "Привет", "中文字", "العربية", "עברית", "हिन्दी", "日本語"]
PO_ALPHABET = st.one_of(st.characters(exclude_categories=("Cs", "Cc")), st.sampled_from(SPECIAL))
XML_ALPHABET = st.one_of(PO_ALPHABET, st.sampled_from(["\ufffe", "\uffff"]))

STATES = [State.UNTRANSLATED, State.DRAFT, State.TRANSLATED, State.NEEDS_REVIEW, State.APPROVED, State.NEEDS_UPDATE]


def texts(alphabet):
    return st.lists(st.one_of(alphabet, st.sampled_from(SPECIAL)), min_size=1, max_size=30).map("".join)


def segments_strategy(alphabet):
    return st.lists(
        st.tuples(texts(alphabet), st.sampled_from(STATES), texts(alphabet)),
        min_size=1,
        max_size=6,
    )


def build(rows, language):
    document = Document.objects.create(slug="roundtrip", title="Round trip", source_language="en")
    block = Block.objects.create(document=document, position=0)
    for position, (source, state, text) in enumerate(rows):
        segment = Segment.objects.create(
            document=document, block=block, position=position, key=f"k{position:04d}", source_text=source
        )
        if state == State.UNTRANSLATED or not text.strip():
            continue
        if state == State.APPROVED:
            translation_save(segment=segment, language=language, text=text)
            translation_set_state(segment=segment, language=language, state=State.APPROVED)
        else:
            translation_save(segment=segment, language=language, text=text, state=state)
    return document


def round_trip(rows, format_id, name, language):
    with transaction.atomic():
        document = build(rows, language)
        before = snapshot(document)
        report = translation_file_import(document=document, data=export(document, format_id, language), path=name)
        assert snapshot(document) == before
        assert report.updated == report.source_changed == report.unknown_keys == report.kept == 0
        assert report.unchanged + report.empty == len(rows)
        transaction.set_rollback(True)


PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.mark.django_db
@PROPERTY
@given(rows=segments_strategy(PO_ALPHABET))
def test_po_export_then_import_leaves_the_database_unchanged(rows):
    round_trip(rows, "po", "roundtrip.ru.po", "ru")


@pytest.mark.django_db
@PROPERTY
@given(rows=segments_strategy(XML_ALPHABET))
def test_xliff_export_then_import_leaves_the_database_unchanged(rows):
    round_trip(rows, "xliff", "roundtrip.ar.xlf", "ar")


@pytest.mark.django_db
def test_texts_survive_exactly(db):
    """Not only "unchanged": the text that comes back is the very text that went out."""
    from translations.importers import get

    rows = [('Say "hi"\\\t\r\nnew\u2028line', State.TRANSLATED, 'Скажи "привет"\\\t\r\n中文\u2028\ufffe')]
    document = build(rows, "ru")
    po_entry = get("po").parse(export(document, "po", "ru"), path="x.po").entries[0]
    assert (po_entry.source, po_entry.target) == (rows[0][0], rows[0][2])
    xliff_entry = get("xliff").parse(export(document, "xliff", "ru"), path="x.xlf").entries[0]
    assert (xliff_entry.source, xliff_entry.target) == (rows[0][0], rows[0][2])
