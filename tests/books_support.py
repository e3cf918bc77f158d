"""Book-size documents built with bulk_create, for paging tests and benchmarks.

``book_create`` writes a document of ``segments`` sentences in a few bulk
inserts (a 5,000-segment book in well under a second), with blocks of
varying length (headings, paragraphs of one to seven sentences), the German
text of every third segment translated and a few rows in the other states,
so that every filter of the translate view has something to find. Segment
``n`` (0-based, in reading order) says "Sentence n …" in its source, its key
is ``k<n>``.

The import service is not used on purpose: it segments and checks text,
which takes seconds per thousand sentences, and these tests and benchmarks
are about what happens after the import.
"""

from itertools import cycle

from django.utils import timezone

from translations import languages
from translations.models import Block, BlockKind, CheckFinding, Document, Segment, Severity, State, Translation

# Sentences per block, in turn: a heading, then paragraphs of varying length.
BLOCK_SHAPES = (1, 4, 2, 7, 3, 1, 5, 2, 6, 3)
# Among the translated segments (every third), every fifth is a draft and every seventh needs review.
LANGUAGE = "de"


def key_of(n: int) -> str:
    return f"k{n}"


def source_of(n: int) -> str:
    return f"Sentence {n} of the book says one plain thing."


def book_create(*, slug: str, segments: int, user=None, findings_every: int = 0) -> Document:
    """A document of ``segments`` sentences in blocks of ``BLOCK_SHAPES`` lengths; see the module docstring."""
    document = Document.objects.create(slug=slug, title=slug.title(), source_language="en")
    sizes, shapes = [], cycle(BLOCK_SHAPES)
    while sum(sizes) < segments:
        sizes.append(min(next(shapes), segments - sum(sizes)))
    blocks = Block.objects.bulk_create(
        Block(
            document=document,
            position=position,
            kind=BlockKind.HEADING if size == 1 and position % 10 == 0 else BlockKind.PARAGRAPH,
        )
        for position, size in enumerate(sizes)
    )
    # Every translation column given: modeltranslation's defaults cost more than the insert.
    empty = {languages.text_field(code): "" for code in languages.codes()}
    rows, n = [], 0
    for block, size in zip(blocks, sizes):
        for position in range(size):
            text = f"Satz {n} des Buches sagt eine schlichte Sache." if n % 3 == 0 else ""
            rows.append(
                Segment(
                    document=document, block=block, position=position, key=key_of(n), source_text=source_of(n),
                    separator=" ", **{**empty, languages.text_field(LANGUAGE): text},
                )
            )
            n += 1
    created = Segment.objects.bulk_create(rows, batch_size=2000)
    now = timezone.now()
    Translation.objects.bulk_create(
        (
            Translation(
                segment=segment, language=LANGUAGE, state=_state_of(index), version=1, changed_by=user, changed_at=now
            )
            for index, segment in enumerate(created)
            if index % 3 == 0
        ),
        batch_size=2000,
    )
    if findings_every:
        CheckFinding.objects.bulk_create(
            (
                CheckFinding(
                    segment=segment, language=LANGUAGE, check_id="numbers", severity=Severity.WARNING,
                    message=f"A number differs in {segment.key}.",
                )
                for index, segment in enumerate(created)
                if index % findings_every == 0
            ),
            batch_size=2000,
        )
    return document


def _state_of(index: int) -> str:
    translated = index // 3
    if translated % 5 == 1:
        return State.DRAFT
    if translated % 7 == 2:
        return State.NEEDS_REVIEW
    return State.TRANSLATED
