"""The essay as aligned segments.

A ``Document`` is an ordered list of ``Block`` s (paragraph, heading, block
quotation, attribution line, list item); each block is an ordered list of
sentence ``Segment`` s. A segment has a **stable key** that survives
re-imports and serves as the PO ``msgctxt``.

Text per language lives on the segment through modeltranslation
(``text_de``, ``text_fr`` …, see ``translation.py``). Everything else about a
segment in one language — state, who changed it and when, the version used for
optimistic locking, provenance — lives in ``Translation``; a missing row means
"untranslated". Every change is recorded in ``TranslationChange``.

Read a language's own column (``languages.text_field(code)``), never the
modeltranslation accessor ``segment.text``: whatever the fallback settings,
"is it translated?" must only ever look at that language's field.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .. import languages
from ..slugs import slug_validate


class Document(models.Model):
    slug = models.SlugField(_("slug"), unique=True, validators=[slug_validate])
    title = models.CharField(_("title"), max_length=300)
    source_language = models.CharField(_("source language"), max_length=12)
    origin = models.CharField(
        _("origin"), max_length=500, blank=True, help_text=_("Where the source text came from.")
    )
    repeats = models.CharField(
        _("repeated sentences"),
        max_length=20,
        blank=True,
        choices=[
            ("needs_review", _("pre-fill the other occurrences as needs review")),
            ("suggestion", _("offer the translation as a suggestion")),
            ("off", _("do nothing")),
        ],
        help_text=_(
            "What a saved translation does for the other segments with the same source sentence. "
            "Empty: the site's setting (WORKBENCH_REPEATS)."
        ),
    )
    repeats_across_documents = models.BooleanField(
        _("repeated sentences in other documents too"),
        default=False,
        help_text=_("Also fill the same sentence where it is still untranslated in other documents."),
    )
    source_revision = models.PositiveIntegerField(
        _("source revision"), default=0, help_text=_("Incremented by every import that changes the source.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.title_in(self.source_language) or self.slug

    def title_in(self, code: str) -> str:
        """The title in ``code``, or "" when it has not been translated."""
        return getattr(self, f"title_{languages.field_suffix(code)}", "") or ""

    @property
    def target_languages(self) -> list[str]:
        return [code for code in languages.codes() if code != self.source_language]


class BlockKind(models.TextChoices):
    HEADING = "heading", _("heading")
    PARAGRAPH = "paragraph", _("paragraph")
    QUOTATION = "quotation", _("block quotation")
    ATTRIBUTION = "attribution", _("attribution line")
    LIST_ITEM = "list_item", _("list item")


class Block(models.Model):
    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="blocks", verbose_name=_("document"),
    )
    position = models.PositiveIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=20, choices=BlockKind.choices, default=BlockKind.PARAGRAPH)
    # Blocks that disappear from the source are retired, not deleted, so that
    # their retired segments (and translations) keep their context.
    retired = models.BooleanField(_("retired"), default=False)

    class Meta:
        ordering = ["document", "position"]
        indexes = [models.Index(fields=["document", "retired", "position"])]
        verbose_name = _("block")
        verbose_name_plural = _("blocks")

    def __str__(self) -> str:
        return f"{self.document.slug} ¶{self.position + 1} ({self.get_kind_display()})"


class Segment(models.Model):
    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="segments", verbose_name=_("document"),
    )
    block = models.ForeignKey(
        Block, on_delete=models.CASCADE, related_name="segments", verbose_name=_("block"),
    )
    position = models.PositiveIntegerField(_("position in block"))
    key = models.CharField(_("key"), max_length=64, help_text=_("Stable across re-imports; the PO msgctxt."))
    source_text = models.TextField(_("source text"))
    # Whitespace that followed this sentence in the source block: joining
    # ``source_text + separator`` over a block gives the block back exactly.
    separator = models.TextField(_("separator"), blank=True, default="")
    # Per-language translations; modeltranslation adds text_<lang> columns.
    text = models.TextField(_("translation"), blank=True, default="")
    retired = models.BooleanField(_("retired"), default=False)

    class Meta:
        ordering = ["block__position", "position"]
        constraints = [models.UniqueConstraint(fields=["document", "key"], name="segment_key_unique_per_document")]
        indexes = [models.Index(fields=["block", "position"])]
        verbose_name = _("segment")
        verbose_name_plural = _("segments")

    def __str__(self) -> str:
        return f"{self.key}: {self.source_text[:60]}"

    def text_in(self, code: str) -> str:
        """This segment's own text in ``code`` — "" when untranslated, never a fallback."""
        return getattr(self, languages.text_field(code), "") or ""


class State(models.TextChoices):
    UNTRANSLATED = "untranslated", _("untranslated")
    DRAFT = "draft", _("draft")
    TRANSLATED = "translated", _("translated")
    NEEDS_REVIEW = "needs_review", _("needs review")
    APPROVED = "approved", _("approved")
    NEEDS_UPDATE = "needs_update", _("needs update")


class Provenance(models.TextChoices):
    SOURCE = "source", _("translated from the source")
    ORIGINAL = "original", _("translated from the original")
    RELAY = "relay", _("relayed")
    ALIGNED_IMPORT = "aligned_import", _("aligned import")
    MEMORY = "memory", _("translation memory")
    FILE_IMPORT = "file_import", _("file import")
    SAMPLE = "sample", _("sample translation")
    REPEAT = "repeat", _("repeated sentence")


class Translation(models.Model):
    """A segment in one target language: state, authorship, version."""

    segment = models.ForeignKey(
        Segment, on_delete=models.CASCADE, related_name="translations", verbose_name=_("segment"),
    )
    language = models.CharField(_("language"), max_length=12)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.UNTRANSLATED)
    # Bumped by every write; a save carrying an older version is a conflict.
    version = models.PositiveIntegerField(_("version"), default=0)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed"), null=True, blank=True)
    provenance = models.CharField(_("provenance"), max_length=20, choices=Provenance.choices, blank=True)
    confidence = models.FloatField(_("alignment confidence"), null=True, blank=True)
    # 2:1 alignment: this segment's translation is part of the previous
    # segment's text (its own text is empty, its state "untranslated"). Set by
    # services.alignment_edit and aligned imports; see docs/reviewing.md.
    joined_with_previous = models.BooleanField(
        _("joined with previous"),
        default=False,
        help_text=_("The previous segment's translation also covers this segment."),
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["segment", "language"], name="translation_unique_per_language")
        ]
        indexes = [models.Index(fields=["language", "state"])]
        verbose_name = _("translation")
        verbose_name_plural = _("translations")

    def __str__(self) -> str:
        return f"{self.segment.key} [{self.language}] {self.state}"


class TranslationChange(models.Model):
    """One entry of a segment's history in one language."""

    class Action(models.TextChoices):
        EDIT = "edit", _("edit")
        STATE = "state", _("state change")
        SOURCE_CHANGED = "source_changed", _("source changed")
        IMPORT = "import", _("import")
        REVERT = "revert", _("revert")
        ALIGNMENT = "alignment", _("alignment edit")

    segment = models.ForeignKey(
        Segment, on_delete=models.CASCADE, related_name="changes", verbose_name=_("segment"),
    )
    language = models.CharField(_("language"), max_length=12)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("user"),
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices, default=Action.EDIT)
    old_text = models.TextField(_("old text"), blank=True)
    new_text = models.TextField(_("new text"), blank=True)
    old_state = models.CharField(_("old state"), max_length=20, choices=State.choices, blank=True)
    new_state = models.CharField(_("new state"), max_length=20, choices=State.choices, blank=True)
    version = models.PositiveIntegerField(_("version"), default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["segment", "language", "-created_at"])]
        verbose_name = _("history entry")
        verbose_name_plural = _("history")

    def __str__(self) -> str:
        return f"{self.segment.key} [{self.language}] {self.action} {self.created_at:%Y-%m-%d %H:%M}"
