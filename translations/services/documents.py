"""Importing a source text into a document, and re-importing it like msgmerge.

``document_import`` parses and segments the file first; only then, in one
transaction, does it write. A bad file raises ``SourceFormatError`` and changes
nothing.

Re-importing a changed source into an existing slug updates in place:

- a sentence that is still there keeps its key and its translations (unchanged);
- a sentence that was edited (a fuzzy match of one that disappeared) keeps its
  key and its old translations, which go to "needs update" (changed);
- a sentence that is new gets a new key and no translation (new);
- a sentence that is gone is retired, not deleted (retired); if it comes back
  later it is revived with its translations, like a PO file's obsolete entries.

Running the same import twice changes nothing and does not bump the revision.

Book scale: a new document is written in chunks of ``CHUNK_BLOCKS`` blocks
(segmented, then ``bulk_create``), so memory beyond the parsed text does not
grow with the document; a re-import reads the old segments' few columns in one
query, matches in Python and writes with ``rows_update``/``bulk_create`` in
batches, so its query count does not grow with the document either.

In the same transaction the import runs the source checks on the whole
document (``services.checks``: the essay's unclosed Trotsky quotation is
found at once) and re-checks, in every language translated there, the blocks
whose segments changed, moved, appeared or were retired, so stored findings
always describe the current source.
"""

import functools
import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from itertools import islice
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext, npgettext
from rapidfuzz import fuzz

from .. import languages
from ..models import Block, Document, Segment, State, Translation, TranslationChange
from ..parsing import ParsedBlock, SourceFormatError, read_blocks
from ..segmentation import Sentence, split_sentences
from ..slugs import SlugRefused, slug_validate
from .bulk import rows_update
from .checks import checks_run_blocks, checks_run_document

# Two sentences at least this similar (0–100) are "the same sentence, edited".
CHANGED_SIMILARITY = 60.0
# An edited sentence is looked for among this many unmatched old sentences of its
# region: a rewritten book costs linear time, not (sentences)² similarity scores.
MATCH_WINDOW = 200
# Blocks segmented and written at a time by a first import; rows per INSERT/UPDATE.
CHUNK_BLOCKS = 1000
BATCH_SIZE = 500
# The columns a re-import reads of the old segments (not the translations' text columns).
_MATCH_FIELDS = ("id", "block_id", "position", "key", "source_text", "separator", "retired")


@dataclass
class ImportReport:
    document: Document
    created: bool = False
    blocks: int = 0
    unchanged: int = 0
    changed: int = 0
    new: int = 0
    retired: int = 0
    revived: int = 0
    title_changed: bool = False
    needs_update: int = 0  # translations sent to "needs update", all languages
    # Blocks whose segments changed, moved, appeared or were retired: their
    # translations' findings must be re-checked.
    touched_blocks: set[int] = field(default_factory=set, repr=False)

    @property
    def modified(self) -> bool:
        return bool(self.created or self.changed or self.new or self.retired or self.revived or self.title_changed)

    def summary(self) -> str:
        """One line for the commands, in the active language; each count agrees with its number (ngettext)."""
        return gettext(
            "%(document)s: %(blocks)s; segments: %(unchanged)s, %(changed)s, %(new)s, %(retired)s, %(revived)s; "
            "%(needs_update)s; revision %(revision)d"
        ) % {
            "document": self.document.slug,
            "blocks": ngettext("%(count)d block", "%(count)d blocks", self.blocks) % {"count": self.blocks},
            # The context tells translators the counted noun is "segment" (its gender decides the adjective's).
            "unchanged": npgettext("segments", "%(count)d unchanged", "%(count)d unchanged", self.unchanged)
            % {"count": self.unchanged},
            "changed": npgettext("segments", "%(count)d changed", "%(count)d changed", self.changed)
            % {"count": self.changed},
            "new": npgettext("segments", "%(count)d new", "%(count)d new", self.new) % {"count": self.new},
            "retired": npgettext("segments", "%(count)d retired", "%(count)d retired", self.retired)
            % {"count": self.retired},
            "revived": npgettext("segments", "%(count)d revived", "%(count)d revived", self.revived)
            % {"count": self.revived},
            "needs_update": ngettext(
                "%(count)d translation needs update", "%(count)d translations need update", self.needs_update
            )
            % {"count": self.needs_update},
            "revision": self.document.source_revision,
        }


@dataclass
class _NewSegment:
    block_index: int
    position: int
    sentence: Sentence
    match: Segment | None = None
    outcome: str = "new"  # unchanged | changed | new | revived
    extra: dict = field(default_factory=dict)


def segment_key(text: str) -> str:
    """A short key derived from the sentence, so the same text gets the same key anywhere."""
    return hashlib.blake2b(" ".join(text.split()).encode("utf-8"), digest_size=4).hexdigest()


def document_import(
    *,
    path: str | Path,
    slug: str,
    title: str | None = None,
    language: str | None = None,
    origin: str | None = None,
    progress: Callable[[Iterable], Iterable] | None = None,
) -> ImportReport:
    """Import or re-import the file at ``path`` into the document ``slug``."""
    blocks = read_blocks(path, max_bytes=settings.WORKBENCH_MAX_IMPORT_BYTES)
    return document_import_blocks(
        blocks=blocks,
        slug=slug,
        title=title,
        language=language,
        origin=origin if origin is not None else Path(path).name,
        progress=progress,
        path=path,
    )


def document_import_blocks(
    *,
    blocks: list[ParsedBlock],
    slug: str,
    title: str | None = None,
    language: str | None = None,
    origin: str = "",
    progress: Callable[[Iterable], Iterable] | None = None,
    path: str | Path = "",
) -> ImportReport:
    try:
        slug_validate(slug)
    except SlugRefused as error:
        raise SourceFormatError(error.message, path=path) from None
    existing = Document.objects.filter(slug=slug).first()
    language = language or (existing.source_language if existing else settings.WORKBENCH_SOURCE_LANGUAGE)
    try:
        languages.validate(language)
    except languages.UnknownLanguage as error:
        raise SourceFormatError(str(error), path=path) from None
    if existing and existing.source_language != language:
        raise SourceFormatError(
            gettext("document %(document)r has source language %(source)r, not %(language)r")
            % {"document": slug, "source": existing.source_language, "language": language},
            path=path,
        )
    iterate = progress or (lambda items: items)
    with transaction.atomic():
        if existing is None:
            report = _create(
                blocks, iterate(blocks), slug=slug, title=title or slug, language=language, origin=origin
            )
        else:
            new_segments = [
                _NewSegment(block_index, position, sentence)
                for block_index, block in enumerate(iterate(blocks))
                for position, sentence in enumerate(split_sentences(block.text, language))
            ]
            # no_key: saves that insert rows pointing at the document must not wait on
            # (and deadlock with) the import; only other imports and edits should.
            document = Document.objects.select_for_update(no_key=True).get(pk=existing.pk)
            report = _merge(document, blocks, new_segments, title=title, origin=origin)
        _check_imported(report)
    return report


def _check_imported(report: ImportReport) -> None:
    """Findings that follow the new source: all source checks, and the touched blocks' translations."""
    document = report.document
    checks_run_document(document=document, languages=[document.source_language])
    if report.touched_blocks:
        checks_run_blocks(document=document, block_ids=report.touched_blocks)


def _create(blocks, iterated, *, slug, title, language, origin) -> ImportReport:
    """A new document, segmented and written ``CHUNK_BLOCKS`` blocks at a time (``iterated`` drives progress)."""
    document = Document(slug=slug, source_language=language, origin=origin, source_revision=1)
    setattr(document, f"title_{languages.field_suffix(language)}", title)
    document.title = title
    document.save()
    keys = _KeyMaker()
    written = segments = 0
    for chunk in _chunks(iterated, CHUNK_BLOCKS):
        created_blocks = Block.objects.bulk_create(
            [Block(document=document, position=written + index, kind=block.kind) for index, block in enumerate(chunk)]
        )
        written += len(chunk)
        rows = [
            new_segment(
                document_id=document.pk,
                block_id=block.pk,
                position=position,
                key=keys(sentence.text),
                source_text=sentence.text,
                separator=sentence.separator,
            )
            for block, parsed in zip(created_blocks, chunk)
            for position, sentence in enumerate(split_sentences(parsed.text, language))
        ]
        Segment.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        segments += len(rows)
    return ImportReport(document=document, created=True, blocks=len(blocks), new=segments)


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def new_segment(**fields) -> Segment:
    """An unsaved ``Segment`` from column values (``document_id=``, ``block_id=`` …), built positionally.

    Keyword construction goes through modeltranslation's constructor, which
    rewrites every keyword and looks up each translation column's default
    with the language switched: for a 12,000-sentence import that was most of
    its time. Positional values in the model's column order skip all of it.
    """
    names, defaults = _segment_columns()
    values = list(defaults)
    for name, value in fields.items():
        values[names[name]] = value
    return Segment(*values)


@functools.cache
def _segment_columns() -> tuple[dict[str, int], tuple]:
    """Segment's columns (attname → position) and their defaults, read once per process."""
    columns = Segment._meta.concrete_fields
    return {field.attname: index for index, field in enumerate(columns)}, tuple(
        field.get_default() for field in columns
    )


class _KeyMaker:
    """Unique keys in a document: the sentence's key, then ``key-2``, ``key-3`` … for repeats.

    Remembers the last counter per key, so a sentence repeated 280 times costs
    one step, not 280 (the same keys as counting up from 1 each time).
    """

    def __init__(self, used: Iterable[str] = ()):
        self.used = set(used)
        self.last: dict[str, int] = {}

    def __call__(self, text: str) -> str:
        base = segment_key(text)
        counter = self.last.get(base, 1)
        key = base if counter == 1 else f"{base}-{counter}"
        while key in self.used:
            counter += 1
            key = f"{base}-{counter}"
        self.used.add(key)
        self.last[base] = counter
        return key


def _merge(document: Document, blocks, new_segments: list[_NewSegment], *, title, origin) -> ImportReport:
    report = ImportReport(document=document, blocks=len(blocks))
    old_segments = list(
        Segment.objects.filter(document=document, retired=False)
        .only(*_MATCH_FIELDS)
        .order_by("block__position", "position")
    )
    _match(old_segments, new_segments)
    retired_pool = {
        segment.source_text: segment
        for segment in Segment.objects.filter(document=document, retired=True).only(*_MATCH_FIELDS).order_by("-id")
    }
    for item in new_segments:
        if item.match is None and item.sentence.text in retired_pool:
            item.match, item.outcome = retired_pool.pop(item.sentence.text), "revived"

    block_objects = _reuse_blocks(document, blocks)
    matched_ids = {item.match.pk for item in new_segments if item.match is not None}
    keys = _KeyMaker(Segment.objects.filter(document=document).values_list("key", flat=True))
    to_update: list[Segment] = []
    to_create: list[Segment] = []
    changed_segments: list[tuple[Segment, str]] = []
    for item in new_segments:
        block = block_objects[item.block_index]
        segment = item.match
        if segment is None:
            to_create.append(
                new_segment(
                    document_id=document.pk,
                    block_id=block.pk,
                    position=item.position,
                    key=keys(item.sentence.text),
                    source_text=item.sentence.text,
                    separator=item.sentence.separator,
                )
            )
            report.new += 1
            report.touched_blocks.add(block.pk)
            continue
        before = (segment.block_id, segment.position, segment.source_text, segment.separator, segment.retired)
        if item.outcome == "changed":
            changed_segments.append((segment, segment.source_text))
            segment.source_text = item.sentence.text
        segment.block, segment.position, segment.separator, segment.retired = (
            block,
            item.position,
            item.sentence.separator,
            False,
        )
        if before != (segment.block_id, segment.position, segment.source_text, segment.separator, segment.retired):
            to_update.append(segment)
            report.touched_blocks.update({before[0], segment.block_id})
        setattr(report, item.outcome, getattr(report, item.outcome) + 1)

    retired = [segment for segment in old_segments if segment.pk not in matched_ids]
    for segment in retired:
        segment.retired = True
        report.touched_blocks.add(segment.block_id)
    report.retired = len(retired)
    rows_update(to_update + retired, ["block", "position", "source_text", "separator", "retired"])
    Segment.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    report.needs_update = _flag_needs_update(changed_segments)

    if title and document.title_in(document.source_language) != title:
        setattr(document, f"title_{languages.field_suffix(document.source_language)}", title)
        document.title = title
        report.title_changed = True
    if report.modified:
        document.source_revision += 1
        if origin:
            document.origin = origin
        document.save()
    return report


def _match(old_segments: list[Segment], new_segments: list[_NewSegment]) -> None:
    """Pair new sentences with old segments: exact matches in order, then moved, then edited."""
    old_texts = [segment.source_text for segment in old_segments]
    new_texts = [item.sentence.text for item in new_segments]
    unmatched_old: set[int] = set(range(len(old_segments)))
    regions: list[tuple[range, range]] = []
    for tag, i1, i2, j1, j2 in _opcodes(old_texts, new_texts):
        if tag == "equal":
            for offset in range(i2 - i1):
                new_segments[j1 + offset].match, new_segments[j1 + offset].outcome = (
                    old_segments[i1 + offset],
                    "unchanged",
                )
                unmatched_old.discard(i1 + offset)
        else:
            regions.append((range(i1, i2), range(j1, j2)))

    # Moved sentences: the same text elsewhere in the document.
    by_text: dict[str, list[int]] = {}
    for index in sorted(unmatched_old):
        by_text.setdefault(old_texts[index], []).append(index)
    for item in new_segments:
        if item.match is None and by_text.get(item.sentence.text):
            index = by_text[item.sentence.text].pop(0)
            item.match, item.outcome = old_segments[index], "unchanged"
            unmatched_old.discard(index)

    # Edited sentences: the most similar unmatched old sentence of the same region, in order.
    for old_range, new_range in regions:
        floor = old_range.start
        for j in new_range:
            item = new_segments[j]
            if item.match is not None:
                continue
            best, best_score, looked = None, CHANGED_SIMILARITY, 0
            for i in range(floor, old_range.stop):
                if i not in unmatched_old:
                    continue
                looked += 1
                if looked > MATCH_WINDOW:
                    break
                score = fuzz.ratio(old_texts[i], item.sentence.text)
                if score >= best_score:
                    best, best_score = i, score
            if best is not None:
                item.match, item.outcome = old_segments[best], "changed"
                unmatched_old.discard(best)
                floor = best + 1


def _opcodes(old: list[str], new: list[str]) -> list[tuple[str, int, int, int, int]]:
    """``SequenceMatcher.get_opcodes`` of the two sentence lists, with the common head and tail taken off first.

    A re-import mostly changes little: matching only the middle keeps
    SequenceMatcher (quadratic where sentences repeat) off the unchanged rest.
    """
    limit = min(len(old), len(new))
    head = 0
    while head < limit and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < limit - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    opcodes = [("equal", 0, head, 0, head)] if head else []
    middle_old, middle_new = old[head : len(old) - tail], new[head : len(new) - tail]
    if middle_old or middle_new:
        matcher = SequenceMatcher(None, middle_old, middle_new, autojunk=False)
        opcodes += [
            (tag, i1 + head, i2 + head, j1 + head, j2 + head) for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        ]
    if tail:
        opcodes.append(("equal", len(old) - tail, len(old), len(new) - tail, len(new)))
    return opcodes


def _reuse_blocks(document: Document, blocks: list[ParsedBlock]) -> list[Block]:
    """Block i of the new text reuses the document's i-th active block; the surplus is retired."""
    current = list(document.blocks.filter(retired=False).order_by("position"))
    result: list[Block] = []
    changed: list[Block] = []
    for index, parsed in enumerate(blocks[: len(current)]):
        block = current[index]
        if (block.position, block.kind) != (index, parsed.kind):
            block.position, block.kind = index, parsed.kind
            changed.append(block)
        result.append(block)
    result += Block.objects.bulk_create(
        [
            Block(document=document, position=index, kind=parsed.kind)
            for index, parsed in enumerate(blocks[len(current) :], start=len(current))
        ],
        batch_size=BATCH_SIZE,
    )
    surplus = current[len(blocks) :]
    for block in surplus:
        block.retired = True
    # Retired blocks move past the active ones so positions stay unique among active blocks.
    for offset, block in enumerate(surplus):
        block.position = len(blocks) + offset
    rows_update(changed + surplus, ["position", "kind", "retired"])
    return result


def _flag_needs_update(changed_segments: list[tuple[Segment, str]]) -> int:
    """Translations of edited sentences keep their text and go to "needs update".

    Per language and batch of segments: one query for their texts, one
    locking their translation rows, then bulk writes (rows and history).
    """
    if not changed_segments:
        return 0
    now = timezone.now()
    ids = [segment.pk for segment, _old in changed_segments]
    flagged = 0
    for code in languages.codes():
        field_name = languages.text_field(code)
        for batch in _chunks(ids, BATCH_SIZE):
            texts = dict(Segment.objects.filter(pk__in=batch).values_list("pk", field_name))
            existing = {
                row.segment_id: row
                for row in Translation.objects.select_for_update().filter(segment_id__in=batch, language=code)
            }
            created: list[Translation] = []
            updated: list[Translation] = []
            history: list[TranslationChange] = []
            for segment_id in batch:
                text = texts.get(segment_id) or ""
                row = existing.get(segment_id)
                if not text and (row is None or row.state == State.UNTRANSLATED):
                    continue
                if row is None:
                    row = Translation(segment_id=segment_id, language=code)
                    created.append(row)
                else:
                    updated.append(row)
                old_state = row.state
                row.state, row.version, row.changed_at = State.NEEDS_UPDATE, row.version + 1, now
                history.append(
                    TranslationChange(
                        segment_id=segment_id,
                        language=code,
                        action=TranslationChange.Action.SOURCE_CHANGED,
                        old_text=text,
                        new_text=text,
                        old_state=old_state,
                        new_state=State.NEEDS_UPDATE,
                        version=row.version,
                    )
                )
            Translation.objects.bulk_create(created, batch_size=BATCH_SIZE)
            rows_update(updated, ["state", "version", "changed_at"])
            TranslationChange.objects.bulk_create(history, batch_size=BATCH_SIZE)
            flagged += len(history)
    return flagged
