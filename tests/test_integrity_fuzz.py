"""Issue 16, item 8: mutated files thrown at every importer.

Valid PO, XLIFF and TMX exports and a Markdown/plain-text source are
mutated (bytes inserted, deleted, lines duplicated, the file cut off, tokens
that break parsers: NUL, control characters, ``<cp hex="0000"/>``, entity
declarations, byte order marks, stray quotes, huge versions …) and imported.
Each import either succeeds or fails with a message (``SourceFormatError``:
``FileImportError`` and ``XMLFormatError`` are ones) that names the file; a
failed import leaves the database exactly as it was (a dump of every table
of the app, users and groups, compared before and after).

CSV is not an import format (the CSV export is for spreadsheets), so it has
no importer to throw files at.
"""

import re

import pytest
from django.db import transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.formats_support import export
from tests.test_scale_access import snapshot
from translations import languages
from translations.importers import get as get_importer
from translations.models import Document, Segment
from translations.parsing import SourceFormatError
from translations.services.documents import document_import
from translations.services.exchange import translation_file_import
from translations.services.memory import memory_import_tmx
from translations.services.translations import translation_save, translation_set_state

SOURCE = (
    "# A small text\n\nAlpha one is here. Alpha two follows!\n\n> Bravo quoted, said someone.\n\n"
    "-- Somebody, 1930\n\n- An item. Another sentence.\n"
).encode("utf-8")
TOKENS = [
    b"\x00", b"\x01", b"\x07", b"\x1b", b"\x7f", "\u0085".encode(), "\u2028".encode(), b"\r", b"\r\n", b"\n",
    b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf", b"\x00\x00\xfe\xff", b"\xc3", b"\xe2\x82", b'"', b"\\", b"\\x", b"\\r",
    b"#, fuzzy\n", b'msgctxt "dup"\n', b'msgid ""\n', b'msgstr ""\n', b'msgstr[0] "x"\n', b"#. wb-version: 7\n",
    b"#. wb-version: 99999999999999999999\n", b'"Language: xx\\n"\n', b'"Content-Type: text/plain; charset=KOI8-R\\n"\n',
    b"<", b">", b"&", b"&#0;", b"&#x1B;", b"&amp;", b'<cp hex="0000"/>', b'<cp hex="001B"/>', b'<cp hex="zz"/>',
    b'<cp hex="110000"/>', b'<ph type="x-cp">0000</ph>', b"<!ENTITY a 'b'>", b"<!DOCTYPE x []>", b"]]>",
    b' wb:version="-3"', b' wb:version="12"', b' state="final"', b' subState="wb:approved"', b"</target>",
    b"<target>x</target>", b'<unit id="dup">', b"</unit>", b' xml:lang="zz"', b"<seg>", b"</tuv>", b"# ", b"> ", b"-- ",
]  # fmt: skip

MUTATION = st.one_of(
    st.tuples(st.just("insert"), st.integers(0, 10**6), st.one_of(st.sampled_from(TOKENS), st.binary(max_size=6))),
    st.tuples(st.just("text"), st.integers(0, 10**6), st.text(max_size=12).map(lambda t: t.encode("utf-8"))),
    st.tuples(st.just("delete"), st.integers(0, 10**6), st.integers(1, 60)),
    st.tuples(st.just("truncate"), st.integers(0, 10**6), st.just(0)),
    st.tuples(st.just("duplicate line"), st.integers(0, 10**6), st.just(0)),
)
MUTATIONS = st.lists(MUTATION, min_size=1, max_size=4)
FUZZ = settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck), database=None)


def mutate(data: bytes, mutations) -> bytes:
    for kind, position, value in mutations:
        at = position % (len(data) + 1)
        if kind in ("insert", "text"):
            data = data[:at] + value + data[at:]
        elif kind == "delete":
            data = data[:at] + data[at + value:]
        elif kind == "truncate":
            data = data[:at]
        else:
            lines = data.split(b"\n")
            index = position % len(lines)
            lines.insert(index, lines[index])
            data = b"\n".join(lines)
    return data


@pytest.fixture
def small(db, tmp_path):
    """A small document with translations in several states (fast to import again and again)."""
    path = tmp_path / "small.md"
    path.write_bytes(SOURCE)
    document = document_import(path=path, slug="small", title="Small").document
    segments = list(Segment.objects.filter(document=document).order_by("block__position", "position"))
    translation_save(segment=segments[0], language="de", text="Alpha eins ist hier.")
    translation_save(segment=segments[1], language="de", text="Alpha zwei folgt!")
    translation_set_state(segment=segments[1], language="de", state="approved")
    translation_save(segment=segments[2], language="de", text="Bravo zitiert.", state="draft")
    translation_save(segment=segments[0], language="fr", text="Alpha un est là.")
    return document


CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def clean_and_readable(document) -> None:
    """After an import: no control character stored, and the project's own PO export reads back."""
    for code in ("de", "fr"):
        texts = Segment.objects.filter(document=document).values_list(languages.text_field(code), flat=True)
        assert not any(CONTROL.search(text or "") for text in texts)
        get_importer("po").parse(export(document, "po", code), path=f"again.{code}.po")


def attempt(load, document=None) -> str:
    """Run ``load()`` in a transaction rolled back afterwards: it imports, or refuses and changes nothing."""
    with transaction.atomic():
        before = snapshot()
        try:
            load()
        except SourceFormatError as error:
            assert str(error).strip() and error.reason.strip()
            assert snapshot() == before, f"a refused import changed the database: {error}"
            outcome = "refused"
        else:
            if document is not None:
                clean_and_readable(document)
            outcome = "imported"
        transaction.set_rollback(True)
    event(outcome)
    return outcome


@FUZZ
@given(mutations=MUTATIONS)
def test_mutated_po_files(small, mutations):
    data = mutate(export(small, "po", "de"), mutations)
    attempt(lambda: translation_file_import(document=small, data=data, path="small.de.po"), small)


@FUZZ
@given(mutations=MUTATIONS)
def test_mutated_xliff_files(small, mutations):
    data = mutate(export(small, "xliff", "de"), mutations)
    attempt(lambda: translation_file_import(document=small, data=data, path="small.de.xlf"), small)


@FUZZ
@given(mutations=MUTATIONS)
def test_mutated_tmx_files(small, tmp_path, mutations):
    path = tmp_path / "small.tmx"
    path.write_bytes(mutate(export(small, "tmx", "de", "fr"), mutations))
    attempt(lambda: memory_import_tmx(path=path))


@FUZZ
@given(mutations=MUTATIONS, suffix=st.sampled_from([".md", ".txt"]))
def test_mutated_source_texts(small, tmp_path, mutations, suffix):
    path = tmp_path / f"small{suffix}"
    path.write_bytes(mutate(SOURCE, mutations))
    attempt(lambda: document_import(path=path, slug="small"), small)
    assert Document.objects.filter(slug="small").count() == 1
