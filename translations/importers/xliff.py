"""XLIFF 2.0 files into catalogs (the workbench's own exports, and other tools').

Each ``<unit>`` is one entry, its ``id`` the segment key. A unit a CAT tool
split into several ``<segment>`` s is joined back (sources and targets in
order, ``<ignorable>`` whitespace included). Inline ``<cp>`` becomes its
character; the text of ``<pc>`` and ``<mrk>`` is kept; a placeholder
``<ph id="1"/>`` is kept as the token ``⟦ph:1⟧`` (``xmltext``), which the
exporter turns back into ``<ph/>``; ``<sc>`` and ``<ec>`` (paired codes
around text) carry no text in a plain-text workbench and are dropped.

State: ``state`` is authoritative, as the standard says: ``initial`` reads
as draft, ``translated`` and ``reviewed`` as translated, ``final`` as
approved (an import never approves; see ``services.exchange``). A ``wb:``
subState refines it only when it agrees with ``state`` (``wb:needs_review``
under ``translated``); otherwise it is ignored. A unit's ``wb:version`` is
the version its entry was exported from. Characters from ``<cp>`` are
checked like any other: control characters are refused. XLIFF 1.2 is
refused with a clear message.
"""

from datetime import datetime, timezone
from pathlib import Path

from django.utils.translation import gettext as _

from ..exporters.base import FUZZY_STATES
from ..exporters.xliff import WORKBENCH_NS, XLIFF_NS, XLIFF_STATES
from ..models import State
from ..parsing import SourceFormatError
from ..xmltext import parse, placeholder_token
from .base import Catalog, CatalogEntry, Importer, check_control_characters, check_unique_keys, register

XLIFF_12_NS = "urn:oasis:names:tc:xliff:document:1.2"
_BY_XLIFF_STATE = {
    "initial": State.DRAFT,
    "translated": State.TRANSLATED,
    "reviewed": State.TRANSLATED,
    "final": State.APPROVED,
}
# Weakest first, as services.alignment_edit ranks them.
_STATE_RANK = [State.NEEDS_UPDATE, State.DRAFT, State.TRANSLATED, State.NEEDS_REVIEW, State.APPROVED]
_TEXT_INLINE = {"pc", "mrk"}


def _q(name: str) -> str:
    return f"{{{XLIFF_NS}}}{name}"


def _local(element) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def inline_text(element) -> str:
    parts = [element.text or ""]
    for child in element:
        name = _local(child)
        if name == "cp":
            try:
                parts.append(chr(int(child.get("hex", ""), 16)))
            except ValueError:
                raise SourceFormatError(
                    _("<cp hex=%(hex)r> is not a hexadecimal code point") % {"hex": child.get("hex")},
                    line=child.sourceline,
                ) from None
        elif name in _TEXT_INLINE:
            parts.append(inline_text(child))
        elif name == "ph" and child.get("id"):
            parts.append(placeholder_token(child.get("id")))
        parts.append(child.tail or "")
    return "".join(parts)


def segment_state(segment) -> str:
    """The workbench state one ``<segment>`` claims: ``state`` decides, ``subState`` only refines it.

    XLIFF 2.0 makes ``state`` authoritative (default ``initial``) and
    ``subState`` a private refinement of it, so a ``wb:`` subState counts only
    when it agrees with ``state`` (``wb:needs_review`` under ``translated``);
    under any other state it is ignored, as another tool would ignore it.
    """
    state = segment.get("state", "initial")
    sub_state = segment.get("subState", "")
    refined = sub_state[3:] if sub_state.startswith("wb:") else ""
    if refined in XLIFF_STATES and XLIFF_STATES[refined][0] == state:
        return refined
    return _BY_XLIFF_STATE.get(state, State.DRAFT)


def _claimed_state(segments) -> str:
    # A unit is only as far along as its least finished segment.
    return min((segment_state(s) for s in segments), key=_STATE_RANK.index)


def _base_version(unit, path) -> int | None:
    value = unit.get(f"{{{WORKBENCH_NS}}}version")
    if value is None:
        return None
    if not value.strip().isdigit() or len(value.strip()) > 9:
        raise SourceFormatError(
            _("wb:version=%(value)r of unit %(unit)r is not a whole number (leave it as exported)")
            % {"value": value, "unit": unit.get("id")},
            path=path,
            line=unit.sourceline,
        )
    return int(value)


def _parse_timestamp(value: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(value) if value else None
    except ValueError:
        return None
    if moment is not None and moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment


@register
class XliffImporter(Importer):
    id = "xliff"
    name = "XLIFF 2.0"
    extensions = ("xlf", "xliff")

    def parse(self, data: bytes, *, path: str | Path) -> Catalog:
        root = parse(data, path=path, what="XLIFF")
        if root.tag == f"{{{XLIFF_12_NS}}}xliff":
            raise SourceFormatError(
                _("this is XLIFF 1.2; the workbench reads XLIFF 2.0 (save as XLIFF 2 or export again)"),
                path=path,
                line=root.sourceline,
            )
        if root.tag != _q("xliff") or not root.get("version", "").startswith("2."):
            raise SourceFormatError(
                _("not an XLIFF 2 file (root element %(root)r, version %(version)r)")
                % {"root": root.tag, "version": root.get("version")},
                path=path,
                line=root.sourceline,
            )
        files = root.findall(_q("file"))
        if not files:
            raise SourceFormatError(_("the XLIFF file has no <file> element"), path=path, line=root.sourceline)
        first = files[0]
        catalog = Catalog(
            path=str(path),
            format=self.id,
            language_tag=root.get("trgLang", ""),
            language_line=root.sourceline,
            document=first.get(f"{{{WORKBENCH_NS}}}document", ""),
            document_line=first.sourceline,
            revised_at=_parse_timestamp(first.get(f"{{{WORKBENCH_NS}}}revisionDate", "")),
        )
        for file in files:
            for unit in file.iter(_q("unit")):
                catalog.entries.append(self._entry(unit, path))
        check_unique_keys(catalog, label="unit id")
        check_control_characters(catalog, label="unit")
        return catalog

    def _entry(self, unit, path) -> CatalogEntry:
        parts = [part for part in unit if _local(part) in ("segment", "ignorable")]
        segments = [part for part in parts if _local(part) == "segment"]
        if not segments:
            raise SourceFormatError(
                _("unit %(unit)r has no <segment>") % {"unit": unit.get("id")}, path=path, line=unit.sourceline
            )
        sources, targets = [], []
        try:
            for part in parts:
                source = part.find(_q("source"))
                if source is None:
                    raise SourceFormatError(_("a <segment> without <source>"), path=path, line=part.sourceline)
                sources.append(inline_text(source))
                target = part.find(_q("target"))
                if target is not None:
                    targets.append(inline_text(target))
                elif _local(part) == "ignorable":
                    # Whitespace between segments: without a target of its own it stays as in the source.
                    targets.append(sources[-1])
        except SourceFormatError as error:
            if error.path:
                raise
            raise SourceFormatError(error.reason, path=path, line=error.line) from None
        has_target = any(part.find(_q("target")) is not None for part in segments)
        state = _claimed_state(segments) if has_target else None
        return CatalogEntry(
            key=unit.get("id", ""),
            source="".join(sources),
            target="".join(targets) if has_target else "",
            line=unit.sourceline,
            fuzzy=state in FUZZY_STATES,
            state=state,
            base_version=_base_version(unit, path),
        )
