"""Writing the translation memory.

- ``memory_record(segment=, language=, state=, text=)`` keeps the memory in
  step with one translation: an approved translation is (re)written as the
  segment's entry for that language; anything else removes it. Called by
  ``translation_save`` after every write, so the memory holds exactly the
  approved translations of all documents (plus imports).
- ``memory_rebuild()`` re-derives every segment entry from the approved
  translations, for data written before the memory existed.
- ``memory_import_tmx(path=)`` adds the pairs of a TMX file; pairs already in
  the memory are skipped, and a bad file adds nothing.
- ``memory_add_pairs(...)`` adds sentence pairs the same way (the demo's
  sample translations).
"""

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, npgettext

from .. import languages
from ..memory.tmx import read_tmx
from ..models import MemoryEntry, Segment, State, Translation
from ..models.quality import pair_checksum


def _entry(**fields) -> MemoryEntry:
    """A MemoryEntry with its derived columns set (bulk_create bypasses save())."""
    entry = MemoryEntry(**fields)
    entry.source_length = len(entry.source_text)
    entry.checksum = pair_checksum(entry.source_text, entry.target_text)
    return entry


def memory_record(*, segment: Segment, language: str, state: str, text: str) -> None:
    if state == State.APPROVED and text.strip():
        MemoryEntry.objects.update_or_create(
            segment=segment,
            target_language=language,
            defaults={
                "source_language": segment.document.source_language,
                "source_text": segment.source_text,
                "target_text": text,
                "origin": segment.document.slug,
            },
        )
    else:
        MemoryEntry.objects.filter(segment=segment, target_language=language).delete()


@transaction.atomic
def memory_rebuild() -> int:
    """Replace all segment entries with the current approved translations; returns how many."""
    MemoryEntry.objects.filter(segment__isnull=False).delete()
    entries = []
    rows = Translation.objects.filter(state=State.APPROVED, segment__retired=False).select_related(
        "segment__document"
    )
    for row in rows.iterator(chunk_size=2000):
        text = row.segment.text_in(row.language)
        if text.strip():
            entries.append(
                _entry(
                    segment=row.segment,
                    source_language=row.segment.document.source_language,
                    target_language=row.language,
                    source_text=row.segment.source_text,
                    target_text=text,
                    origin=row.segment.document.slug,
                )
            )
    MemoryEntry.objects.bulk_create(entries, batch_size=1000)
    return len(entries)


@transaction.atomic
def _add_new(new: dict[tuple[str, str, str], MemoryEntry]) -> list[MemoryEntry]:
    """Store the entries of ``new`` (keyed by languages and checksum) the memory does not hold yet."""
    existing = set()
    keys = list(new)
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        existing |= set(
            MemoryEntry.objects.filter(
                segment__isnull=True, checksum__in=[checksum for _s, _t, checksum in chunk]
            ).values_list("source_language", "target_language", "checksum")
        )
    fresh = [entry for key, entry in new.items() if key not in existing]
    MemoryEntry.objects.bulk_create(fresh, batch_size=1000)
    return fresh


def memory_add_pairs(*, source_language: str, target_language: str, pairs: Iterable[tuple[str, str]], origin: str) -> int:
    """Add (source, target) sentence pairs not tied to a segment, like a TMX file's; returns how many were new."""
    new = {}
    for source, target in pairs:
        if source.strip() and target.strip():
            entry = _entry(
                source_language=source_language,
                target_language=target_language,
                source_text=source,
                target_text=target,
                origin=origin[:300],
            )
            new.setdefault((source_language, target_language, entry.checksum), entry)
    return len(_add_new(new))


@dataclass
class TmxImportReport:
    units: int = 0
    added: int = 0
    duplicates: int = 0
    without_source: int = 0
    unfinished: int = 0  # pairs left out: their state is not final/approved
    by_pair: Counter = field(default_factory=Counter)
    skipped_languages: Counter = field(default_factory=Counter)

    def summary(self) -> str:
        pairs = ", ".join(f"{src}→{tgt}: {n}" for (src, tgt), n in sorted(self.by_pair.items())) or _("none")
        # Each count agrees with its number (ngettext); the context names what "already in the memory" counts.
        text = _("%(units)s; %(added)s (%(pairs)s); %(duplicates)s") % {
            "units": ngettext("%(count)d translation unit", "%(count)d translation units", self.units)
            % {"count": self.units},
            "added": ngettext("%(count)d pair added", "%(count)d pairs added", self.added) % {"count": self.added},
            "pairs": pairs,
            "duplicates": npgettext(
                "pairs", "%(count)d already in the memory", "%(count)d already in the memory", self.duplicates
            )
            % {"count": self.duplicates},
        }
        if self.without_source:
            text += ngettext(
                "; %(count)d unit without a source-language variant",
                "; %(count)d units without a source-language variant",
                self.without_source,
            ) % {"count": self.without_source}
        if self.unfinished:
            text += ngettext(
                "; %(count)d unfinished pair left out (not final or approved; --all-states takes it)",
                "; %(count)d unfinished pairs left out (not final or approved; --all-states takes them)",
                self.unfinished,
            ) % {"count": self.unfinished}
        if self.skipped_languages:
            skipped = ", ".join(f"{code} ({n})" for code, n in sorted(self.skipped_languages.items()))
            text += _("; skipped languages not configured: %(languages)s") % {"languages": skipped}
        return text


def memory_import_tmx(
    *,
    path: str | Path,
    origin: str | None = None,
    all_states: bool = False,
    progress: Callable[[Iterable], Iterable] | None = None,
) -> TmxImportReport:
    """Add the pairs of the TMX file at ``path`` to the memory. All or nothing.

    Only finished pairs (state final/approved, or no state given; see
    ``memory.tmx``) unless ``all_states``; the others are counted as ``unfinished``.
    """
    content = read_tmx(path)
    origin = origin or f"tmx:{Path(path).name}"
    report = TmxImportReport(
        units=content.units, without_source=content.without_source, skipped_languages=content.skipped_languages
    )
    iterate = progress or (lambda items: items)
    new: dict[tuple[str, str, str], MemoryEntry] = {}
    for pair in iterate(content.pairs):
        if not (pair.finished or all_states):
            report.unfinished += 1
            continue
        languages.validate(pair.source_language)
        entry = _entry(
            source_language=pair.source_language,
            target_language=pair.target_language,
            source_text=pair.source,
            target_text=pair.target,
            origin=origin[:300],
        )
        key = (entry.source_language, entry.target_language, entry.checksum)
        if key in new:
            report.duplicates += 1
        else:
            new[key] = entry
    fresh = _add_new(new)
    report.duplicates += len(new) - len(fresh)
    report.added = len(fresh)
    for entry in fresh:
        report.by_pair[(entry.source_language, entry.target_language)] += 1
    return report
