"""The EPUB 3 edition: epubcheck passes, languages tagged, a table of contents, fonts for Arabic and Chinese.

epubcheck is a Java program (about 5–10 s per file on a busy machine), so the
three editions the issue names (German, Arabic, Chinese) are checked by one
test that runs the three checks at once.
"""

import io
import os
import subprocess
import zipfile

import pytest
from lxml import etree

from tests.conftest import require_program
from tests.editions_support import ARABIC, CHINESE, segments_of, translate_first
from translations.services.documents import document_import
from translations.services.translations import translation_save
from translations.editions import edition_build
from translations.editions.epub import edition_epub

XHTML = "{http://www.w3.org/1999/xhtml}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def build(document, languages, layout="columns") -> bytes:
    document.refresh_from_db()
    return edition_epub(edition_build(document=document, languages=languages, layout=layout))


def files(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def epubcheck_all(paths) -> list[subprocess.CompletedProcess]:
    jar = os.path.realpath(require_program("epubcheck", "epubcheck"))
    java = require_program("java", "epubcheck")
    # Client JIT and serial GC: epubcheck is short-lived, start-up dominates.
    command = [java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar, "--quiet"]
    running = [subprocess.Popen([*command, str(path)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
               for path in paths]  # fmt: skip
    return [(path, process.communicate()[0], process.returncode) for path, process in zip(paths, running)]


@pytest.fixture
def sections(db, tmp_path):
    """Three chapters with every block kind, in German and Russian (one Russian sentence left untranslated)."""
    parts = []
    for n in range(1, 4):
        parts += [
            f"# Chapter {n}: a heading",
            f"Chapter {n} opens with a paragraph. It has two sentences.",
            f"- Item one of chapter {n}\n- Item two of chapter {n}",
            f"> A quotation in chapter {n}.",
            f"-- Attribution in chapter {n}",
        ]
    source = tmp_path / "sections.md"
    source.write_text("\n\n".join(parts) + "\n")
    document = document_import(path=source, slug="sections", title="Sections").document
    for segment in segments_of(document):
        translation_save(segment=segment, language="de", text=f"DE {segment.source_text.replace('Chapter', 'Kapitel')}")
        if segment.source_text != "It has two sentences.":
            translation_save(segment=segment, language="ru", text=f"RU {segment.source_text.replace('Chapter', 'Глава')}")
    return document


def test_german_arabic_and_chinese_editions_pass_epubcheck(essay, sections, tmp_path):
    translate_first(essay, "ar", ARABIC)
    translate_first(essay, "zh-hans", CHINESE)
    paths = []
    for document, languages, layout in (
        (sections, ["de", "ru"], "columns"),
        (essay, ["ar"], "columns"),
        (essay, ["zh-hans"], "facing"),
    ):
        path = tmp_path / f"{document.slug}-{languages[0]}-{layout}.epub"
        path.write_bytes(build(document, languages, layout))
        paths.append(path)
    for path, output, returncode in epubcheck_all(paths):
        assert returncode == 0, f"{path.name}: {output}"


def test_parallel_paragraphs_pair_each_block_with_its_translation_tagged_by_language(essay_with_samples):
    translate_first(essay_with_samples, "ar", ARABIC)
    content = files(build(essay_with_samples, ["ar"]))
    chapter = etree.fromstring(content["EPUB/chapter-1.xhtml"])
    pairs = chapter.findall(f".//{XHTML}div[@class='pair kind-paragraph']")
    assert pairs
    source, translation = pairs[0].findall(f"{XHTML}div")
    assert (source.get("lang"), source.get(XML_LANG), source.get("dir")) == ("en", "en", "ltr")
    assert (translation.get("lang"), translation.get(XML_LANG), translation.get("dir")) == ("ar", "ar", "rtl")
    text = "".join(translation.itertext())
    assert ARABIC[0] in text and ARABIC[1] in text
    assert "The Soviet Union" in "".join(source.itertext())


def nav_titles(content: dict[str, bytes]) -> list[str]:
    nav = etree.fromstring(content["EPUB/nav.xhtml"])
    return [link.text for link in nav.iter(f"{XHTML}a")]


def ncx_titles(content: dict[str, bytes]) -> list[str]:
    ncx = etree.fromstring(content["EPUB/toc.ncx"])
    return [text.text for text in ncx.iter("{http://www.daisy.org/z3986/2005/ncx/}text")][1:]  # [0]: the book title


def test_table_of_contents_lists_the_headings_in_nav_and_ncx(sections):
    content = files(build(sections, ["de"]))
    expected = [f"Chapter {n}: a heading · DE Kapitel {n}: a heading" for n in range(1, 4)]
    assert nav_titles(content) == expected
    assert ncx_titles(content) == expected


def test_alternating_chapters_give_each_chapter_in_the_source_then_the_translation(sections):
    content = files(build(sections, ["ru"], "facing"))
    assert nav_titles(content) == [
        title for n in range(1, 4) for title in (f"Chapter {n}: a heading", f"RU Глава {n}: a heading")
    ]
    russian = etree.fromstring(content["EPUB/chapter-2-ru.xhtml"])
    assert (russian.get("lang"), russian.get("dir")) == ("ru", "ltr")
    assert russian.find(f".//{XHTML}div[@class='pair kind-paragraph']") is None
    text = "".join(russian.itertext())
    assert "RU Глава 2 opens with a paragraph." in text and "Chapter 2 opens" not in text
    # The untranslated sentence is marked, not replaced by the English.
    assert "[untranslated]" in text or "[не переведено]" in text


def test_arabic_and_chinese_fonts_are_embedded_as_small_subsets(essay, tmp_path):
    translate_first(essay, "ar", ARABIC)
    translate_first(essay, "zh-hans", CHINESE)
    arabic = files(build(essay, ["ar"]))
    chinese = files(build(essay, ["zh-hans"]))
    assert "EPUB/fonts/NotoNaskhArabic.ttf" in arabic
    assert not any(name.startswith("EPUB/fonts/NotoSerifCJK") for name in arabic)
    cjk = [name for name in chinese if name.startswith("EPUB/fonts/NotoSerifCJK")]
    assert cjk == ["EPUB/fonts/NotoSerifCJKSC.otf"]
    # A subset: the full face is about 25 MB.
    assert len(chinese[cjk[0]]) < 200_000
    assert b'"Noto Serif CJK SC"' in chinese["EPUB/style.css"]
    # Latin text relies on the reader's fonts: nothing embedded for German.
    assert not any(name.startswith("EPUB/fonts/") for name in files(build(essay, ["de"])))
