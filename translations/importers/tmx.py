"""TMX (1.1–1.4b) parsed into translation units, for code that reuses memories.

``read_tmx(data, path=...)`` returns a ``TmxFile``: the source language and
header props, then one ``TmxUnit`` per ``<tu>`` with its ``tuid``, props and
one ``TmxVariant`` per language (text, workbench state from an ``x-state``
prop, change date and author, line). Nothing is written: a translation
memory or a document import decides what to do with the units.

Inline markup: ``<hi>`` and ``<sub>`` keep their text; native codes
(``<bpt>``, ``<ept>``, ``<it>``, ``<ph>``, ``<ut>``) are dropped, except the
``<ph type="x-cp">`` our exporter writes for characters XML cannot hold,
which become that character again; control characters other than tab and
newline are refused, like every importer does. Errors name the file and line.
"""

from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from django.utils.translation import gettext as _

from ..parsing import SourceFormatError, control_characters_refuse
from ..xmltext import XML_LANG, parse

_TEXT_INLINE = {"hi", "sub"}


@dataclass
class TmxVariant:
    language: str  # as written: "de", "zh-Hans"
    text: str
    line: int | None
    state: str = ""  # the x-state prop, "" when absent
    changed_at: datetime | None = None
    changed_by: str = ""
    props: dict[str, str] = field(default_factory=dict)


@dataclass
class TmxUnit:
    tuid: str
    line: int | None
    props: dict[str, str] = field(default_factory=dict)
    variants: dict[str, TmxVariant] = field(default_factory=dict)


@dataclass
class TmxFile:
    path: str
    source_language: str
    props: dict[str, str] = field(default_factory=dict)
    units: list[TmxUnit] = field(default_factory=list)

    def languages(self) -> list[str]:
        seen: dict[str, None] = {}
        for unit in self.units:
            seen.update(dict.fromkeys(unit.variants))
        return list(seen)


def tmx_datetime(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc)
    except ValueError:
        return None


def seg_text(element) -> str:
    parts = [element.text or ""]
    for child in element:
        if not isinstance(child.tag, str):  # a comment or processing instruction
            parts.append(child.tail or "")
            continue
        if child.tag in _TEXT_INLINE:
            parts.append(seg_text(child))
        elif child.tag == "ph" and child.get("type") == "x-cp":
            try:
                parts.append(chr(int((child.text or "").strip(), 16)))
            except ValueError:
                raise SourceFormatError(
                    _("bad x-cp placeholder %(text)r") % {"text": child.text}, line=child.sourceline
                ) from None
        parts.append(child.tail or "")
    return "".join(parts)


def _props(element) -> dict[str, str]:
    return {prop.get("type", ""): prop.text or "" for prop in element.findall("prop")}


def read_tmx(data: bytes, *, path: str | Path = "") -> TmxFile:
    root = parse(data, path=path, what="TMX")
    if root.tag != "tmx":
        raise SourceFormatError(
            _("not a TMX file (root element <%(root)s>)") % {"root": root.tag}, path=path, line=root.sourceline
        )
    header, body = root.find("header"), root.find("body")
    if header is None or body is None:
        raise SourceFormatError(_("a TMX file needs <header> and <body>"), path=path, line=root.sourceline)
    result = TmxFile(path=str(path), source_language=header.get("srclang", ""), props=_props(header))
    for tu in body.iter("tu"):
        unit = TmxUnit(tuid=tu.get("tuid", ""), line=tu.sourceline, props=_props(tu))
        for tuv in tu.findall("tuv"):
            # TMX 1.1–1.3 spelled the attribute "lang".
            language = tuv.get(XML_LANG) or tuv.get("lang") or ""
            seg = tuv.find("seg")
            if not language or seg is None:
                raise SourceFormatError(
                    _("a <tuv> needs xml:lang and a <seg>"), path=path, line=tuv.sourceline
                )
            try:
                text = seg_text(seg)
            except SourceFormatError as error:
                raise SourceFormatError(error.reason, path=path, line=error.line) from None
            control_characters_refuse(
                text,
                path=path,
                line=tuv.sourceline,
                where=_("in the %(language)s text of unit %(unit)r") % {"language": language, "unit": unit.tuid},
                count_lines=False,
            )
            props = _props(tuv)
            unit.variants[language] = TmxVariant(
                language=language,
                text=text,
                line=tuv.sourceline,
                state=props.get("x-state", ""),
                changed_at=tmx_datetime(tuv.get("changedate")),
                changed_by=tuv.get("changeid", ""),
                props=props,
            )
        result.units.append(unit)
    return result
