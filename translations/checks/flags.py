"""Open check findings as a reason for "flagged" on the review page (``translations.flags``).

Listed in ``WORKBENCH_REVIEW_FLAGS``. A segment is flagged in a language when
a finding of that language, or of the source text (``language=""``: a
problem every translation inherits), is open: not dismissed. The reasons
shown beside a cell say which: "failed QA check" or "source check".
"""

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from ..flags import FlagSource
from ..models import CheckFinding, Severity

FLAGGING_SEVERITIES = (Severity.ERROR, Severity.WARNING)


def _open(language: str):
    return CheckFinding.objects.filter(
        language__in=[language, ""], severity__in=FLAGGING_SEVERITIES, dismissed_at__isnull=True
    )


class FailedChecks(FlagSource):
    id = "failed_check"
    name = _("failed QA check")
    source_name = _("source check")

    def segment_q(self, language: str) -> Q:
        return Q(Exists(_open(language).filter(segment=OuterRef("pk"))))

    def reasons(self, segment_ids: list[int], language: str) -> dict[int, list[str]]:
        """One query: a reason per kind of open finding (this language's, the source's)."""
        found: dict[int, list[str]] = {}
        rows = _open(language).filter(segment_id__in=segment_ids).order_by().values_list("segment_id", "language").distinct()
        for segment_id, code in sorted(rows, key=lambda row: (row[0], row[1] == "")):
            reason = str(self.name if code else self.source_name)
            if reason not in found.setdefault(segment_id, []):
                found[segment_id].append(reason)
        return found
