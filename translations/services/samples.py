"""The essay, the project's embedded default document, and its sample drafts.

``essay_install`` imports ``fixtures/essay.md`` (idempotent) and loads the
sample translations in ``fixtures/samples/essay.<lang>.po``: finished but
unreviewed, so *translated* (a fuzzy entry would be a *draft*). A sample never
overwrites a segment that already has a translation, so running it again — or
after people started translating — changes nothing, except that samples still
stored as drafts by an older version, untouched by anyone since, become
*translated*. The samples' pairs also go into the translation memory
(origin ``sample:<file>``), so the memory offers them from the start.
"""

from dataclasses import dataclass, field
from pathlib import Path

import polib
from django.db import transaction

from .. import languages
from ..models import Document, Provenance, Segment, State, Translation
from .checks import checks_deferred
from .documents import ImportReport, document_import
from .memory import memory_add_pairs
from .translations import translation_save

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
ESSAY_PATH = FIXTURES / "essay.md"
ESSAY_SLUG = "essay"
ESSAY_TITLE = "The Soviet Union: backwardness and bureaucracy"
ESSAY_ORIGIN = "essay.en.txt, as given by the author (Markdown marks the quotations)"
SAMPLES_DIR = FIXTURES / "samples"


@dataclass
class SampleReport:
    loaded: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    memory: dict[str, int] = field(default_factory=dict)  # pairs new to the memory


def essay_install(*, state: str | None = None, memory: bool = True) -> tuple[ImportReport, SampleReport]:
    report = document_import(path=ESSAY_PATH, slug=ESSAY_SLUG, title=ESSAY_TITLE, origin=ESSAY_ORIGIN)
    return report, samples_load(document=report.document, state=state, memory=memory)


def samples_load(
    *, document: Document, directory: Path = SAMPLES_DIR, state: str | None = None, memory: bool = True
) -> SampleReport:
    """Load every ``<slug>.<lang>.po`` sample in ``directory`` for a configured language.

    ``state`` forces one state for every sample (tests use drafts); by default
    a finished entry is *translated* and a fuzzy one a *draft*. ``memory``:
    also add the pairs to the translation memory.
    """
    report = SampleReport()
    for path in sorted(directory.glob(f"{document.slug}.*.po")):
        code = path.name[len(document.slug) + 1 : -len(".po")]
        if code not in languages.codes() or code == document.source_language:
            continue
        catalog = polib.pofile(str(path))
        report.loaded[code], report.skipped[code] = _load_one(document, code, catalog, state)
        if not memory:
            continue
        report.memory[code] = memory_add_pairs(
            source_language=document.source_language,
            target_language=code,
            pairs=((entry.msgid, entry.msgstr) for entry in catalog if entry.msgstr and not entry.obsolete),
            origin=f"sample:{path.name}",
        )
    return report


@transaction.atomic
def _load_one(document: Document, code: str, catalog: polib.POFile, forced: str | None) -> tuple[int, int]:
    segments = {segment.key: segment for segment in Segment.objects.filter(document=document, retired=False)}
    # Samples an older version stored as drafts, untouched since: finished, not drafts.
    old_drafts = set(
        Translation.objects.filter(
            segment__document=document, language=code, state=State.DRAFT, provenance=Provenance.SAMPLE,
            changed_by=None,
        ).values_list("segment_id", flat=True)
    )
    loaded = skipped = 0
    with checks_deferred():  # each block checked once, after its sentences are all in
        for entry in catalog:
            segment = segments.get(entry.msgctxt)
            state = forced or (State.DRAFT if entry.fuzzy else State.TRANSLATED)
            if segment is None or segment.source_text != entry.msgid or not entry.msgstr:
                skipped += 1
            elif segment.text_in(code):
                if segment.pk in old_drafts and segment.text_in(code) == entry.msgstr and state != State.DRAFT:
                    translation_save(segment=segment, language=code, text=None, state=state)
                    loaded += 1
                else:
                    skipped += 1
            else:
                translation_save(
                    segment=segment, language=code, text=entry.msgstr, state=state, provenance=Provenance.SAMPLE
                )
                loaded += 1
    title = catalog.metadata.get("X-Document-Title", "")
    if title and not document.title_in(code):
        Document.objects.filter(pk=document.pk).update(**{f"title_{languages.field_suffix(code)}": title})
    return loaded, skipped
