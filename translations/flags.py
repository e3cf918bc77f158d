"""What makes a segment "flagged" on the review page: a registry of flag sources.

Every flag source extends ``FlagSource``, sets ``id`` and ``name``, and
overrides ``segment_q(language) -> Q``: a condition on ``Segment`` that holds
for the segments it flags in that language. The review page ORs the
conditions of all sources for its "flagged" filter and asks each source for
the reasons to show next to a cell (``reasons()``, one query per source and
language, whatever the size of the document).

The sources are the dotted paths in ``settings.WORKBENCH_REVIEW_FLAGS``
(default ``DEFAULT_FLAG_SOURCES``), imported on first use. A QA check that
records findings adds its source's path there.
"""

from functools import cache
from importlib import import_module

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from .align.confidence import DOUBTFUL_BELOW
from .models import Comment, Segment, Translation

DEFAULT_FLAG_SOURCES = [
    "translations.flags.OpenComments",
    "translations.flags.LowConfidence",
    "translations.checks.flags.FailedChecks",
]


class FlagSource:
    id: str = ""
    name: str = ""

    def segment_q(self, language: str) -> Q:
        raise NotImplementedError

    def reasons(self, segment_ids: list[int], language: str) -> dict[int, list[str]]:
        """The reasons to show for the flagged ones among ``segment_ids``, by segment id."""
        flagged = Segment.objects.filter(pk__in=segment_ids).filter(self.segment_q(language))
        return {pk: [str(self.name)] for pk in flagged.values_list("pk", flat=True)}


class OpenComments(FlagSource):
    id = "open_comment"
    name = _("open comment")

    def segment_q(self, language: str) -> Q:
        return Q(Exists(Comment.objects.filter(segment=OuterRef("pk"), language=language, resolved=False)))


class LowConfidence(FlagSource):
    """The aligner was unsure this translation belongs to this segment (a doubtful bead)."""

    id = "low_confidence"
    name = _("doubtful alignment")
    threshold = DOUBTFUL_BELOW

    def segment_q(self, language: str) -> Q:
        return Q(
            Exists(
                Translation.objects.filter(segment=OuterRef("pk"), language=language, confidence__lt=self.threshold)
            )
        )


class UnknownFlagSource(ImportError):
    pass


@cache
def _load(paths: tuple[str, ...]) -> tuple[FlagSource, ...]:
    sources = []
    for path in paths:
        module_name, _dot, class_name = path.rpartition(".")
        try:
            sources.append(getattr(import_module(module_name), class_name)())
        except (ImportError, AttributeError) as error:
            raise UnknownFlagSource(f"WORKBENCH_REVIEW_FLAGS: cannot load {path!r} ({error})") from None
    return tuple(sources)


def flag_sources() -> tuple[FlagSource, ...]:
    return _load(tuple(getattr(settings, "WORKBENCH_REVIEW_FLAGS", DEFAULT_FLAG_SOURCES)))


def flagged_q(language: str) -> Q:
    """Segments flagged by any source in ``language``."""
    condition = Q(pk__in=[])
    for source in flag_sources():
        condition |= source.segment_q(language)
    return condition


def flag_reasons(segment_ids: list[int], language: str) -> dict[int, list[str]]:
    reasons: dict[int, list[str]] = {}
    for source in flag_sources():
        for pk, found in source.reasons(segment_ids, language).items():
            reasons.setdefault(pk, []).extend(found)
    return reasons
