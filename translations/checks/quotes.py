"""Quotation marks: balanced in the source, balanced in the translation, in the target's style.

Balance is decided per **block** (paragraph, block quotation …), not per
segment: a quotation often runs over several sentences, opening in one
segment and closing in a later one, and that is not a mistake. The finding is
stored on the segment where the unmatched mark stands — for the essay, the
segment with Trotsky's “it is not so much military intervention …, which
opens a quotation the paragraph never closes.

Known limit: English typography lets a quotation that runs over several
paragraphs open every paragraph and close only the last; each such paragraph
is reported and can be dismissed.
"""

import functools
import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models.quality import Severity
from .base import BlockCheck, TargetCheck, Unit
from .conventions import DOUBLE_QUOTES, quote_style

_SNIPPET = 40


@functools.lru_cache(maxsize=64)
def _marks_pattern(marks: frozenset[str]) -> re.Pattern:
    return re.compile("[" + "".join(re.escape(mark) for mark in sorted(marks)) + "]")


def unmatched_marks(text: str, code: str) -> list[tuple[int, str, str]]:
    """``(offset, mark, "open"|"close")`` for every quotation mark of ``text`` without a partner."""
    pairs = quote_style(code).pairs
    closing_for = {opening: closing for opening, closing in pairs if opening != closing}
    openings = set(closing_for)
    closings = {closing for opening, closing in pairs if opening != closing}
    symmetric = {opening for opening, closing in pairs if opening == closing}
    stack: list[tuple[int, str]] = []
    unmatched: list[tuple[int, str, str]] = []
    # Only the marks matter: the regular expression skips the rest of the text at C speed.
    for match in _marks_pattern(frozenset(openings | closings | symmetric)).finditer(text):
        offset, ch = match.start(), match.group()
        if ch in symmetric:
            if stack and stack[-1][1] == ch:
                stack.pop()
            else:
                stack.append((offset, ch))
        elif ch in closings and any(closing_for.get(mark) == ch for _o, mark in stack):
            # Close the innermost matching opening; marks opened inside it and never closed are unmatched.
            while stack:
                opened_at, mark = stack.pop()
                if closing_for.get(mark) == ch:
                    break
                unmatched.append((opened_at, mark, "open"))
        elif ch in openings:
            stack.append((offset, ch))
        elif ch in closings:
            unmatched.append((offset, ch, "close"))
    unmatched += [(offset, mark, "open") for offset, mark in stack]
    return sorted(unmatched)


def _block_findings(units: list[Unit], texts: list[str], code: str) -> dict[int, str]:
    """Join the block's segments, find unmatched marks, report each on its segment."""
    joined, starts = "", []
    for text in texts:
        starts.append(len(joined))
        joined += text + "\n"
    found: dict[int, list[str]] = {}
    for offset, mark, kind in unmatched_marks(joined, code):
        index = max(i for i, start in enumerate(starts) if start <= offset)
        if kind == "open":
            snippet = joined[offset : offset + _SNIPPET].split("\n")[0]
            message = _("%(mark)s opens a quotation that is not closed in this block: %(snippet)s…") % {
                "mark": mark,
                "snippet": snippet,
            }
        else:
            snippet = joined[max(0, offset - _SNIPPET) : offset + 1].split("\n")[-1]
            message = _("%(mark)s closes a quotation that was not opened in this block: …%(snippet)s") % {
                "mark": mark,
                "snippet": snippet,
            }
        found.setdefault(units[index].segment_id, []).append(message)
    return {segment_id: " ".join(messages) for segment_id, messages in found.items()}


class UnbalancedQuotesSourceCheck(BlockCheck):
    check_id = "source_unbalanced_quotes"
    name = gettext_lazy("Unbalanced quotation marks in the source")
    description = gettext_lazy("A quotation mark of the source opens or closes without a partner in its block.")
    severity = Severity.ERROR
    source = True

    def check_block(self, units):
        if not units:
            return {}
        return _block_findings(units, [unit.source for unit in units], units[0].source_language)


class UnbalancedQuotesCheck(BlockCheck):
    check_id = "unbalanced_quotes"
    name = gettext_lazy("Unbalanced quotation marks")
    description = gettext_lazy(
        "A quotation mark of the translation opens or closes without a partner in its block "
        "(checked once the whole block is translated, and only where the source block is balanced)."
    )
    severity = Severity.ERROR

    def check_block(self, units):
        if not units or not all(unit.target.strip() for unit in units):
            return {}
        if unmatched_marks("\n".join(unit.source for unit in units), units[0].source_language):
            return {}  # the source check reports it; a faithful translation mirrors it
        return _block_findings(units, [unit.target for unit in units], units[0].language)


class QuoteStyleCheck(TargetCheck):
    check_id = "quote_style"
    name = gettext_lazy("Quotation marks of another language")
    description = gettext_lazy(
        "The translation uses the target language's quotation marks: “…” in English, „…“ in German, "
        "« … » in French, «…» in Russian."
    )

    def check_target(self, source, target, unit):
        style = quote_style(unit.language)
        foreign = sorted({ch for ch in target if ch in DOUBLE_QUOTES and ch not in style.allowed})
        problems = []
        if foreign:
            problems.append(
                _("uses %(marks)s; quotations in this language are written %(example)s")
                % {"marks": " ".join(foreign), "example": style.example}
            )
        if style.space_inside_guillemets is True and any(
            (ch == "«" and not target[i + 1 : i + 2].isspace()) or (ch == "»" and not target[i - 1 : i].isspace())
            for i, ch in enumerate(target)
        ):
            problems.append(_("guillemets take a (no-break) space inside: « … »"))
        if style.space_inside_guillemets is False and any(
            (ch == "«" and target[i + 1 : i + 2].isspace()) or (ch == "»" and i and target[i - 1].isspace())
            for i, ch in enumerate(target)
        ):
            problems.append(_("no space inside guillemets: «…»"))
        return "; ".join(problems) or None
