"""The bad-input matrix: every import path against every kind of bad file.

One test per (path, case). A refused file must raise the path's error with a
message that names the file (and the line, where there is one) and says what
is wrong, and must leave every table of the app exactly as it was. Script
injection is not refused: the text is stored as text and shown escaped.

To cover a new import path add one ``ImportPath`` to ``IMPORT_PATHS``: how to
run it on a file, a small valid file, a well-formed file that is the wrong
document for it, and whether it reads XML (then the entity cases apply too;
parse with ``translations.safe_xml``). Covered: the source text import
(service and command), PO and XLIFF translation files, TMX into the memory,
the aligned import of an existing translation, and the XML reader itself.

The translation imports write into the document ``existing`` that every
test imports first (``ESSAY_MD``).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command

from translations import safe_xml
from translations.exporters.xliff import WORKBENCH_NS
from translations.models import Document, MemoryEntry, Segment
from translations.parsing import SourceFormatError
from translations.services.aligned_import import translation_align_import
from translations.services.documents import document_import, segment_key
from translations.services.exchange import translation_file_import
from translations.services.memory import memory_import_tmx

SLUG = "bad-input"
SCRIPT = '<script>alert("pwned")</script>'


@dataclass(frozen=True)
class ImportPath:
    id: str
    suffix: str
    valid: bytes
    wrong: bytes  # well-formed, but the wrong document for this path
    wrong_message: str  # regex the refusal of ``wrong`` must match
    load: Callable[[Path], object]  # runs the import; returns what it produced
    errors: tuple[type[Exception], ...]
    xml: bool = False
    # Text that ends up stored (and so shown) after a successful load, and the
    # admin page where a person sees it; None for paths that store nothing.
    stored: Callable[[object], list[str]] = field(default=lambda result: [])
    # The admin page that shows it: a path, or a function of nothing (for ids known only after the load).
    shown_at: str | Callable[[], str] | None = None
    # How to put ``SCRIPT`` into ``valid`` as the format escapes it (default: see ``_with_script``).
    inject: Callable[[bytes], bytes] | None = None


def _document_texts(_result) -> list[str]:
    return list(Segment.objects.filter(document__slug=SLUG).values_list("source_text", flat=True))


def _import_with_service(path: Path):
    return document_import(path=path, slug=SLUG, title="Bad input")


def _import_with_command(path: Path):
    call_command("import_document", str(path), slug=SLUG, verbosity=0)


def _parse_tmx(path: Path):
    return safe_xml.parse(path, max_bytes=settings.WORKBENCH_MAX_IMPORT_BYTES, root="tmx")


ESSAY_MD = "# A short text\n\nThe first paragraph says something. Then it ends — naïvely.\n".encode()
PO_CATALOG = b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Hello."\nmsgstr "Hallo."\n'
TMX = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n<header srclang="en"/>\n<body>\n'
    '<tu><tuv xml:lang="en"><seg>Hello.</seg></tuv><tuv xml:lang="de"><seg>Grüß dich.</seg></tuv></tu>\n'
    "</body>\n</tmx>\n"
).encode()
XLIFF = b'<?xml version="1.0"?>\n<xliff version="1.2"><file original="x" source-language="en"/></xliff>\n'

# Translations of ESSAY_MD (the document "existing") in each import format.
FIRST, SECOND = "The first paragraph says something.", "Then it ends — naïvely."
PO_DE = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: de\\n"\n'
    '"X-Document: existing\\n"\n\n'
    f'msgctxt "{segment_key(FIRST)}"\nmsgid "{FIRST}"\nmsgstr "Der erste Absatz sagt etwas."\n\n'
    f'msgctxt "{segment_key(SECOND)}"\nmsgid "{SECOND}"\nmsgstr "Dann endet er — naïv."\n'
).encode()
XLIFF_DE = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    f'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" xmlns:wb="{WORKBENCH_NS}" version="2.0" '
    'srcLang="en" trgLang="de">\n<file id="f1" wb:document="existing">\n'
    f'<unit id="{segment_key(FIRST)}"><segment state="translated"><source>{FIRST}</source>'
    "<target>Der erste Absatz sagt etwas.</target></segment></unit>\n"
    f'<unit id="{segment_key(SECOND)}"><segment state="translated"><source>{SECOND}</source>'
    "<target>Dann endet er — naïv.</target></segment></unit>\n"
    "</file>\n</xliff>\n"
).encode()
ALIGNED_DE = "# Ein kurzer Text\n\nDer erste Absatz sagt etwas. Dann endet er — naïv.\n".encode()


def _existing() -> Document:
    return Document.objects.get(slug="existing")


def _import_translation_file(path: Path):
    return translation_file_import(document=_existing(), data=path.read_bytes(), path=path)


def _import_tmx_into_memory(path: Path):
    return memory_import_tmx(path=path)


def _align_translation(path: Path):
    return translation_align_import(document=_existing(), language="de", path=path)


def _german_texts(_result) -> list[str]:
    return [segment.text_in("de") for segment in Segment.objects.filter(document__slug="existing")]


def _memory_texts(_result) -> list[str]:
    return list(MemoryEntry.objects.values_list("source_text", flat=True))


def _german_translate_view() -> str:
    return f"/admin/translations/document/{_existing().pk}/translate/de/"


def _escaped_script(valid: bytes, anchor: bytes, script: bytes) -> bytes:
    return valid.replace(anchor, anchor.replace(b" etwas", b" " + script + b" etwas"), 1)

IMPORT_PATHS = [
    ImportPath(
        id="document_import",
        suffix=".md",
        valid=ESSAY_MD,
        wrong=PO_CATALOG,
        wrong_message=r"PO catalog, not a source text",
        load=_import_with_service,
        errors=(SourceFormatError,),
        stored=_document_texts,
        shown_at="/admin/translations/segment/",
    ),
    ImportPath(
        id="import_document_command",
        suffix=".md",
        valid=ESSAY_MD,
        wrong=TMX,
        wrong_message=r"XML file .*not a source text",
        load=_import_with_command,
        errors=(CommandError,),
        stored=_document_texts,
        shown_at="/admin/translations/segment/",
    ),
    ImportPath(
        id="po_import",
        suffix=".po",
        valid=PO_DE,
        wrong=PO_DE.replace(b"X-Document: existing", b"X-Document: another-text"),
        wrong_message=r"belongs to the document 'another-text', not 'existing'",
        load=_import_translation_file,
        errors=(SourceFormatError,),
        stored=_german_texts,
        shown_at=_german_translate_view,
        inject=lambda valid: _escaped_script(valid, b'msgstr "Der erste Absatz sagt etwas."', SCRIPT.replace('"', '\\"').encode()),
    ),
    ImportPath(
        id="xliff_import",
        suffix=".xlf",
        valid=XLIFF_DE,
        wrong=XLIFF_DE.replace(b'wb:document="existing"', b'wb:document="another-text"'),
        wrong_message=r"belongs to the document 'another-text', not 'existing'",
        load=_import_translation_file,
        errors=(SourceFormatError,),
        xml=True,
        stored=_german_texts,
        shown_at=_german_translate_view,
        inject=lambda valid: _escaped_script(
            valid, b"<target>Der erste Absatz sagt etwas.", b"&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;"
        ),
    ),
    ImportPath(
        id="tmx_memory_import",
        suffix=".tmx",
        valid=TMX,
        wrong=XLIFF_DE,
        wrong_message=r"expected a <tmx> document, found <xliff>",
        load=_import_tmx_into_memory,
        errors=(SourceFormatError,),
        xml=True,
        stored=_memory_texts,
        shown_at="/admin/translations/memoryentry/",
    ),
    ImportPath(
        id="aligned_import",
        suffix=".md",
        valid=ALIGNED_DE,
        wrong=PO_DE,
        wrong_message=r"PO catalog, not a source text",
        load=_align_translation,
        errors=(SourceFormatError,),
        stored=_german_texts,
        shown_at=_german_translate_view,
        inject=lambda valid: _escaped_script(valid, b"sagt etwas.", SCRIPT.encode()),
    ),
    # The shared XML reader every XML import uses, on its own.
    ImportPath(
        id="safe_xml_tmx",
        suffix=".tmx",
        valid=TMX,
        wrong=XLIFF,
        wrong_message=r"expected a <tmx> document, found <xliff>",
        load=_parse_tmx,
        errors=(safe_xml.XMLFormatError,),
        xml=True,
        stored=lambda root: [root.xpath("string(//seg)")],
    ),
]


def _not_utf8(path: ImportPath) -> bytes:
    # Windows-1252 bytes where UTF-8 is expected: "naïvely", "—", "Grüß" become single high bytes.
    return path.valid.decode("utf-8").encode("cp1252")


def _truncated(path: ImportPath) -> bytes:
    if path.xml:
        return path.valid[: len(path.valid) // 2]
    # Cut inside the two bytes of "ï": a download or copy that stopped short.
    return path.valid[: path.valid.index("ï".encode()) + 1]


def _huge(path: ImportPath) -> bytes:
    limit = settings.WORKBENCH_MAX_IMPORT_BYTES
    return path.valid + b" " * (limit + 1 - len(path.valid))


def _with_script(path: ImportPath) -> bytes:
    if path.inject is not None:
        return path.inject(path.valid)
    if path.xml:
        return path.valid.replace(b"<seg>Hello.</seg>", b"<seg>Hello &lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;.</seg>")
    return path.valid.replace(b"says something.", f"says {SCRIPT} something.".encode())


XXE = (
    b'<?xml version="1.0"?>\n<!DOCTYPE tmx [\n<!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n'
    b'<tmx version="1.4"><body><tu><tuv xml:lang="en"><seg>&xxe;</seg></tuv></tu></body></tmx>\n'
)
BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE tmx [\n<!ENTITY lol "lol">\n'
    + b"".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">\n'.encode() for n in range(1, 10)
    )
    + b']>\n<tmx version="1.4"><body><tu><tuv xml:lang="en"><seg>&lol9;</seg></tuv></tu></body></tmx>\n'
)


@dataclass(frozen=True)
class Case:
    build: Callable[[ImportPath], bytes]
    message: str | None  # regex the error must match; None: the file is accepted
    has_line: bool = False
    xml_only: bool = False


CASES = {
    "empty": Case(lambda path: b"", r"the file is empty"),
    "binary": Case(lambda path: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), r"binary file", has_line=True),
    "not_utf8": Case(_not_utf8, r"not valid UTF-8", has_line=True),
    "truncated": Case(_truncated, r"truncated", has_line=True),
    "huge": Case(_huge, r"the file is \d+ bytes; the limit is \d+"),
    "xml_external_entity": Case(lambda path: XXE, r"entity declarations .* not allowed", has_line=True, xml_only=True),
    "xml_entity_bomb": Case(lambda path: BILLION_LAUGHS, r"entity declarations .* not allowed", has_line=True, xml_only=True),
    "wrong_document": Case(lambda path: path.wrong, "<per path>"),
    "script_injection": Case(_with_script, None),
}

MATRIX = [
    pytest.param(path, name, id=f"{path.id}-{name}")
    for path in IMPORT_PATHS
    for name, case in CASES.items()
    if path.xml or not case.xml_only
]


def snapshot() -> dict[str, list[dict]]:
    """Every row of every table of the app (and the users), to compare before and after."""
    models = list(apps.get_app_config("translations").get_models()) + [apps.get_model("auth", "User")]
    return {model._meta.label: list(model.objects.order_by("pk").values()) for model in models}


@pytest.mark.parametrize(("path", "case_name"), MATRIX)
def test_bad_input(path: ImportPath, case_name: str, tmp_path, db, client, django_user_model):
    case = CASES[case_name]
    # A document already exists, so "leaves the database as it was" is not trivially true.
    document_import(path=_write(tmp_path / "existing.md", ESSAY_MD), slug="existing")
    upload = _write(tmp_path / f"upload{path.suffix}", case.build(path))
    before = snapshot()

    if case.message is None:
        result = path.load(upload)
        stored = path.stored(result)
        assert any(SCRIPT in text for text in stored), f"the text was not stored as written: {stored}"
        if path.shown_at:
            client.force_login(django_user_model.objects.create(username="root", is_staff=True, is_superuser=True))
            url = path.shown_at() if callable(path.shown_at) else path.shown_at
            response = client.get(url)
            assert response.status_code == 200, url
            page = response.content.decode()
            assert "&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;" in page
            assert SCRIPT not in page
        return

    with pytest.raises(path.errors) as refused:
        path.load(upload)
    message = str(refused.value)
    expected = path.wrong_message if case_name == "wrong_document" else case.message
    assert re.search(expected, message), message
    assert upload.name in message, f"the error does not name the file: {message}"
    if case.has_line:
        assert re.search(r", line \d+:", message), f"the error does not name the line: {message}"
    assert snapshot() == before


def _write(target: Path, data: bytes) -> Path:
    target.write_bytes(data)
    return target


def test_the_size_limit_is_the_documented_ten_mebibytes():
    assert settings.WORKBENCH_MAX_IMPORT_BYTES == 10 * 1024 * 1024
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == settings.WORKBENCH_MAX_IMPORT_BYTES
    readme = Path(__file__).resolve().parent.parent / "docs" / "deployment.md"
    assert "WORKBENCH_MAX_IMPORT_BYTES" in readme.read_text(encoding="utf-8")


def test_a_doctype_without_declarations_is_read_without_loading_the_dtd():
    """TMX 1.4 files carry `<!DOCTYPE tmx SYSTEM "tmx14.dtd">`; the DTD is neither fetched nor needed."""
    data = TMX.replace(b"<tmx version", b'<!DOCTYPE tmx SYSTEM "http://127.0.0.1:9/tmx14.dtd">\n<tmx version', 1)
    root = safe_xml.parse(data, path="memory.tmx", root="tmx")
    assert root.xpath("string(//tuv[@xml:lang='de']/seg)") == "Grüß dich."


def test_an_undeclared_entity_is_an_error_not_an_empty_string():
    with pytest.raises(safe_xml.XMLFormatError, match=r"x\.tmx, line 1: the XML uses an undeclared entity"):
        safe_xml.parse(b"<tmx><seg>&nbsp;</seg></tmx>", path="x.tmx")
