"""Comment threads on a segment in one language (the source language for remarks on the source)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .. import languages
from ..models import Comment, Segment

MAX_COMMENT_LENGTH = 5000


class InvalidComment(ValueError):
    """An empty or oversized comment, or one in a language the workbench does not know; nothing was saved."""


@transaction.atomic
def comment_add(*, segment: Segment, language: str, author, text: str) -> Comment:
    try:
        languages.validate(language)
    except languages.UnknownLanguage as error:
        raise InvalidComment(str(error)) from None
    text = (text or "").strip()
    if not text:
        raise InvalidComment(_("A comment needs some text."))
    if len(text) > MAX_COMMENT_LENGTH:
        raise InvalidComment(
            ngettext(
                "A comment has at most %(limit)d character (this one has %(length)d).",
                "A comment has at most %(limit)d characters (this one has %(length)d).",
                MAX_COMMENT_LENGTH,
            )
            % {"limit": MAX_COMMENT_LENGTH, "length": len(text)}
        )
    return Comment.objects.create(segment=segment, language=language, author=author, text=text)


@transaction.atomic
def comment_resolve(*, comment: Comment, user, resolved: bool = True) -> Comment:
    """Mark ``comment`` resolved (or open it again)."""
    comment.resolved = resolved
    comment.resolved_by = user if resolved else None
    comment.resolved_at = timezone.now() if resolved else None
    comment.save(update_fields=["resolved", "resolved_by", "resolved_at"])
    return comment
