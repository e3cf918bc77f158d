"""Quotation differs from its registered translation.

A segment inside a registered quotation (see ``models.quality.Quotation``)
whose language has a registered text — the published translation under the
policy "use the published translation", or the original text when the target
language is the work's original language — must follow that text.

The comparison allows for what quoting does: the words before the opening
quotation mark of the first segment and after the closing mark of the last
are the essay's own; elisions (…) and editorial insertions ([of socialism])
split the translation into fragments, and each fragment of three words or
more must be found in the registered text (case, punctuation and quotation
marks ignored, fuzzy similarity at least ``minimum_similarity`` percent).
"""

import re

from django.utils.translation import gettext as _
from rapidfuzz import fuzz

from .base import TargetCheck
from .conventions import quote_style

_CUTS = re.compile(r"\[[^\[\]]*\]|……|…|\.\.\.|\(…\)")


def normalize(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def fragments(text: str) -> list[str]:
    return [normalize(part) for part in _CUTS.split(text) if len(normalize(part).split()) >= 3]


def quoted_part(target: str, language: str, first: bool, last: bool) -> str:
    """The words inside the quotation: cut the lead-in before the opening mark and what follows the closing one."""
    pairs = quote_style(language).pairs
    if first:
        openings = [target.find(opening) for opening, _closing in pairs if opening in target]
        if openings:
            target = target[min(openings) + 1 :]
    if last:
        closings = [target.rfind(closing) for _opening, closing in pairs if closing in target]
        if closings:
            target = target[: max(closings)]
    return target


class QuotationCheck(TargetCheck):
    check_id = "quotation"
    name = _("Quotation differs from its registered translation")
    description = _(
        "A quoted passage follows the published translation (or the original) registered for the target language."
    )
    minimum_similarity = 85

    def check_target(self, source, target, unit):
        quoted = unit.quotation
        if quoted is None or not quoted.registered_text:
            return None
        registered = normalize(_CUTS.sub(" ", quoted.registered_text))
        part = quoted_part(target, unit.language, quoted.is_first, quoted.is_last)
        worst = None
        for fragment in fragments(part):
            score = fuzz.partial_ratio(fragment, registered)
            if score < self.minimum_similarity and (worst is None or score < worst[1]):
                worst = (fragment, score)
        if worst is None:
            return None
        return _("departs from the registered text (%(source)s): “%(fragment)s” matches %(score)d%%") % {
            "source": quoted.registered_source or quoted.work,
            "fragment": worst[0] if len(worst[0]) <= 80 else worst[0][:77] + "…",
            "score": int(worst[1]),
        }
