"""Numbers differ: every number of the source, written the target language's way.

Numbers are read with each language's separators (``conventions``): ``1.9``
in English is ``1,9`` in German, French and Russian; ``1,845`` in English is
``1.845`` in German. A four-digit number without separators between 1000 and
2100 is taken for a year and must appear exactly as written (``1845``, not
``1.845``). A number written the source language's way in the translation is
reported with the form the target language expects.
"""

import re
import unicodedata
from collections import Counter

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import languages
from ..models.quality import Severity
from .base import TargetCheck
from .conventions import number_format

_SEPARATORS = ".,٫٬\u00a0\u202f\u2009"
_NUMBER = re.compile(rf"\d+(?:[{_SEPARATORS}]\d+)*")


# A decimal digit (Unicode category Nd, as str.isdecimal) that is not ASCII.
_OTHER_DIGIT = re.compile(r"(?![0-9])\d")


def _ascii_digits(text: str) -> str:
    """Arabic-Indic, Devanagari, full-width … digits as ASCII, keeping every other character."""
    return _OTHER_DIGIT.sub(lambda match: str(unicodedata.decimal(match.group())), text)


def _is_year(token: str) -> bool:
    return token.isdigit() and len(token) == 4 and 1000 <= int(token) <= 2100


def parse(token: str, code: str) -> str | None:
    """The canonical value of ``token`` (``"1.9"``, ``"1845"``) read in ``code``, or None if not valid there."""
    fmt = number_format(code)
    if token.isdigit():
        return f"year:{token}" if _is_year(token) else token.lstrip("0") or "0"
    separators = [ch for ch in token if not ch.isdigit()]
    integer, fraction = token, ""
    last = separators[-1]
    if last in fmt.decimal and separators.count(last) == 1:
        integer, fraction = token.rsplit(last, 1)
    groups = re.split(f"[{re.escape(''.join(fmt.grouping))}]", integer) if fmt.grouping else [integer]
    if any(not group.isdigit() for group in groups):
        return None  # a separator this language does not use here
    if len(groups) > 1 and (len(groups[0]) > 3 or any(len(group) != 3 for group in groups[1:])):
        return None
    value = "".join(groups).lstrip("0") or "0"
    return f"{value}.{fraction}" if fraction else value


def write(value: str, code: str) -> str:
    """A canonical value as ``code`` writes it (without grouping)."""
    if value.startswith("year:"):
        return value[5:]
    decimal = sorted(number_format(code).decimal)[0]
    return value.replace(".", decimal)


def numbers_in(text: str) -> list[str]:
    return _NUMBER.findall(_ascii_digits(text))


class NumbersCheck(TargetCheck):
    check_id = "numbers"
    name = gettext_lazy("Numbers differ")
    description = gettext_lazy("Every number of the source is in the translation, written the target language's way.")
    severity = Severity.ERROR

    def check_target(self, source, target, unit):
        expected = Counter(parse(token, unit.source_language) or token for token in numbers_in(source))
        found: Counter = Counter()
        foreign = []
        for token in numbers_in(target):
            value = parse(token, unit.language)
            if value is None:
                value = parse(token, unit.source_language)
                if value is not None:
                    foreign.append((token, write(value, unit.language)))
                    continue
                value = token
            found[value] += 1
        for token, proper in foreign:
            value = parse(token, unit.source_language)
            if expected[value] > found[value]:
                found[value] += 1  # counted, but reported as misformatted below
        problems = [
            _("%(token)s is written %(proper)s in %(language)s")
            % {"token": token, "proper": proper, "language": languages.name(unit.language)}
            for token, proper in foreign
        ]
        missing = expected - found
        extra = found - expected
        for value in list(missing):
            year = value.removeprefix("year:")
            if value.startswith("year:") and extra[year]:
                problems.append(_("write the year %s without separators") % year)
                missing[value] -= 1
                extra[year] -= 1
        missing, extra = +missing, +extra
        if missing:
            problems.append(_("missing: %s") % ", ".join(write(v, unit.source_language) for v in missing.elements()))
        if extra:
            problems.append(_("not in the source: %s") % ", ".join(write(v, unit.language) for v in extra.elements()))
        return "; ".join(problems) or None
