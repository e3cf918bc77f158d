"""The check contract.

All checks extend one of the base classes below, set ``check_id``, ``name``,
``description`` and ``severity``, and override exactly one method:

- ``TargetCheck.check_target(source, target, unit)``: one translated segment;
  return a message saying what is wrong, or ``None``. Untranslated segments
  are never passed.
- ``SourceCheck.check_source(source, unit)``: one source segment; its findings
  are stored with language "" and shown in every language.
- ``BlockCheck.check_block(units)``: all segments of one block (a paragraph,
  a block quotation …) at once, for problems that cross sentence boundaries;
  return ``{segment_id: message}``. ``source = True`` makes it a source check.

Checks are pure: everything they need is on the ``Unit`` s the runner builds
(texts, languages, the block's kind, glossary terms found in the source, the
registered quotation). They never touch the database, so a test can feed them
plain strings.
"""

from dataclasses import dataclass, field
from typing import Any

from ..models.quality import Severity


@dataclass
class Unit:
    """One segment as the checks see it: source and target text, and context."""

    segment_id: int
    key: str
    source: str
    target: str = ""
    source_language: str = "en"
    language: str = ""  # the target language; "" when only the source is checked
    block_kind: str = "paragraph"
    # Glossary terms whose source term occurs in ``source`` (``glossary.TermMatch``).
    glossary: list[Any] = field(default_factory=list)
    # The registered quotation this segment belongs to (``quotations.QuotedSegment``) or None.
    quotation: Any = None


class Check:
    check_id: str = ""
    name: str = ""
    description: str = ""
    severity: str = Severity.WARNING
    # True: looks at the source text only; findings have language "".
    source: bool = False

    def check_block(self, units: list[Unit]) -> dict[int, str]:
        """Findings for one block: ``{segment_id: message}``."""
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.check_id}>"


class TargetCheck(Check):
    """Compares one translated segment with its source."""

    def check_target(self, source: str, target: str, unit: Unit) -> str | None:
        raise NotImplementedError

    def check_block(self, units: list[Unit]) -> dict[int, str]:
        found = {}
        for unit in units:
            if unit.target.strip():
                message = self.check_target(unit.source, unit.target, unit)
                if message:
                    found[unit.segment_id] = message
        return found


class SourceCheck(Check):
    """Looks at one source segment."""

    source = True

    def check_source(self, source: str, unit: Unit) -> str | None:
        raise NotImplementedError

    def check_block(self, units: list[Unit]) -> dict[int, str]:
        found = {}
        for unit in units:
            message = self.check_source(unit.source, unit)
            if message:
                found[unit.segment_id] = message
        return found


class BlockCheck(Check):
    """Looks at a whole block at once; subclasses override ``check_block``."""
