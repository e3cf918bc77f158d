"""Reviewing: approve or send back translations, one or many at a time.

"Send back" sets the state "needs update" (like Weblate's "needs editing"):
the text stays, the translator's "needs update" filter finds it, and an
optional comment says why. Each row is written through
``translation_set_state`` with the version the reviewer saw, so a text that
changed after the page was loaded is not approved unseen: it is reported as a
conflict and left alone. Rows are independent: one conflict does not undo the
others.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ..models import Segment, State, Translation
from .comments import comment_add
from .translations import EditConflict, translation_set_state

REVIEW_ACTIONS = {"approve": State.APPROVED, "send_back": State.NEEDS_UPDATE}


class InvalidReviewAction(ValueError):
    pass


@dataclass
class ReviewResult:
    changed: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # nothing to approve: untranslated or joined


def review_set_state(
    *,
    segments: list[Segment],
    language: str,
    action: str,
    user,
    versions: dict[int, int | None] | None = None,
    comment: str = "",
) -> ReviewResult:
    """Apply ``action`` ("approve" or "send_back") to ``segments`` in ``language``.

    ``versions`` maps a segment id to the version the reviewer saw (missing or
    None: no check). ``comment`` is added to the thread of every row sent back.
    """
    if action not in REVIEW_ACTIONS:
        raise InvalidReviewAction(
            _("Unknown review action “%(action)s”; use one of %(actions)s.")
            % {"action": action, "actions": ", ".join(REVIEW_ACTIONS)}
        )
    state = REVIEW_ACTIONS[action]
    versions = versions or {}
    rows = {row.segment_id: row for row in Translation.objects.filter(segment__in=segments, language=language)}
    result = ReviewResult()
    for segment in segments:
        row = rows.get(segment.pk)
        if not segment.text_in(language).strip() or (row and row.joined_with_previous):
            result.skipped.append(segment.key)
            continue
        if row and row.state == state and (versions.get(segment.pk) in (None, row.version)):
            result.changed.append(segment.key)  # already there: no new version, no history entry
            continue
        try:
            translation_set_state(
                segment=segment, language=language, state=state, user=user, expected_version=versions.get(segment.pk)
            )
        except EditConflict:
            result.conflicts.append(segment.key)
            continue
        if action == "send_back" and comment.strip():
            comment_add(segment=segment, language=language, author=user, text=comment)
        result.changed.append(segment.key)
    return result
