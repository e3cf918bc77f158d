"""Review: comment threads and the log of alignment edits.

A ``Comment`` belongs to one segment in one language (the source language for
remarks about the source). Open comments flag the segment on the review page
until somebody resolves them.

An ``AlignmentEdit`` records one change of alignment made on the review page
(a target sentence moved, a 2:1 join, a source split or merge) with snapshots
of the affected segments before and after it. ``services.alignment_edit``
writes both snapshots and undoes an edit by restoring ``before`` — only while
the segments still look exactly like ``after``, so an undo never overwrites a
later change.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .core import Document, Segment


class Comment(models.Model):
    segment = models.ForeignKey(
        Segment, on_delete=models.CASCADE, related_name="comments", verbose_name=_("segment"),
    )
    language = models.CharField(_("language"), max_length=12)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("author")
    )
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    resolved = models.BooleanField(_("resolved"), default=False)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("resolved by"),
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["segment", "language", "resolved"])]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return f"{self.segment.key} [{self.language}] {self.text[:40]}"


class AlignmentEdit(models.Model):
    class Operation(models.TextChoices):
        MOVE_FIRST_TO_PREVIOUS = "move_first_to_previous", _("first sentence moved to the previous segment")
        MOVE_LAST_TO_NEXT = "move_last_to_next", _("last sentence moved to the next segment")
        JOIN_WITH_PREVIOUS = "join_with_previous", _("joined with the previous segment (2:1)")
        SPLIT_SOURCE = "split_source", _("source segment split")
        MERGE_SOURCE = "merge_source", _("source segments merged")

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="alignment_edits", verbose_name=_("document"),
    )
    operation = models.CharField(_("operation"), max_length=32, choices=Operation.choices)
    # The target language for sentence moves and joins; blank for source edits,
    # which change every language.
    language = models.CharField(_("language"), max_length=12, blank=True)
    segment_key = models.CharField(_("segment key"), max_length=64)
    description = models.CharField(_("description"), max_length=500)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("user"),
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    before = models.JSONField(_("before"))
    after = models.JSONField(_("after"))
    undone_at = models.DateTimeField(_("undone"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("undone by"),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["document", "-created_at"])]
        verbose_name = _("alignment edit")
        verbose_name_plural = _("alignment edits")

    def __str__(self) -> str:
        return f"{self.document.slug}: {self.description}"

    @property
    def is_source_edit(self) -> bool:
        return self.operation in {self.Operation.SPLIT_SOURCE, self.Operation.MERGE_SOURCE}
