"""Quality: check findings, translation memory, glossary, quotation registry.

- ``CheckFinding``: one problem a QA check (``translations.checks``) found in
  a segment, in one language ("" for a problem of the source text). Written
  only by ``services.checks``; a reviewer may dismiss it with a reason.
- ``MemoryEntry``: one source/target pair of the translation memory, either
  an approved translation of a segment (kept in step by ``services.memory``)
  or imported from a TMX file. ``source_length`` is stored so that a fuzzy
  lookup reads only entries of a plausible length, through an index.
- ``GlossaryTerm``: the agreed translation of a term for one language pair.
- ``Work``, ``Quotation``, ``PublishedTranslation``: the quotation registry.
  A quotation is a span of segments (first to last, in reading order) that
  quotes a work; per target language it may have a published translation and
  a policy saying how translators treat it.
"""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .core import Document, Provenance, Segment


class Severity(models.TextChoices):
    ERROR = "error", _("error")
    WARNING = "warning", _("warning")


class CheckFinding(models.Model):
    segment = models.ForeignKey(
        Segment, on_delete=models.CASCADE, related_name="findings", verbose_name=_("segment"),
    )
    # "" for a source check: the problem is in the source text, in every language.
    language = models.CharField(_("language"), max_length=12, blank=True)
    check_id = models.CharField(_("check"), max_length=40)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    message = models.TextField(_("message"))
    created_at = models.DateTimeField(_("found"), auto_now_add=True)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("dismissed by"),
    )
    dismissed_at = models.DateTimeField(_("dismissed"), null=True, blank=True)
    dismissed_reason = models.TextField(_("reason for dismissing"), blank=True)

    class Meta:
        ordering = ["segment", "language", "check_id"]
        constraints = [
            models.UniqueConstraint(fields=["segment", "language", "check_id"], name="finding_unique_per_check")
        ]
        indexes = [models.Index(fields=["language", "severity"])]
        verbose_name = _("check finding")
        verbose_name_plural = _("check findings")

    def __str__(self) -> str:
        return f"{self.segment.key} [{self.language or 'source'}] {self.check_id}: {self.message}"

    @property
    def dismissed(self) -> bool:
        return self.dismissed_at is not None

    @property
    def is_source(self) -> bool:
        return not self.language


def pair_checksum(*texts: str) -> str:
    return hashlib.blake2b("\x00".join(texts).encode("utf-8"), digest_size=16).hexdigest()


class MemoryEntry(models.Model):
    source_language = models.CharField(_("source language"), max_length=12)
    target_language = models.CharField(_("target language"), max_length=12)
    source_text = models.TextField(_("source"))
    target_text = models.TextField(_("target"))
    source_length = models.PositiveIntegerField(_("source length"), editable=False)
    origin = models.CharField(
        _("origin"), max_length=300, blank=True, help_text=_("A document slug, or the TMX file it came from.")
    )
    # Set for an approved translation of a segment; empty for imported entries.
    segment = models.ForeignKey(
        Segment, null=True, blank=True, on_delete=models.CASCADE, related_name="memory_entries",
        verbose_name=_("segment"),
    )
    checksum = models.CharField(max_length=32, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["source_language", "target_language", "source_length"]
        constraints = [
            models.UniqueConstraint(
                fields=["segment", "target_language"],
                condition=models.Q(segment__isnull=False),
                name="memory_one_entry_per_segment_language",
            ),
            models.UniqueConstraint(
                fields=["source_language", "target_language", "checksum"],
                condition=models.Q(segment__isnull=True),
                name="memory_imported_pair_unique",
            ),
        ]
        indexes = [models.Index(fields=["source_language", "target_language", "source_length"])]
        verbose_name = _("translation memory entry")
        verbose_name_plural = _("translation memory")

    def __str__(self) -> str:
        return f"[{self.source_language}→{self.target_language}] {self.source_text[:60]}"

    def save(self, *args, **kwargs):
        # Derived columns only; no side work here.
        self.source_length = len(self.source_text)
        self.checksum = pair_checksum(self.source_text, self.target_text)
        super().save(*args, **kwargs)


class GlossaryTerm(models.Model):
    source_language = models.CharField(_("source language"), max_length=12)
    target_language = models.CharField(_("target language"), max_length=12)
    source_term = models.CharField(_("term"), max_length=200)
    target_term = models.CharField(_("agreed translation"), max_length=200)
    variants = models.TextField(
        _("accepted forms"),
        blank=True,
        help_text=_(
            "Other forms that count as using the agreed translation, one per line: inflections or stems. "
            "Each word matches the beginning of a word, so 'производительн сил' accepts "
            "'производительными силами'."
        ),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["source_language", "target_language", "source_term"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_language", "target_language", "source_term"], name="glossary_term_unique_per_pair"
            )
        ]
        indexes = [models.Index(fields=["source_language", "target_language"])]
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary")

    def __str__(self) -> str:
        return f"{self.source_term} → {self.target_term} [{self.source_language}→{self.target_language}]"

    @property
    def target_forms(self) -> list[str]:
        """The agreed translation first, then the accepted forms."""
        forms = [self.target_term] + [line.strip() for line in self.variants.splitlines()]
        return [form for form in dict.fromkeys(forms) if form]


class Work(models.Model):
    author = models.CharField(_("author"), max_length=200)
    title = models.CharField(_("title"), max_length=300)
    original_title = models.CharField(_("original title"), max_length=300, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    original_language = models.CharField(_("original language"), max_length=12)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["author", "title"]
        constraints = [models.UniqueConstraint(fields=["author", "title"], name="work_unique_author_title")]
        verbose_name = _("work")
        verbose_name_plural = _("works")

    def __str__(self) -> str:
        year = f" ({self.year})" if self.year else ""
        return f"{self.author}, {self.title}{year}"


class QuotationPolicy(models.TextChoices):
    USE_PUBLISHED = "published", _("use the published translation")
    FROM_ORIGINAL = "original", _("translate from the original")
    RELAY = "relay", _("translate from the document's language (relay)")


# The provenance a translation of a quoted segment records under each policy.
# A published translation was made from the original, so using it counts as
# "from the original".
POLICY_PROVENANCE = {
    QuotationPolicy.USE_PUBLISHED: Provenance.ORIGINAL,
    QuotationPolicy.FROM_ORIGINAL: Provenance.ORIGINAL,
    QuotationPolicy.RELAY: Provenance.RELAY,
}


class Quotation(models.Model):
    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="quotations", verbose_name=_("document"),
    )
    work = models.ForeignKey(
        Work, on_delete=models.PROTECT, related_name="quotations", verbose_name=_("work"),
    )
    first_segment = models.ForeignKey(
        Segment, on_delete=models.CASCADE, related_name="+", verbose_name=_("first segment"),
    )
    last_segment = models.ForeignKey(
        Segment, on_delete=models.CASCADE, related_name="+", verbose_name=_("last segment"),
    )
    original_text = models.TextField(
        _("original text"), blank=True, help_text=_("The passage in the work's original language; leave empty if unsure.")
    )
    original_reference = models.CharField(
        _("reference in the original"), max_length=300, blank=True, help_text=_("Edition, volume, page.")
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["document", "first_segment__block__position", "first_segment__position"]
        verbose_name = _("quotation")
        verbose_name_plural = _("quotations")

    def __str__(self) -> str:
        return f"{self.work} in {self.document.slug} ({self.first_segment.key}…{self.last_segment.key})"

    def clean(self):
        if not (self.first_segment_id and self.last_segment_id and self.document_id):
            return
        first, last = self.first_segment, self.last_segment
        if first.document_id != self.document_id or last.document_id != self.document_id:
            raise ValidationError(_("Both segments must belong to the document."), code="foreign_segment")
        if (first.block.position, first.position) > (last.block.position, last.position):
            raise ValidationError(_("The first segment comes after the last one."), code="span_reversed")


class PublishedTranslation(models.Model):
    quotation = models.ForeignKey(
        Quotation, on_delete=models.CASCADE, related_name="published", verbose_name=_("quotation"),
    )
    language = models.CharField(_("language"), max_length=12)
    policy = models.CharField(
        _("policy"), max_length=20, choices=QuotationPolicy.choices, default=QuotationPolicy.USE_PUBLISHED
    )
    text = models.TextField(
        _("published text"), blank=True, help_text=_("The passage as published; leave empty if unsure.")
    )
    source = models.CharField(_("bibliographic source"), max_length=500, blank=True)

    class Meta:
        ordering = ["quotation", "language"]
        constraints = [
            models.UniqueConstraint(fields=["quotation", "language"], name="published_translation_unique_language")
        ]
        verbose_name = _("published translation")
        verbose_name_plural = _("published translations")

    def __str__(self) -> str:
        return f"{self.quotation.work} [{self.language}] {self.get_policy_display()}"
