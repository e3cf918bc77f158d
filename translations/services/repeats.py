"""Translating a sentence once: repeated sentences and exact memory matches.

- ``repeats_propagate(segment=, language=, text=)``: after an editor saved
  ``segment``, the other segments with the same source sentence that are
  still untranslated in ``language`` — in the same document, and in the other
  documents of the same source language when the document asks for it
  (``Document.repeats_across_documents``) — get the text as *needs review*
  (provenance "repeated sentence"). With the mode "suggestion" nothing is
  written: the memory box offers the twin's text (``quality.tm_suggestions``).
  The mode is the document's ``repeats`` or, when blank, the setting
  ``WORKBENCH_REPEATS``. A fixed number of queries however many twins.
- ``memory_pretranslate(document=, language=)``: every untranslated segment
  with an exact match in the translation memory gets the match as *needs
  review* (provenance "translation memory"); reports the counts.

Both go through ``translations_prefill``: nothing is ever approved, a segment
with a text is never overwritten, a segment joined with the previous one (2:1)
is left alone.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .. import languages
from ..models import Document, MemoryEntry, Provenance, Segment, State, Translation
from ..selectors.quality import REPEATS_NEEDS_REVIEW, repeat_candidates, repeats_mode
from .translations import translations_prefill

MEMORY_BATCH = 500


def _untranslated(language: str) -> Q:
    field_name = languages.text_field(language)
    joined = Exists(Translation.objects.filter(segment=OuterRef("pk"), language=language, joined_with_previous=True))
    return (Q(**{field_name: ""}) | Q(**{f"{field_name}__isnull": True})) & ~Q(joined)


@dataclass
class RepeatsResult:
    mode: str
    filled: list[Segment]

    @property
    def count(self) -> int:
        return len(self.filled)

    def message(self) -> str:
        if not self.filled:
            return ""
        return ngettext(
            "The same sentence occurs once more: pre-filled as needs review.",
            "The same sentence occurs %(count)d more times: pre-filled as needs review.",
            self.count,
        ) % {"count": self.count}


def repeats_propagate(*, segment: Segment, language: str, text: str, state: str, user=None) -> RepeatsResult:
    """Pre-fill the still untranslated repetitions of ``segment`` with ``text`` (see the module docstring).

    Nothing happens for a draft (the translator has not finished) or an empty
    text, nor in the modes "suggestion" and "off".
    """
    mode = repeats_mode(segment.document)
    if mode != REPEATS_NEEDS_REVIEW or state == State.DRAFT or not text.strip():
        return RepeatsResult(mode, [])
    twins = list(
        repeat_candidates(segment, language)
        .filter(_untranslated(language))
        .only("id", "block_id", "document_id", languages.text_field(language))
        .order_by("pk")
    )
    filled = translations_prefill(
        segments=twins,
        language=language,
        texts={twin.pk: text for twin in twins},
        state=State.NEEDS_REVIEW,
        provenance=Provenance.REPEAT,
        user=user,
    )
    return RepeatsResult(mode, filled)


@dataclass
class PretranslateReport:
    document: Document
    language: str
    untranslated: int = 0
    filled: int = 0

    @property
    def without_match(self) -> int:
        return self.untranslated - self.filled

    def summary(self) -> str:
        """One line; each count agrees with its number."""
        return _("%(document)s [%(language)s]: %(untranslated)s, %(filled)s, %(without)s") % {
            "document": self.document.slug,
            "language": self.language,
            "untranslated": ngettext(
                "%(count)d untranslated segment", "%(count)d untranslated segments", self.untranslated
            )
            % {"count": self.untranslated},
            "filled": ngettext(
                "%(count)d filled from the memory (needs review)",
                "%(count)d filled from the memory (needs review)",
                self.filled,
            )
            % {"count": self.filled},
            "without": ngettext(
                "%(count)d without an exact match", "%(count)d without an exact match", self.without_match
            )
            % {"count": self.without_match},
        }


def memory_pretranslate(*, document: Document, language: str, user=None) -> PretranslateReport:
    """Fill every untranslated segment of ``document`` that has an exact memory match, as needs review."""
    languages.validate(language)
    if language == document.source_language:
        raise ValueError(
            _("%(language)s is the source language of %(document)s.")
            % {"language": languages.display_name(language), "document": document.slug}
        )
    report = PretranslateReport(document=document, language=language)
    with transaction.atomic():
        segments = list(
            Segment.objects.filter(document=document, retired=False, block__retired=False)
            .filter(_untranslated(language))
            .only("id", "block_id", "document_id", "source_text", languages.text_field(language))
            .order_by("pk")
        )
        report.untranslated = len(segments)
        texts: dict[int, str] = {}
        for start in range(0, len(segments), MEMORY_BATCH):
            batch = segments[start : start + MEMORY_BATCH]
            matches: dict[str, str] = {}
            # Newest first: when a sentence was translated twice, the latest wins.
            for source, target in (
                MemoryEntry.objects.filter(
                    source_language=document.source_language,
                    target_language=language,
                    # The length narrows the read to the (languages, length) index.
                    source_length__in={len(segment.source_text) for segment in batch},
                    source_text__in={segment.source_text for segment in batch},
                )
                .order_by("-updated_at", "-id")
                .values_list("source_text", "target_text")
            ):
                matches.setdefault(source, target)
            texts.update({s.pk: matches[s.source_text] for s in batch if s.source_text in matches})
        filled = translations_prefill(
            segments=[segment for segment in segments if segment.pk in texts],
            language=language,
            texts=texts,
            state=State.NEEDS_REVIEW,
            provenance=Provenance.MEMORY,
            user=user,
        )
    report.filled = len(filled)
    return report
