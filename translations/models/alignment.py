"""Records of automatic alignments of existing translations (aligned imports)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .core import Document


class AlignmentRun(models.Model):
    """One aligned import: which file, how it was aligned, the beads and the map.

    ``beads`` holds ``[[src_indices, tgt_indices, confidence, segment_key], …]``
    with source indices into the document's segments at import time and target
    indices into ``target_sentences``. ``map_png`` is the similarity matrix with
    the chosen path drawn on it (rendered once at import time).
    """

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="alignment_runs", verbose_name=_("document"),
    )
    language = models.CharField(_("language"), max_length=12)
    source_name = models.CharField(_("file"), max_length=300)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("created by"),
    )
    method = models.CharField(_("method"), max_length=40)
    source_count = models.PositiveIntegerField(_("source sentences"))
    target_count = models.PositiveIntegerField(_("target sentences"))
    low_confidence = models.PositiveIntegerField(_("low-confidence beads"), default=0)
    seconds = models.FloatField(_("seconds"), default=0)
    beads = models.JSONField(_("beads"), default=list)
    target_sentences = models.JSONField(_("target sentences"), default=list)
    map_png = models.BinaryField(_("alignment map"), blank=True, default=b"")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("aligned import")
        verbose_name_plural = _("aligned imports")

    def __str__(self) -> str:
        return f"{self.document.slug} [{self.language}] {self.source_name} ({self.created_at:%Y-%m-%d %H:%M})"


class SentenceEmbedding(models.Model):
    """The aligner's pooled features of one sentence text in one language (a cache).

    Keyed by the encoder's model id (``translations.align.embeddings.MODEL_ID``),
    the language and the SHA-256 of the cleaned sentence text, so realigning a
    document or aligning a second translation of it embeds only new sentences.
    ``vector`` holds float32 values (``numpy.tobytes``). Rows are never
    updated; a new model id simply leaves the old rows unread.
    """

    model = models.CharField(_("model"), max_length=40)
    language = models.CharField(_("language"), max_length=12)
    text_hash = models.CharField(_("text hash"), max_length=64)
    vector = models.BinaryField(_("vector"))

    class Meta:
        verbose_name = _("sentence embedding")
        verbose_name_plural = _("sentence embeddings")
        constraints = [
            models.UniqueConstraint(fields=["model", "language", "text_hash"], name="sentence_embedding_key"),
        ]
