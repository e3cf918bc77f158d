"""TMX 1.4b and XLIFF 2.0: valid against their schemas, read back by our parsers; CSV."""

import csv
import io
from pathlib import Path

import pytest
import xmlschema
from lxml import etree

from tests.formats_support import export, segments, snapshot
from translations.importers import get
from translations.importers.tmx import read_tmx
from translations.models import State
from translations.parsing import SourceFormatError
from translations.services.exchange import translation_file_import
from translations.services.translations import translation_save, translation_set_state

SCHEMAS = Path(__file__).parent / "schemas"


@pytest.fixture(scope="module")
def tmx_schema():
    return xmlschema.XMLSchema(SCHEMAS / "tmx14b.xsd"), etree.XMLSchema(etree.parse(SCHEMAS / "tmx14b.xsd"))


@pytest.fixture(scope="module")
def xliff_schema():
    path = SCHEMAS / "xliff_core_2.0_subset.xsd"
    return xmlschema.XMLSchema(path), etree.XMLSchema(etree.parse(path))


def assert_valid(schemas, data: bytes):
    by_xmlschema, by_lxml = schemas
    by_xmlschema.validate(io.BytesIO(data))
    by_lxml.assertValid(etree.fromstring(data))


@pytest.fixture
def varied(essay_with_samples):
    """The essay with every state in German, and a character XML cannot hold (U+FFFE, a noncharacter).

    Control characters (a form feed, say) are refused by every importer
    (tests/test_integrity_text.py); a noncharacter is exported as ``<cp>`` and read back.
    """
    first, second, third, fourth = segments(essay_with_samples)[:4]
    translation_save(segment=first, language="de", text="Geprüft.\ufffeSeite zwei.")
    translation_set_state(segment=first, language="de", state=State.APPROVED)
    translation_save(segment=second, language="de", text="Übersetzt.")
    translation_set_state(segment=third, language="de", state=State.NEEDS_REVIEW)
    translation_save(segment=fourth, language="de", text="Veraltet.", state=State.NEEDS_UPDATE)
    translation_save(segment=segments(essay_with_samples)[0], language="ar", text="نص عربي")
    return essay_with_samples


# --- The schemas themselves must be able to say no ---


def test_the_schemas_refuse_what_the_standards_forbid(tmx_schema, xliff_schema):
    no_seg = b'<tmx version="1.4"><header creationtool="x" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="en" datatype="plaintext"/><body><tu><tuv xml:lang="en"/></tu></body></tmx>'
    bad_date = no_seg.replace(b'<tuv xml:lang="en"/>', b'<tuv xml:lang="en" changedate="2026-01-01"><seg>x</seg></tuv>')
    for data in (no_seg, bad_date):
        assert not tmx_schema[0].is_valid(io.BytesIO(data)) and not tmx_schema[1].validate(etree.fromstring(data))
    ns = b'xmlns="urn:oasis:names:tc:xliff:document:2.0"'
    bad_state = b"<xliff " + ns + b' version="2.0" srcLang="en"><file id="f"><unit id="u"><segment state="done"><source>x</source></segment></unit></file></xliff>'
    duplicate = b"<xliff " + ns + b' version="2.0" srcLang="en"><file id="f"><unit id="u"><segment><source>x</source></segment></unit><unit id="u"><segment><source>y</source></segment></unit></file></xliff>'
    for data in (bad_state, duplicate):
        assert not xliff_schema[0].is_valid(io.BytesIO(data)) and not xliff_schema[1].validate(etree.fromstring(data))


# --- TMX ---


def test_tmx_is_valid_and_has_one_tu_per_segment_with_every_translated_language(varied, tmx_schema):
    data = export(varied, "tmx")
    assert_valid(tmx_schema, data)
    memory = read_tmx(data, path="essay.tmx")
    assert memory.source_language == "en" and memory.props["x-document"] == "essay"
    assert len(memory.units) == 43
    assert set(memory.languages()) == {"en", "de", "fr", "ru", "ar"}  # es and zh-Hans have nothing yet
    first = memory.units[0]
    key = segments(varied)[0].key
    assert first.tuid == f"essay:{key}"
    assert first.variants["de"].text == "Geprüft.\ufffeSeite zwei."  # the noncharacter survives as <ph type="x-cp">
    assert first.variants["de"].state == State.APPROVED
    assert first.variants["de"].changed_at is not None
    assert first.variants["ar"].text == "نص عربي"
    assert first.variants["en"].text == segments(varied)[0].source_text
    assert first.props == {"x-block": "1", "x-block-kind": "paragraph"}


def test_tmx_of_chosen_languages_and_zh_hans_tag(varied, tmx_schema):
    translation_save(segment=segments(varied)[1], language="zh-hans", text="中文。")
    data = export(varied, "tmx", "zh-hans")
    assert_valid(tmx_schema, data)
    memory = read_tmx(data, path="x.tmx")
    assert set(memory.languages()) == {"en", "zh-Hans"}


def test_tmx_reader_handles_other_tools_markup_and_refuses_garbage():
    data = """<?xml version="1.0"?>
<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t"
 adminlang="en" srclang="en" datatype="plaintext"/><body>
<tu tuid="7"><tuv xml:lang="en"><seg>Press <bpt i="1">&lt;b&gt;</bpt>Save<ept i="1">&lt;/b&gt;</ept> <hi>now</hi></seg></tuv>
<tuv lang="de"><seg>Jetzt <ph>{0}</ph>speichern</seg></tuv></tu></body></tmx>""".encode()
    unit = read_tmx(data, path="other.tmx").units[0]
    assert unit.variants["en"].text == "Press Save now"
    assert unit.variants["de"].text == "Jetzt speichern"
    with pytest.raises(SourceFormatError, match=r"other.tmx, line 3: not a well-formed TMX"):
        read_tmx(b"<?xml version='1.0'?>\n<tmx>\n<header></tmx>", path="other.tmx")
    with pytest.raises(SourceFormatError, match="not a TMX file"):
        read_tmx(b"<xliff/>", path="x.tmx")


# --- XLIFF ---


def test_xliff_is_valid_and_carries_states_direction_and_groups(varied, xliff_schema):
    data = export(varied, "xliff", "de")
    assert_valid(xliff_schema, data)
    root = etree.fromstring(data)
    ns = {"x": "urn:oasis:names:tc:xliff:document:2.0"}
    assert (root.get("srcLang"), root.get("trgLang"), root.get("version")) == ("en", "de", "2.0")
    first, second, third, fourth, fifth = segments(varied)[:5]
    state = {
        unit.get("id"): (unit.find("x:segment", ns).get("state"), unit.find("x:segment", ns).get("subState"))
        for unit in root.iterfind(".//x:unit", ns)
    }
    assert state[first.key] == ("final", None)
    assert state[second.key] == ("translated", None)
    assert state[third.key] == ("translated", "wb:needs_review")
    assert state[fourth.key] == ("initial", "wb:needs_update")
    assert state[fifth.key] == ("initial", "wb:draft")
    unit = root.find(f".//x:unit[@id='{first.key}']", ns)
    assert unit.find("x:segment/x:target/x:cp", ns).get("hex") == "FFFE"
    assert unit.getparent().get("type") == "wb:paragraph"
    arabic = etree.fromstring(export(varied, "xliff", "ar"))
    assert arabic.find("x:file", ns).get("trgDir") == "rtl"
    assert_valid(xliff_schema, export(varied, "xliff", "zh-hans"))


def test_xliff_round_trip_keeps_every_state_and_imports_edits(varied):
    data = export(varied, "xliff", "de")
    before = snapshot(varied)
    report = translation_file_import(document=varied, data=data, path="essay.de.xlf")
    assert (report.unchanged, report.updated) == (43, 0)
    assert snapshot(varied) == before
    second = segments(varied)[1]
    edited = data.replace("Übersetzt.".encode(), "Neu übersetzt.".encode())
    report = translation_file_import(document=varied, data=edited, path="essay.de.xlf")
    assert report.updated == 1
    second.refresh_from_db()
    assert second.text_in("de") == "Neu übersetzt."


def test_xliff_from_another_tool_without_wb_states(essay):
    first, second, third = segments(essay)[:3]
    head, tail = third.source_text.split(" ", 1)  # the tool split this unit into two segments
    data = f"""<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en-US" trgLang="fr-FR">
 <file id="f1">
  <unit id="{first.key}"><segment state="final"><source>{first.source_text}</source><target>Final.</target></segment></unit>
  <unit id="{second.key}"><segment state="initial"><source>{second.source_text}</source><target>Brouillon.</target></segment></unit>
  <unit id="{third.key}"><segment state="translated"><source>{head}</source><target>Début</target></segment>
   <ignorable><source> </source></ignorable>
   <segment state="reviewed"><source>{tail}</source><target><pc id="1">fin</pc>.</target></segment></unit>
 </file>
</xliff>""".encode()
    report = translation_file_import(document=essay, data=data, path="tool.xlf")
    assert (report.language, report.updated, report.source_changed) == ("fr", 3, 0)
    assert first.translations.get(language="fr").state == State.TRANSLATED  # a file never approves
    assert second.translations.get(language="fr").state == State.DRAFT
    third.refresh_from_db()
    assert third.text_in("fr") == "Début fin."


def test_xliff_refusals_name_file_and_line(essay_with_samples):
    before = snapshot(essay_with_samples)
    xliff12 = b'<?xml version="1.0"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file/></xliff>'
    with pytest.raises(SourceFormatError, match=r"old.xlf, line 2: this is XLIFF 1.2"):
        translation_file_import(document=essay_with_samples, data=xliff12, path="old.xlf")
    broken = export(essay_with_samples, "xliff", "de").replace(b"</source>", b"</sourc>", 1)
    with pytest.raises(SourceFormatError, match=r"broken.xlf, line \d+: not a well-formed XLIFF file"):
        translation_file_import(document=essay_with_samples, data=broken, path="broken.xlf")
    key = segments(essay_with_samples)[1].key
    duplicate = export(essay_with_samples, "xliff", "de").replace(f'id="{key}"'.encode(), b'id="8a19d212"')
    with pytest.raises(SourceFormatError, match="duplicate unit id '8a19d212'"):
        translation_file_import(document=essay_with_samples, data=duplicate, path="dup.xlf")
    assert snapshot(essay_with_samples) == before


def test_entity_declarations_are_refused_before_anything_is_expanded(essay):
    bomb = b"""<?xml version="1.0"?>
<!DOCTYPE xliff [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="de"><file id="f">
<unit id="x"><segment><source>&b;</source><target>&b;</target></segment></unit></file></xliff>"""
    with pytest.raises(SourceFormatError, match=r"bomb\.xlf, line 2: XML entity declarations .* are not allowed"):
        get("xliff").parse(bomb, path="bomb.xlf")


# --- CSV ---


def test_csv_has_source_texts_and_states_and_defuses_formulas(varied):
    translation_save(segment=segments(varied)[2], language="fr", text="=HYPERLINK(\"http://evil\")")
    rows = list(csv.reader(io.StringIO(export(varied, "csv", "de", "fr", "es").decode("utf-8"))))
    assert rows[0] == [
        "key", "block", "kind", "en", "de", "de state", "de version", "fr", "fr state", "fr version",
        "es", "es state", "es version",
    ]  # fmt: skip
    assert len(rows) == 44
    first = segments(varied)[0]
    assert rows[1][:5] == [first.key, "1", "paragraph", first.source_text, "Geprüft.\ufffeSeite zwei."]
    assert rows[1][5] == "approved"
    assert rows[1][6] == "3"  # saved, then approved: the version an import compares
    assert rows[3][7] == "'=HYPERLINK(\"http://evil\")"
    assert rows[-1][10:] == ["", "untranslated", "0"]


def test_csv_bom_option_of_the_export_command(essay_with_samples, tmp_path):
    from django.core.management import CommandError, call_command

    call_command("export", "essay", "--format", "csv", "--lang", "ru", "--bom", "--out", str(tmp_path), verbosity=0)
    data = (tmp_path / "essay.ru.csv").read_bytes()
    assert data.startswith("\ufeffkey,".encode("utf-8"))
    assert data[3:] == export(essay_with_samples, "csv", "ru")
    with pytest.raises(CommandError, match="CSV"):
        call_command("export", "essay", "--format", "tmx", "--bom", "--out", str(tmp_path), verbosity=0)


def test_xliff_placeholders_survive_import_and_re_export(db, tmp_path, xliff_schema):
    from translations.services.documents import document_import
    from translations.services.exchange import translation_file_import

    source = tmp_path / "ui.txt"
    source.write_text("Click \u27e6ph:1\u27e7 to save.\n")
    document = document_import(path=source, slug="ui", title="UI").document
    segment = segments(document)[0]
    exported = export(document, "xliff", "de")
    assert b'<source>Click <ph id="1"/> to save.</source>' in exported
    # A CAT tool moves the placeholder where German needs it.
    data = exported.replace(
        b'<source>Click <ph id="1"/> to save.</source>',
        b'<source>Click <ph id="1"/> to save.</source><target>Zum Speichern <ph id="1"/> klicken.</target>',
    )
    report = translation_file_import(document=document, data=data, path="ui.de.xlf")
    assert (report.updated, report.source_changed) == (1, 0)
    segment.refresh_from_db()
    assert segment.text_in("de") == "Zum Speichern \u27e6ph:1\u27e7 klicken."
    again = export(document, "xliff", "de")
    assert b'<target>Zum Speichern <ph id="1"/> klicken.</target>' in again
    assert_valid(xliff_schema, again)
