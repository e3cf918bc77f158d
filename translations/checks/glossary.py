"""Glossary term not used: a term of the source without its agreed translation."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..glossary import uses_term
from .base import TargetCheck


class GlossaryCheck(TargetCheck):
    check_id = "glossary"
    name = gettext_lazy("Glossary term not used")
    description = gettext_lazy("A glossary term occurs in the source but its agreed translation is not in the translation.")

    def check_target(self, source, target, unit):
        # unit.glossary holds the glossary entries whose term occurs in the source;
        # entries sharing a term are alternatives: any one of them will do.
        alternatives: dict[str, list] = {}
        for term in unit.glossary:
            alternatives.setdefault(term.source_term.casefold(), []).append(term)
        missing = [
            terms for terms in alternatives.values() if not any(uses_term(target, term) for term in terms)
        ]
        if not missing:
            return None
        return _("not translated as agreed: %s") % "; ".join(
            f"{terms[0].source_term} → {' / '.join(term.target_term for term in terms)}" for terms in missing
        )
