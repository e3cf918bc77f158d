"""Quotation differs from its registered translation.

A segment inside a registered quotation (see ``models.quality.Quotation``)
whose language has a registered text — the published translation under the
policy "use the published translation", or the original text when the target
language is the work's original language — must follow that text.

The comparison allows for what quoting does: the words before the opening
quotation mark of the first segment and after the closing mark of the last
are the essay's own; elisions (…) and editorial insertions ([of socialism])
split the translation into fragments. Each fragment of three words or more
must follow the registered text word for word — case, punctuation, quotation
marks and ß/ss ignored — except for up to ``edge_words`` words at either end,
where quoting adapts the grammar next to a cut ("… ist eine absolut
notwendige …"). A changed, added or dropped word inside a fragment is a
departure.
"""

import re
from difflib import SequenceMatcher

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .base import TargetCheck
from .conventions import quote_style

_CUTS = re.compile(r"\(…\)|\[[^\[\]]*\]|……|…|\.\.\.")


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


def departure(fragment: str, registered_words: list[str], edge_words: int) -> str | None:
    """The words of ``fragment`` that do not follow the registered text, or None."""
    words = fragment.split()
    match = SequenceMatcher(None, registered_words, words, autojunk=False).find_longest_match(
        0, len(registered_words), 0, len(words)
    )
    before, after = words[: match.b], words[match.b + match.size :]
    if len(before) <= edge_words and len(after) <= edge_words:
        return None
    differing = before if len(before) > edge_words else after
    return " ".join(differing[:8]) + (" …" if len(differing) > 8 else "")


class QuotationCheck(TargetCheck):
    check_id = "quotation"
    name = gettext_lazy("Quotation differs from its registered translation")
    description = gettext_lazy(
        "A quoted passage follows the published translation (or the original) registered for the target language "
        "word for word, apart from the essay's elisions and insertions."
    )
    edge_words = 2

    def check_target(self, source, target, unit):
        quoted = unit.quotation
        if quoted is None or not quoted.registered_text:
            return None
        registered = normalize(_CUTS.sub(" ", quoted.registered_text)).split()
        part = quoted_part(target, unit.language, quoted.is_first, quoted.is_last)
        departures = [
            words for fragment in fragments(part) if (words := departure(fragment, registered, self.edge_words))
        ]
        if not departures:
            return None
        return _("departs from the registered text (%(source)s) at “%(words)s”") % {
            "source": quoted.registered_source or quoted.work,
            "words": "”, “".join(departures),
        }
