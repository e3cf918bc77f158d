"""The EPUB 3 edition: a bilingual e-book, written with ebooklib.

``edition_epub(edition) -> bytes``. The two layouts of the printed editions
become the two ways e-books pair languages:

- ``columns`` — **parallel paragraphs**: every block is printed in the
  source, then in each translation, as one visually paired group (a rule
  down the side, the translation indented and set smaller). Screens are too
  narrow for columns, so the pairing is vertical.
- ``facing`` — **alternating chapters**: each chapter in the source, then the
  same chapter in the translation.

A chapter starts at every heading (what comes before the first heading is the
opening chapter, titled with the document's title). The table of contents
(EPUB 3 ``nav`` and, for older readers, an NCX) lists the chapters by their
headings. Every element that holds text carries ``lang``/``xml:lang`` and
``dir``, so readers pick the right hyphenation, voice and direction.

Fonts: a reader has Latin, Cyrillic and Greek faces of its own, but not
always Arabic or Chinese ones. For every other script the edition prints, the
Noto family the PDF uses (``fonts.fonts_for``) is embedded, **subset** with
fontTools to the characters the book contains — the full Noto Serif CJK face
is 25 MB, its subset for the essay about 20 KB per few hundred characters.
The markers, labels and title page are the same as in the HTML edition
(``labels.py``, ``html._row``).
"""

import io
import re
import uuid
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.template.loader import render_to_string
from ebooklib import epub
from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

from .. import languages as language_registry
from ..language_tags import bcp47
from . import fonts
from .builder import Edition, EditionBlock
from .html import Row, _row
from .labels import edition_labels

CHAPTER_TEMPLATE = "translations/editions/epub/chapter.xhtml"
TITLE_TEMPLATE = "translations/editions/epub/title.xhtml"
STYLE_TEMPLATE = "translations/editions/epub/style.css"
# Families every reading system has a face for; never embedded.
SYSTEM_FAMILIES = frozenset({fonts.BASE_FAMILY})


@dataclass
class Chapter:
    number: int
    title_block: EditionBlock | None  # the heading that opens it (None: the opening chapter)
    blocks: list[EditionBlock]


@dataclass
class EmbeddedFont:
    family: str
    file_name: str
    media_type: str
    data: bytes


def chapters_of(edition: Edition) -> list[Chapter]:
    """The edition cut at every heading."""
    chapters: list[Chapter] = []
    for block in edition.blocks:
        if block.kind == "heading" or not chapters:
            chapters.append(Chapter(len(chapters) + 1, block if block.kind == "heading" else None, []))
        chapters[-1].blocks.append(block)
    return chapters


def _heading_text(edition: Edition, chapter: Chapter, index: int) -> str:
    language = edition.languages[index]
    if chapter.title_block is None:
        return language.title or edition.source.title or edition.document.slug
    texts = [text for text in chapter.title_block.texts[index] if text]
    return language_registry.sentence_separator(language.code).join(texts) or language.untranslated_label


# -- fonts -----------------------------------------------------------------


def _font_path(family: str) -> tuple[Path, int] | None:
    """The regular face of ``family`` in WORKBENCH_FONT_DIRS: (file, index in a collection)."""
    stems = {family.replace(" ", ""), re.sub(r" (SC|TC|JP|KR|HK)$", "", family).replace(" ", "")}
    for directory in fonts.font_dirs():
        for stem in stems:
            for extension in ("ttf", "otf", "ttc"):
                path = directory / f"{stem}-Regular.{extension}"
                if not path.is_file():
                    continue
                if extension != "ttc":
                    return path, 0
                for number, face in enumerate(TTCollection(str(path), lazy=True).fonts):
                    if face["name"].getDebugName(1) == family:
                        return path, number
    return None


@cache
def _subset(family: str, characters: str) -> EmbeddedFont | None:
    found = _font_path(family)
    if found is None:
        return None
    path, number = found
    font = TTFont(str(path), fontNumber=number, lazy=False)
    options = subset.Options()
    options.layout_features = ["*"]  # Arabic joining forms and ligatures, CJK vertical forms
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    is_cff = "CFF " in font
    extension = "otf" if is_cff else "ttf"
    return EmbeddedFont(
        family=family,
        file_name=f"fonts/{family.replace(' ', '')}.{extension}",
        media_type=f"font/{extension}",
        data=out.getvalue(),
    )


def embedded_fonts(edition: Edition) -> tuple[list[EmbeddedFont], dict[str, list[str]]]:
    """Subset fonts for the scripts readers may lack, and the font families per language."""
    families = fonts.fonts_for(
        {language.code: list(_language_strings(edition, index)) for index, language in enumerate(edition.languages)}
    )
    characters = "".join(sorted(set("".join(edition.strings())) | set("".join(edition_labels(edition)["edition"]))))
    embedded: dict[str, EmbeddedFont] = {}
    for names in families.values():
        for family in names:
            if family in SYSTEM_FAMILIES or family in embedded:
                continue
            font = _subset(family, characters)
            if font is not None:
                embedded[family] = font
    return list(embedded.values()), families


def _language_strings(edition: Edition, index: int):
    language = edition.languages[index]
    yield from (language.title, language.native_name, language.untranslated_label)
    for block in edition.blocks:
        yield from (text for text in block.texts[index] if text)


# -- the book --------------------------------------------------------------


def _page(*, file_name: str, title: str, language, body: str, style) -> epub.EpubHtml:
    page = epub.EpubHtml(
        title=title, file_name=file_name, lang=bcp47(language.code), direction=language.direction, content=body
    )
    page.add_item(style)
    return page


def _chapter_body(edition: Edition, rows: list[Row], *, only: int | None = None) -> str:
    """A chapter's body: parallel paragraphs, or (``only``) the chapter in one language."""
    if only is not None:
        rows = [Row(kind=row.kind, cells=[row.cells[only]]) for row in rows]
    return render_to_string(CHAPTER_TEMPLATE, {"rows": rows, "paired": only is None, "layout": edition.layout})


def edition_epub(edition: Edition) -> bytes:
    """The edition as an EPUB 3 file (validates with epubcheck)."""
    document = edition.document
    source = edition.source
    labels = edition_labels(edition)
    book = epub.EpubBook()
    codes = "-".join(language.code for language in edition.languages)
    name = f"workbench:{document.slug}:{document.source_revision}:{codes}:{edition.layout}"
    book.set_identifier(f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}")
    book.set_title(source.title or document.slug)
    for language in edition.languages:
        if language.is_source:
            book.set_language(bcp47(language.code))
        else:
            book.add_metadata("DC", "language", bcp47(language.code))
        if not language.is_source and language.title:
            book.add_metadata("DC", "title", language.title, {"xml:lang": bcp47(language.code)})
    book.add_metadata("DC", "publisher", "Translation workbench")
    if source.direction == "rtl":
        book.set_direction("rtl")

    font_files, families = embedded_fonts(edition)
    for font in font_files:
        book.add_item(epub.EpubItem(uid=f"font-{font.family.replace(' ', '-')}", file_name=font.file_name,
                                    media_type=font.media_type, content=font.data))  # fmt: skip
    style = epub.EpubItem(
        uid="style",
        file_name="style.css",
        media_type="text/css",
        content=render_to_string(
            STYLE_TEMPLATE,
            {
                "fonts": font_files,
                "families": [(bcp47(code), names) for code, names in families.items()],
            },
        ).encode("utf-8"),
    )
    book.add_item(style)

    title_page = _page(
        file_name="title.xhtml",
        title=source.title or document.slug,
        language=source,
        body=render_to_string(TITLE_TEMPLATE, {"edition": edition, "labels": labels}),
        style=style,
    )
    book.add_item(title_page)
    spine: list = [title_page, "nav"]
    toc: list = []
    for chapter in chapters_of(edition):
        rows = [_row(edition, block) for block in chapter.blocks]
        if edition.layout == "facing":
            for index, language in enumerate(edition.languages):
                heading = _heading_text(edition, chapter, index)
                page = _page(
                    file_name=f"chapter-{chapter.number}-{language.code}.xhtml",
                    title=heading,
                    language=language,
                    body=_chapter_body(edition, rows, only=index),
                    style=style,
                )
                book.add_item(page)
                spine.append(page)
                toc.append(epub.Link(page.file_name, heading, f"toc-{chapter.number}-{language.code}"))
        else:
            heading = " · ".join(_heading_text(edition, chapter, i) for i in range(len(edition.languages)))
            page = _page(
                file_name=f"chapter-{chapter.number}.xhtml",
                title=_heading_text(edition, chapter, 0),
                language=source,
                body=_chapter_body(edition, rows),
                style=style,
            )
            book.add_item(page)
            spine.append(page)
            toc.append(epub.Link(page.file_name, heading, f"toc-{chapter.number}"))
    book.toc = toc
    book.spine = spine
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav(title=labels["contents"], direction=source.direction))
    out = io.BytesIO()
    epub.write_epub(out, book, {"mtime": edition.generated_at})
    return out.getvalue()
