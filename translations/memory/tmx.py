"""Reading TMX files (Translation Memory eXchange 1.4, also 1.1–1.3) into source/target pairs.

Safe by construction: ``safe_xml`` parses it (external entities unresolved,
no DTD loading, no network); a file declaring entities is refused outright,
and the file size is capped (``WORKBENCH_MAX_IMPORT_BYTES``). A malformed
file raises ``SourceFormatError`` naming the file and the line.

Each ``<tu>`` gives one pair per ``<tuv>`` other than the source one. The
source language is the ``<tu srclang>``, else the header's ``srclang``; for
``*all*`` the workbench's source language is taken when present, else the
first ``<tuv>``. Language codes are mapped onto the configured ones (``de-DE``
→ ``de``, ``zh-CN`` → ``zh-hans``); pairs in other languages are counted and
skipped. Inline codes (``<bpt>``, ``<ept>``, ``<ph>``, ``<it>``, ``<ut>``)
hold the original format's markup and are left out of the text. Control
characters other than tab and newline are refused, as by every importer.

State. A ``<tuv>`` may say how finished it is in a ``<prop type="x-state">``
(the workbench's TMX export; ``x-status`` too, as some tools write it). Only
finished variants belong in a memory: ``TmxPair.finished`` is true when the
state is one of ``FINISHED_STATES`` (approved, final, …) **or when the file
gives no state at all** — a TMX from another tool is by convention a memory
of finished translations. ``import_tmx --all-states`` takes the rest too.
"""

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from .. import languages, safe_xml
from ..parsing import SourceFormatError, control_characters_refuse

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
INLINE_CODES = frozenset({"bpt", "ept", "ph", "it", "ut"})
STATE_PROPS = ("x-state", "x-status")
FINISHED_STATES = frozenset({"approved", "final", "signed-off", "signed_off", "confirmed"})
_CHINESE = {"zh-cn": "zh-hans", "zh-sg": "zh-hans", "zh-hans": "zh-hans", "zh-tw": "zh-hant", "zh-hk": "zh-hant"}


@dataclass
class TmxPair:
    line: int
    source_language: str
    target_language: str
    source: str
    target: str
    finished: bool = True  # the target's state is final/approved, or not given


@dataclass
class TmxContent:
    pairs: list[TmxPair] = field(default_factory=list)
    units: int = 0
    skipped_languages: Counter = field(default_factory=Counter)  # unconfigured code -> variants skipped
    without_source: int = 0  # units with no variant in the source language


def workbench_language(code: str) -> str | None:
    """The configured language a TMX language code stands for, or None."""
    code = (code or "").strip().lower().replace("_", "-")
    configured = languages.codes()
    for candidate in (code, _CHINESE.get(code), _CHINESE.get("-".join(code.split("-")[:2])), code.split("-")[0]):
        if candidate and candidate in configured:
            return candidate
    return None


def segment_text(element) -> str:
    """The text of a ``<seg>``, without the content of inline codes (nor of comments)."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.tag not in INLINE_CODES:
            parts.append(segment_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _finished(tuv) -> bool:
    states = [
        (prop.text or "").strip().lower() for prop in tuv.findall("prop") if prop.get("type") in STATE_PROPS
    ]
    return not states or states[0] in FINISHED_STATES


def read_tmx(path: str | Path, *, max_bytes: int | None = None) -> TmxContent:
    path = Path(path)
    if not path.is_file():
        raise SourceFormatError(_("no such file"), path=path)
    root = safe_xml.parse(path, max_bytes=max_bytes or settings.WORKBENCH_MAX_IMPORT_BYTES, root="tmx")
    if root.tag != "tmx":  # a namespaced <tmx> is not TMX either
        raise SourceFormatError(
            _("not a TMX file: the root element is <%(root)s>, not <tmx>") % {"root": root.tag},
            path=path,
            line=root.sourceline,
        )
    header, body = root.find("header"), root.find("body")
    if header is None or body is None:
        raise SourceFormatError(_("a TMX file needs a <header> and a <body>"), path=path, line=root.sourceline)
    default_source = header.get("srclang", "")
    content = TmxContent()
    for tu in body.iter("tu"):
        content.units += 1
        variants: list[tuple[str, str, int]] = []
        for tuv in tu.findall("tuv"):
            code = tuv.get(XML_LANG) or tuv.get("lang")
            seg = tuv.find("seg")
            if not code:
                raise SourceFormatError(_("<tuv> without xml:lang"), path=path, line=tuv.sourceline)
            if seg is None:
                raise SourceFormatError(_("<tuv> without <seg>"), path=path, line=tuv.sourceline)
            language = workbench_language(code)
            if language is None:
                content.skipped_languages[code] += 1
                continue
            raw = segment_text(seg)
            control_characters_refuse(
                raw,
                path=path,
                line=tuv.sourceline,
                where=_("in the %(language)s text of a unit") % {"language": code},
                count_lines=False,
            )
            text = " ".join(raw.split())
            if text:
                variants.append((language, text, tuv.sourceline, _finished(tuv)))
        source_code = tu.get("srclang") or default_source
        if not source_code:
            raise SourceFormatError(
                _("no source language: set srclang on <header> or <tu>"), path=path, line=tu.sourceline
            )
        if source_code == "*all*":
            present = [language for language, *_rest in variants]
            source_language = settings.WORKBENCH_SOURCE_LANGUAGE if settings.WORKBENCH_SOURCE_LANGUAGE in present else (present or [None])[0]
        else:
            source_language = workbench_language(source_code)
        source = next((text for language, text, *_rest in variants if language == source_language), None)
        if source is None:
            content.without_source += 1
            continue
        for language, text, line, finished in variants:
            if language != source_language:
                content.pairs.append(TmxPair(line, source_language, language, source, text, finished))
    return content
