"""Punctuation: final punctuation, ellipses, editorial marks, double spaces."""

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ..models.core import BlockKind
from ..models.quality import Severity
from .base import TargetCheck

# Full stops, question marks … of every script, as one class each.
_FINAL_CLASSES = {
    ".": ".", "。": ".", "．": ".", "۔": ".",
    "!": "!", "！": "!",
    "?": "?", "？": "?", "؟": "?",
    ":": ":", "：": ":",
    ";": ";", "；": ";", "؛": ";",
    "…": "…",
}  # fmt: skip
# Closing marks that may stand after the final punctuation (“… himself”.) or before it.
_TRAILING = "”“»«’'\"」』)]）】 \u00a0\u202f\t\n"
_ELLIPSIS = re.compile(r"……|…|\.\.\.")
_BRACKETED = re.compile(r"\[[^\[\]]*\]")


def final_punctuation(text: str) -> str:
    """The class of the text's final punctuation ('.', '?', '…' …) or '' when it ends without any."""
    text = text.rstrip(_TRAILING)
    if text.endswith("..."):
        return "…"
    return _FINAL_CLASSES.get(text[-1:], "") if text else ""


def ellipses(text: str) -> int:
    return len(_ELLIPSIS.findall(text))


def in_quotation(unit) -> bool:
    return unit.block_kind == BlockKind.QUOTATION or unit.quotation is not None


class FinalPunctuationCheck(TargetCheck):
    check_id = "final_punctuation"
    name = gettext_lazy("Final punctuation differs")
    description = gettext_lazy("The translation ends with the same kind of punctuation as the source (full stop, question mark …).")

    def check_target(self, source, target, unit):
        expected, found = final_punctuation(source), final_punctuation(target)
        if expected == "…":
            return None  # an elision: the ellipsis checks report it
        if expected != found:
            return _("the source ends with %(expected)s, the translation with %(found)s") % {
                "expected": f"“{expected}”" if expected else _("no punctuation"),
                "found": f"“{found}”" if found else _("no punctuation"),
            }
        return None


class EllipsisCheck(TargetCheck):
    check_id = "ellipsis"
    name = gettext_lazy("Ellipsis lost")
    description = gettext_lazy("Every ellipsis (…) of the source is kept. In quotations the editorial-marks check reports it.")

    def check_target(self, source, target, unit):
        if in_quotation(unit):
            return None
        expected, found = ellipses(source), ellipses(target)
        if found < expected:
            return ngettext(
                "the source has %(expected)d ellipsis (…), the translation %(found)d",
                "the source has %(expected)d ellipses (…), the translation %(found)d",
                expected,
            ) % {"expected": expected, "found": found}
        return None


class EditorialMarksCheck(TargetCheck):
    check_id = "editorial_marks"
    name = gettext_lazy("Editorial marks lost")
    description = gettext_lazy(
        "Insertions in square brackets ([of socialism]) are kept, and so is every elision mark (…) of a quotation."
    )
    severity = Severity.ERROR

    def check_target(self, source, target, unit):
        problems = []
        insertions = _BRACKETED.findall(source)
        if len(_BRACKETED.findall(target)) < len(insertions):
            problems.append(
                _("an editorial insertion in square brackets is lost (source: %s)") % " ".join(insertions)
            )
        elif target.count("[") != target.count("]"):
            problems.append(_("unbalanced square brackets"))
        if in_quotation(unit) and ellipses(target) < ellipses(source):
            expected = ellipses(source)
            problems.append(
                ngettext(
                    "the quotation has %(expected)d elision mark (…), the translation %(found)d",
                    "the quotation has %(expected)d elision marks (…), the translation %(found)d",
                    expected,
                )
                % {"expected": expected, "found": ellipses(target)}
            )
        return "; ".join(problems) or None


class DoubleSpaceCheck(TargetCheck):
    check_id = "double_space"
    name = gettext_lazy("Double space")
    description = gettext_lazy("The translation contains two spaces in a row where the source has none.")

    def check_target(self, source, target, unit):
        if "  " in source:
            return None
        match = re.search(r"\S{0,15} {2,}\S{0,15}", target)
        if match:
            return _("double space: “%s”") % match.group(0)
        return None
