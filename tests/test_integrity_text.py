"""Issue 16, items 4 and 6: control characters, XLIFF state precedence, the entity guard.

Every importer refuses control characters other than tab and newline (CR
only in a CRLF line end) with the file and line or unit named, before
anything is written. XLIFF ``state`` is authoritative, ``subState`` refines it
only when consistent. The ``<!ENTITY`` guard sees every encoding XML allows.
"""

import polib
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.formats_support import export, segments, snapshot
from translations.importers import get as get_importer
from translations.importers.tmx import read_tmx as read_exchange_tmx
from translations.importers.xliff import segment_state
from translations.memory.tmx import read_tmx as read_memory_tmx
from translations.models import Document, MemoryEntry, State
from translations.parsing import SourceFormatError
from translations.safe_xml import XMLFormatError, detect_encoding, parse
from translations.services.documents import document_import
from translations.services.exchange import translation_file_import

XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"


def xliff(units: str, trg="de") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<xliff xmlns="{XLIFF_NS}" version="2.0" srcLang="en" trgLang="{trg}">\n'
        f'<file id="f">\n{units}\n</file>\n</xliff>\n'
    ).encode("utf-8")


@pytest.mark.parametrize("code", ["0000", "0001", "001B", "000C", "007F", "0085", "000D"])
def test_an_xliff_cp_control_character_is_refused_with_the_unit(essay_with_samples, code):
    first = segments(essay_with_samples)[0]
    data = xliff(
        f'<unit id="{first.key}"><segment state="translated"><source>{first.source_text}</source>'
        f'<target>Null<cp hex="{code}"/>zeichen.</target></segment></unit>'
    )
    before = snapshot(essay_with_samples)
    with pytest.raises(SourceFormatError) as caught:
        translation_file_import(document=essay_with_samples, data=data, path="nul.xlf")
    message = str(caught.value)
    assert message.startswith("nul.xlf, line 4: control character U+" + code)
    assert f"unit '{first.key}'" in message
    assert snapshot(essay_with_samples) == before


def test_a_po_control_character_is_refused_with_its_line(essay_with_samples):
    first = segments(essay_with_samples)[0]
    catalog = polib.pofile(export(essay_with_samples, "po", "de").decode("utf-8"))
    next(e for e in catalog if e.msgctxt == first.key).msgstr = "Glocke\x07."
    data = str(catalog).encode("utf-8")
    line = data.decode().split("\n").index(next(l for l in data.decode().split("\n") if "\x07" in l)) + 1
    before = snapshot(essay_with_samples)
    with pytest.raises(SourceFormatError, match=rf"^bell\.po, line {line}: control character U\+0007"):
        translation_file_import(document=essay_with_samples, data=data, path="bell.po")
    # An escaped lone carriage return ("\r" not followed by "\n") too, named by its entry.
    next(e for e in catalog if e.msgctxt == first.key).msgstr = "Wagen\rRücklauf."
    with pytest.raises(SourceFormatError, match=rf"control character U\+000D in the translation of msgctxt '{first.key}'"):
        translation_file_import(document=essay_with_samples, data=str(catalog).encode("utf-8"), path="cr.po")
    assert snapshot(essay_with_samples) == before


def test_tab_newline_and_crlf_still_import(essay_with_samples):
    first = segments(essay_with_samples)[0]
    catalog = polib.pofile(export(essay_with_samples, "po", "de").decode("utf-8"))
    next(e for e in catalog if e.msgctxt == first.key).msgstr = "Tab\tund\r\nZeile."
    report = translation_file_import(document=essay_with_samples, data=str(catalog).encode("utf-8"), path="ok.po")
    assert report.updated == 1


def test_tmx_readers_refuse_control_characters(db):
    c1 = '<?xml version="1.0"?>\n<tmx version="1.4"><header srclang="en" segtype="sentence" creationtool="t" creationtoolversion="1" o-tmf="t" adminlang="en" datatype="plaintext"/><body>\n<tu tuid="1"><tuv xml:lang="en"><seg>Hello.</seg></tuv>\n<tuv xml:lang="de"><seg>Hal\u0090lo.</seg></tuv></tu></body></tmx>'
    with pytest.raises(SourceFormatError, match=r"^c1\.tmx, line 4: control character U\+0090 in the de text"):
        read_exchange_tmx(c1.encode(), path="c1.tmx")
    x_cp = c1.replace("Hal\u0090lo.", 'Hal<ph type="x-cp">0000</ph>lo.')
    with pytest.raises(SourceFormatError, match=r"control character U\+0000"):
        read_exchange_tmx(x_cp.encode(), path="cp.tmx")


def test_the_memory_import_refuses_control_characters(db, tmp_path):
    path = tmp_path / "memory.tmx"
    path.write_text(
        '<?xml version="1.0"?>\n<tmx version="1.4"><header srclang="en"/><body>\n'
        '<tu><tuv xml:lang="en"><seg>Hello there.</seg></tuv>\n<tuv xml:lang="de"><seg>Hallo\u009b da.</seg></tuv></tu>\n'
        "</body></tmx>",
        encoding="utf-8",
    )
    with pytest.raises(SourceFormatError, match=r"memory\.tmx, line 4: control character U\+009B"):
        read_memory_tmx(path)
    with pytest.raises(CommandError, match="control character"):
        call_command("import_tmx", str(path), verbosity=0)
    assert not MemoryEntry.objects.exists()


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_a_source_text_with_a_control_character_is_refused_with_its_line(db, tmp_path, suffix):
    path = tmp_path / f"text{suffix}"
    path.write_bytes(b"First paragraph.\r\n\r\nSecond\tone, with\x1b[31m colour.\n")
    with pytest.raises(SourceFormatError, match=rf"text\{suffix}, line 3: control character U\+001B"):
        document_import(path=path, slug="text")
    with pytest.raises(CommandError, match="line 3: control character"):
        call_command("import_document", str(path), "--slug", "text", verbosity=0)
    assert not Document.objects.exists()


# --- XLIFF state precedence ------------------------------------------------------------------


class _Segment(dict):
    get = dict.get


@pytest.mark.parametrize(
    "state, sub_state, expected",
    [
        ("translated", "wb:draft", State.TRANSLATED),  # inconsistent: state decides
        ("initial", "wb:needs_review", State.DRAFT),
        ("final", "wb:draft", State.APPROVED),
        (None, "wb:approved", State.DRAFT),  # no state is "initial"
        ("translated", "wb:needs_review", State.NEEDS_REVIEW),  # consistent: the refinement counts
        ("initial", "wb:needs_update", State.NEEDS_UPDATE),
        ("reviewed", "other:x", State.TRANSLATED),
    ],
)
def test_xliff_state_is_authoritative(state, sub_state, expected):
    attributes = {"subState": sub_state} | ({"state": state} if state else {})
    assert segment_state(_Segment(attributes)) == expected


def test_an_xliff_import_follows_state_over_a_contradicting_substate(essay):
    first = segments(essay)[0]
    data = xliff(
        f'<unit id="{first.key}"><segment state="translated" subState="wb:draft"><source>{first.source_text}</source>'
        "<target>Fertig.</target></segment></unit>"
    )
    [entry] = get_importer("xliff").parse(data, path="x.xlf").entries
    assert entry.state == State.TRANSLATED and not entry.fuzzy
    translation_file_import(document=essay, data=data, path="x.xlf")
    assert first.translations.get(language="de").state == State.TRANSLATED


# --- the entity guard sees every encoding ------------------------------------------------------

BOMB = '<?xml version="1.0" encoding="{encoding}"?>\n<!DOCTYPE x [<!ENTITY a "aaaa">]>\n<x>&a;</x>'


@pytest.mark.parametrize(
    "encoding, codec, bom",
    [
        ("UTF-32", "utf-32-le", True),
        ("UTF-32", "utf-32-be", True),
        ("UTF-32", "utf-32-le", False),
        ("UTF-32", "utf-32-be", False),
        ("UTF-16", "utf-16-le", False),
        ("UTF-16", "utf-16-be", True),
        ("UTF-8", "utf-8", True),
        ("ISO-8859-1", "latin-1", False),
    ],
)
def test_entity_declarations_are_found_in_every_encoding(encoding, codec, bom):
    data = (("\ufeff" if bom else "") + BOMB.format(encoding=encoding)).encode(codec)
    with pytest.raises(XMLFormatError, match=r"^bomb\.xml, line 2: XML entity declarations"):
        parse(data, path="bomb.xml")


def test_utf32_and_utf16_files_without_entities_still_parse():
    document = '<?xml version="1.0" encoding="{encoding}"?>\n<x>Grüße</x>'
    for encoding, codec, bom in [("UTF-32", "utf-32-le", "\ufeff"), ("UTF-32", "utf-32-be", ""), ("UTF-16", "utf-16-be", "")]:
        data = (bom + document.format(encoding=encoding)).encode(codec)
        assert detect_encoding(data).startswith(codec[:6])
        assert parse(data, path="ok.xml").text == "Grüße"
