"""Aligned import: an existing translation, as a plain document, onto a document's segments.

``translation_align_import`` reads the translation (``.txt`` or ``.md``),
splits it into sentences with the target language's rules, aligns those
sentences to the document's source segments (``translations.align``) and
stores the result, all in one transaction:

- a bead ``[i]:[j, k]`` puts sentences j and k (joined with the language's
  sentence separator) on segment i;
- a bead ``[i, i+1]:[j]`` puts sentence j on segment i and marks segment i+1
  ``joined_with_previous`` (2:1), so it does not read as untranslated;
- a bead ``[]:[j]`` (a target sentence with no source) is appended to the
  previous segment's text — no translated text is ever dropped — and that
  segment is flagged with the bead's low confidence;
- a bead ``[i]:[]`` leaves segment i untranslated.

Every stored translation gets state *draft*, provenance *aligned import* and
the bead's calibrated confidence; beads under ``LOW_CONFIDENCE`` (the
aligner's ``DOUBTFUL_BELOW``) are "doubtful" (the review page marks them,
filters on them and jumps between them); nothing is ever stored as
translated or approved, so no doubtful bead passes unreviewed.
Sentence embeddings are cached in the database (``DatabaseEmbeddingCache``):
a second import against the same source embeds only new sentences.  Texts
that the aligner finds unrelated (no sentence pairs stand out) are refused
with an error and nothing is written. Approved translations are kept
unless ``force``. An ``AlignmentRun`` records the beads and the alignment map.

Storing costs little beside the aligner: the rows are written with
``translations_save_bulk`` (batched statements, history included, checks once
per block at the end) and the map is drawn from the similarity band without
making the matrix dense.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .. import languages
from ..align import align, render_alignment_map
from ..align.confidence import DOUBTFUL_BELOW
from ..models import AlignmentRun, Document, Provenance, Segment, State, Translation
from ..parsing import SourceFormatError, read_blocks
from ..segmentation import split_sentences
from ..selectors import active_segments
from .checks import checks_deferred
from .embedding_cache import DatabaseEmbeddingCache
from .translations import PlannedWrite, translations_save_bulk

LOW_CONFIDENCE = DOUBTFUL_BELOW


@dataclass
class AlignReport:
    run: AlignmentRun
    stored: int = 0
    joined: int = 0
    unmatched_source: int = 0
    unmatched_target: int = 0
    low_confidence: int = 0
    kept_approved: int = 0
    beads: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        """One line for the command, in the active language; each count agrees with its number (ngettext)."""
        shapes = ", ".join(f"{shape}: {count}" for shape, count in sorted(self.beads.items()))
        source, target = self.run.source_count, self.run.target_count
        return _(
            "%(source)s × %(target)s aligned (%(method)s) in %(seconds).1f s; %(stored)s, %(joined)s, "
            "%(unmatched_source)s, %(unmatched_target)s, %(low_confidence)s, %(kept_approved)s. Beads: %(shapes)s"
        ) % {
            "source": ngettext("%(count)d source sentence", "%(count)d source sentences", source) % {"count": source},
            "target": ngettext("%(count)d target sentence", "%(count)d target sentences", target) % {"count": target},
            "method": self.run.method,
            "seconds": self.run.seconds,
            "stored": ngettext(
                "%(count)d translation stored as draft", "%(count)d translations stored as draft", self.stored
            )
            % {"count": self.stored},
            "joined": ngettext(
                "%(count)d segment joined with the previous one (2:1)",
                "%(count)d segments joined with the previous one (2:1)",
                self.joined,
            )
            % {"count": self.joined},
            "unmatched_source": ngettext(
                "%(count)d source sentence without translation",
                "%(count)d source sentences without translation",
                self.unmatched_source,
            )
            % {"count": self.unmatched_source},
            "unmatched_target": ngettext(
                "%(count)d target sentence without source (kept on the previous segment)",
                "%(count)d target sentences without source (kept on the previous segment)",
                self.unmatched_target,
            )
            % {"count": self.unmatched_target},
            "low_confidence": ngettext(
                "%(count)d doubtful bead flagged for review",
                "%(count)d doubtful beads flagged for review",
                self.low_confidence,
            )
            % {"count": self.low_confidence},
            "kept_approved": ngettext(
                "%(count)d approved translation kept", "%(count)d approved translations kept", self.kept_approved
            )
            % {"count": self.kept_approved},
            "shapes": shapes,
        }


def target_sentences_read(*, path: str | Path, language: str) -> list[str]:
    """The translation file as a list of sentences (errors name the file and line)."""
    blocks = read_blocks(path, max_bytes=settings.WORKBENCH_MAX_IMPORT_BYTES)
    return [sentence.text for block in blocks for sentence in split_sentences(block.text, language)]


def translation_align_import(
    *,
    document: Document,
    language: str,
    path: str | Path,
    user=None,
    force: bool = False,
    progress: Callable[[int], None] | None = None,
) -> AlignReport:
    try:
        languages.validate(language)
    except languages.UnknownLanguage as error:
        raise SourceFormatError(str(error), path=path) from None
    if language == document.source_language:
        raise SourceFormatError(
            _("%(language)s is the source language of %(document)s; give the translation's language")
            % {"language": language, "document": document.slug},
            path=path,
        )
    targets = target_sentences_read(path=path, language=language)
    segments = list(active_segments(document))
    started = time.perf_counter()
    alignment = align(
        [segment.source_text for segment in segments],
        targets,
        src_lang=document.source_language,
        tgt_lang=language,
        progress=progress,
        cache=DatabaseEmbeddingCache(),
    )
    seconds = time.perf_counter() - started
    if "unrelated" in alignment.warnings:
        raise SourceFormatError(
            _("%(file)s does not look like a translation of %(document)s: no sentence pair stands out, nothing was imported")
            % {"file": Path(path).name, "document": document.slug},
            path=path,
        )
    with transaction.atomic():
        run = AlignmentRun.objects.create(
            document=document,
            language=language,
            source_name=Path(path).name,
            created_by=user if getattr(user, "pk", None) else None,
            method=alignment.method,
            source_count=len(segments),
            target_count=len(targets),
            seconds=seconds,
            target_sentences=targets,
            map_png=render_alignment_map(alignment, low_confidence=LOW_CONFIDENCE),
        )
        report = AlignReport(run=run)
        with checks_deferred():  # each block checked once at the end, not once per sentence
            _store(report, document, language, segments, targets, alignment, user=user, force=force)
        run.beads = [
            [src, tgt, round(confidence, 4), segments[src[0]].key if src else None]
            for (src, tgt), confidence in zip(alignment.beads, alignment.confidence)
        ]
        run.low_confidence = report.low_confidence
        run.save(update_fields=["beads", "low_confidence"])
    return report


def _store(report, document, language, segments, targets, alignment, *, user, force) -> None:
    separator = languages.sentence_separator(language)
    # What each segment gets: (text, confidence, joined_with_previous).
    planned: dict[int, list] = {}
    last_with_text: int | None = None
    pending_orphans: list[tuple[str, float]] = []  # target sentences before any source sentence
    for (src, tgt), confidence in zip(alignment.beads, alignment.confidence):
        shape = f"{len(src)}-{len(tgt)}"
        report.beads[shape] = report.beads.get(shape, 0) + 1
        if confidence < LOW_CONFIDENCE:
            report.low_confidence += 1
        text = separator.join(targets[j] for j in tgt)
        if not src:
            report.unmatched_target += len(tgt)
            if last_with_text is None:
                pending_orphans.append((text, confidence))
            else:
                entry = planned[last_with_text]
                entry[0] = entry[0] + separator + text
                entry[1] = min(entry[1], confidence)
            continue
        if not tgt:
            report.unmatched_source += len(src)
            continue
        planned[src[0]] = [text, confidence, False]
        last_with_text = src[0]
        for index in src[1:]:
            planned[index] = ["", confidence, True]
            report.joined += 1
    if pending_orphans:
        first = min(index for index, entry in planned.items() if not entry[2]) if planned else None
        if first is None:
            raise SourceFormatError(_("no sentence of the translation could be aligned to the source"))
        orphan_text = separator.join(text for text, _c in pending_orphans)
        planned[first][0] = orphan_text + separator + planned[first][0]
        planned[first][1] = min([planned[first][1]] + [c for _t, c in pending_orphans])

    approved = set(
        Translation.objects.filter(
            segment__document=document, segment__retired=False, language=language, state=State.APPROVED
        ).values_list("segment_id", flat=True)
    )
    writes: list[PlannedWrite] = []
    for index, (text, confidence, joined) in sorted(planned.items()):
        segment: Segment = segments[index]
        if segment.pk in approved and not force:
            report.kept_approved += 1
            continue
        writes.append(
            PlannedWrite(
                segment=segment,
                text=text,
                state=State.DRAFT if text else State.UNTRANSLATED,
                confidence=round(confidence, 4),
                joined_with_previous=joined,
            )
        )
        if not joined:
            report.stored += 1
    translations_save_bulk(
        document=document, language=language, writes=writes, user=user, provenance=Provenance.ALIGNED_IMPORT
    )
