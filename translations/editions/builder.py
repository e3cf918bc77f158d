"""Assemble a bilingual edition from the database: one read, no writes.

``edition_build(document=..., languages=[...], layout=...)`` returns an
``Edition``: the source language first, then the target languages asked for;
the document's current blocks in reading order, each holding its segments'
text per language.

Untranslated segments. A segment with no text in a target language is
``None`` in that language's list, never the source text: the PDF and HTML
editions print a visible, greyed "[untranslated]" marker in its place (in the
target language when the UI catalogs have one), and the title page counts
them. An empty translation never silently turns into English.

Joined segments. A segment translated together with the previous one (2:1)
has no text of its own: its translation is in the previous segment's. It is
``""`` in that language's list (not ``None``): nothing is printed for it, no
marker, and it counts as the segment holding its text counts (translated,
approved). Joined with a segment that is itself untranslated, it is
untranslated too.

"Draft translation". Unless every segment of every target language is
approved, the edition is a draft (``Edition.is_draft``): the title page says
so with the counts, and every page carries a small "draft translation" note.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext

from .. import languages as language_registry
from ..models import Document, State
from ..selectors import active_segments, translation_states

LAYOUTS = ("columns", "facing")
# Columns: source plus up to two translations fit a portrait page (three
# columns); facing pages put one translation opposite the source.
MAX_TARGETS = {"columns": 2, "facing": 1}


class EditionError(ValueError):
    """The edition cannot be made as asked; the message says why and what to do."""


@dataclass(frozen=True)
class EditionLanguage:
    code: str
    name: str
    native_name: str
    direction: str
    title: str
    is_source: bool
    total: int = 0
    # Segments with a text in this language, whatever their state (drafts too).
    translated: int = 0
    approved: int = 0
    untranslated: int = 0
    # The greyed marker printed in place of an untranslated segment.
    untranslated_label: str = ""

    @property
    def is_complete(self) -> bool:
        """Every segment approved (always true for the source)."""
        return self.is_source or self.approved == self.total


@dataclass
class EditionBlock:
    position: int
    kind: str
    # texts[i][j]: segment j of this block in the edition's language i;
    # ``None`` when that segment is untranslated in that language, ``""``
    # when it is translated together with the previous segment (2:1).
    texts: list[list[str | None]]

    @property
    def segment_count(self) -> int:
        return len(self.texts[0])


@dataclass
class Edition:
    document: Document
    layout: str
    languages: list[EditionLanguage]
    blocks: list[EditionBlock]
    generated_at: datetime = field(default_factory=timezone.now)

    @property
    def source(self) -> EditionLanguage:
        return self.languages[0]

    @property
    def targets(self) -> list[EditionLanguage]:
        return self.languages[1:]

    @property
    def segment_count(self) -> int:
        return sum(block.segment_count for block in self.blocks)

    @property
    def is_draft(self) -> bool:
        return not all(language.is_complete for language in self.targets)

    def strings(self) -> Iterable[str]:
        """Every piece of text the edition prints (for the font check)."""
        for language in self.languages:
            yield from (language.title, language.name, language.native_name, language.untranslated_label)
        for block in self.blocks:
            for texts in block.texts:
                yield from (text for text in texts if text)


def _check_request(document: Document, targets: list[str], layout: str) -> list[str]:
    # The messages are shown on the admin's edition form as well as by export_edition.
    if layout not in LAYOUTS:
        raise EditionError(
            gettext("unknown layout %(layout)r; choose one of: %(layouts)s")
            % {"layout": layout, "layouts": ", ".join(LAYOUTS)}
        )
    if not targets:
        raise EditionError(gettext("name at least one target language (--lang de)"))
    seen: list[str] = []
    for code in targets:
        try:
            language_registry.validate(code)
        except language_registry.UnknownLanguage as error:
            raise EditionError(str(error)) from None
        if code == document.source_language:
            raise EditionError(
                gettext("%(language)s is the source language of %(document)s; name a target language")
                % {"language": code, "document": document.slug}
            )
        if code in seen:
            raise EditionError(gettext("language %(language)s is named twice") % {"language": code})
        seen.append(code)
    if len(seen) > MAX_TARGETS[layout]:
        values = {"count": len(seen), "languages": ", ".join(seen)}
        if layout == "facing":
            message = gettext(
                "the facing layout takes one target language, not %(count)d (%(languages)s); "
                "use the columns layout for two translations side by side"
            )
        else:
            message = gettext("the columns layout takes at most two target languages, not %(count)d (%(languages)s)")
        raise EditionError(message % values)
    return seen


def _untranslated_label(code: str) -> str:
    # In the target language when a catalog for it exists, so the marker
    # reads naturally in that column; English otherwise.
    with translation.override(code):
        return gettext("[untranslated]")


def edition_build(
    *,
    document: Document,
    languages: list[str],
    layout: str = "columns",
    progress: Callable[[Iterable], Iterable] | None = None,
) -> Edition:
    """Read ``document`` in its source language and the target ``languages``.

    Raises ``EditionError`` for an unknown layout or language, the source
    language named as a target, or more targets than the layout holds.
    """
    targets = _check_request(document, list(languages), layout)
    codes = [document.source_language, *targets]
    states = {code: translation_states(document, code) for code in targets}
    iterate = progress or (lambda items: items)

    blocks: list[EditionBlock] = []
    counts = {code: {"translated": 0, "approved": 0, "untranslated": 0} for code in targets}
    current: EditionBlock | None = None
    # Per language: the state of the last segment that had a text (None: it had none).
    holder: dict[str, str | None] = {code: None for code in targets}
    for segment in iterate(active_segments(document)):
        if current is None or current.position != segment.block.position:
            current = EditionBlock(position=segment.block.position, kind=segment.block.kind, texts=[[] for _ in codes])
            blocks.append(current)
        current.texts[0].append(segment.source_text)
        for index, code in enumerate(targets, start=1):
            text = segment.text_in(code)
            row = states[code].get(segment.pk)
            state = row.state if row else State.UNTRANSLATED
            if not text.strip() and row is not None and row.joined_with_previous and holder[code] is not None:
                current.texts[index].append("")  # its text is in the previous segment's
                state = holder[code]
            elif not text.strip():
                current.texts[index].append(None)
                counts[code]["untranslated"] += 1
                holder[code] = None
                continue
            else:
                current.texts[index].append(text)
                holder[code] = state
            counts[code]["translated"] += 1
            counts[code]["approved"] += state == State.APPROVED

    total = sum(len(block.texts[0]) for block in blocks)
    edition_languages = []
    for code in codes:
        is_source = code == document.source_language
        edition_languages.append(
            EditionLanguage(
                code=code,
                name=language_registry.name(code),
                native_name=capfirst(language_registry.native_name(code)),
                direction=language_registry.direction(code),
                title=document.title_in(code),
                is_source=is_source,
                total=total,
                translated=total if is_source else counts[code]["translated"],
                approved=total if is_source else counts[code]["approved"],
                untranslated=0 if is_source else counts[code]["untranslated"],
                untranslated_label="" if is_source else _untranslated_label(code),
            )
        )
    return Edition(document=document, layout=layout, languages=edition_languages, blocks=blocks)
