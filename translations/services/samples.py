"""The essay, the project's embedded default document, and its sample drafts.

``essay_install`` imports ``fixtures/essay.md`` (idempotent) and loads the
sample translations in ``fixtures/samples/essay.<lang>.po`` as drafts. A
sample never overwrites a segment that already has a translation, so running
it again — or after people started translating — changes nothing.
"""

from dataclasses import dataclass, field
from pathlib import Path

import polib
from django.db import transaction

from .. import languages
from ..models import Document, Provenance, Segment, State
from .checks import checks_deferred
from .documents import ImportReport, document_import
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


def essay_install() -> tuple[ImportReport, SampleReport]:
    report = document_import(path=ESSAY_PATH, slug=ESSAY_SLUG, title=ESSAY_TITLE, origin=ESSAY_ORIGIN)
    return report, samples_load(document=report.document)


def samples_load(*, document: Document, directory: Path = SAMPLES_DIR) -> SampleReport:
    """Load every ``<slug>.<lang>.po`` sample in ``directory`` for a configured language."""
    report = SampleReport()
    for path in sorted(directory.glob(f"{document.slug}.*.po")):
        code = path.name[len(document.slug) + 1 : -len(".po")]
        if code not in languages.codes() or code == document.source_language:
            continue
        report.loaded[code], report.skipped[code] = _load_one(document, code, polib.pofile(str(path)))
    return report


@transaction.atomic
def _load_one(document: Document, code: str, catalog: polib.POFile) -> tuple[int, int]:
    segments = {segment.key: segment for segment in Segment.objects.filter(document=document, retired=False)}
    loaded = skipped = 0
    with checks_deferred():  # each block checked once, after its sentences are all in
        for entry in catalog:
            segment = segments.get(entry.msgctxt)
            if segment is None or segment.source_text != entry.msgid or not entry.msgstr or segment.text_in(code):
                skipped += 1
                continue
            translation_save(
                segment=segment, language=code, text=entry.msgstr, state=State.DRAFT, provenance=Provenance.SAMPLE
            )
            loaded += 1
    title = catalog.metadata.get("X-Document-Title", "")
    if title and not document.title_in(code):
        Document.objects.filter(pk=document.pk).update(**{f"title_{languages.field_suffix(code)}": title})
    return loaded, skipped
