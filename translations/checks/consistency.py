"""Whole-segment checks: left untranslated, suspiciously short or long."""

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .base import TargetCheck
from .conventions import expected_length_ratio


def _normalized(text: str) -> str:
    return " ".join(text.casefold().split())


class SameAsSourceCheck(TargetCheck):
    check_id = "same"
    name = gettext_lazy("Same as source")
    description = gettext_lazy("The translation is identical to the source: probably not translated yet.")
    # Titles, names and numbers may legitimately stay as they are.
    minimum_words = 2

    def check_target(self, source, target, unit):
        if len(re.findall(r"[^\W\d_]+", source)) < self.minimum_words:
            return None
        if _normalized(source) == _normalized(target):
            return _("the translation is the same as the source")
        return None


class LengthRatioCheck(TargetCheck):
    check_id = "length_ratio"
    name = gettext_lazy("Length ratio outlier")
    description = gettext_lazy(
        "The translation is less than half or more than twice as long as translations into this language usually "
        "are (German runs about 1.2 times the English, Chinese about a third)."
    )
    # Short sentences vary too much in length to judge.
    minimum_source_length = 20
    lowest, highest = 0.5, 2.0

    def check_target(self, source, target, unit):
        if len(source) < self.minimum_source_length:
            return None
        expected = expected_length_ratio(unit.source_language, unit.language)
        ratio = len(target) / len(source)
        if not self.lowest <= ratio / expected <= self.highest:
            return ngettext(
                "%(actual)d character for %(source)d in the source; about %(expected)d would be usual",
                "%(actual)d characters for %(source)d in the source; about %(expected)d would be usual",
                len(target),
            ) % {"actual": len(target), "source": len(source), "expected": round(len(source) * expected)}
        return None
