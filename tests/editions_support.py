"""Helpers for the edition tests: real translations, PDF text, normalising."""

import re
import subprocess
import unicodedata

from tests.conftest import require_program
from translations.models import Segment
from translations.services.translations import translation_save

# The essay's first three sentences, translated for these tests.
ARABIC = [
    "لم يكن بوسع الاتحاد السوفيتي أن يتجاوز الرأسمالية ويتقدم نحو الاشتراكية، لأنه لم يكن يملك داخل حدوده "
    "«أعلى القوى المنتجة».",
    "حتى الضروريات الأساسية للبقاء لم يكن من الممكن الحصول عليها إلا عبر التجارة مع القوى الإمبريالية.",
    "كان التحدي المباشر هو اللحاق بالرأسمالية، والاستيلاء على «المرتفعات القيادية» في الاقتصاد العالمي، "
    "وبذلك وضع الأساس لبناء الاشتراكية كنظام دولي.",
]
CHINESE = [
    "苏联无法超越资本主义并迈向社会主义，因为它在本国境内并不掌握“最高的生产力”。",
    "即使是生存所需的基本必需品，也只能通过与帝国主义列强的贸易来获得。",
    "当前的紧迫任务是赶上资本主义，夺取世界经济的“制高点”，从而为把社会主义建设成一个国际体系奠定基础。",
]


def segments_of(document) -> list[Segment]:
    return list(Segment.objects.filter(document=document, retired=False).order_by("block__position", "position"))


def translate_first(document, language: str, texts: list[str], **kwargs) -> list[Segment]:
    segments = segments_of(document)[: len(texts)]
    for segment, text in zip(segments, texts):
        translation_save(segment=segment, language=language, text=text, **kwargs)
    return segments


# Whitespace, soft hyphens (Typst's hyphenation), hyphens and the bidi
# controls pdftotext puts around right-to-left runs are layout, not text.
_LAYOUT = re.compile(r"[\s\u00ad\u2010\u2011\-\u200e\u200f\u202a-\u202e\u2066-\u2069]+")


def squeeze(text: str) -> str:
    return _LAYOUT.sub("", text)


def words(text: str) -> set[str]:
    """The words of ``text``, letters and digits only.

    For right-to-left text: pdftotext gets every Arabic word right, but may
    put a line's words and punctuation in visual rather than reading order.
    """
    kept = "".join(char if unicodedata.category(char)[0] in "LMN" else " " for char in text)
    return set(kept.split())


def page_with_words(pages: list[str], text: str) -> int:
    """1-based number of the one page holding every word of ``text``."""
    wanted = words(text)
    found = [number for number, page in enumerate(pages, start=1) if wanted <= words(page)]
    assert len(found) == 1, f"{text[:60]!r} found on pages {found}"
    return found[0]


def pdf_pages(path) -> list[str]:
    """The text of each page, in reading order (pdftotext also reorders Arabic correctly)."""
    pdftotext = require_program("pdftotext", "poppler-utils")
    output = subprocess.run([pdftotext, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True).stdout
    pages = output.decode("utf-8").split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def page_of(pages: list[str], text: str) -> int:
    """1-based number of the one page holding ``text`` whole; fails if none or several do."""
    needle = squeeze(text)
    found = [number for number, page in enumerate(pages, start=1) if needle in squeeze(page)]
    assert len(found) == 1, f"{text[:60]!r} found on pages {found}"
    return found[0]


def assert_in_order(haystack: str, sentences: list[str]) -> None:
    """Every sentence occurs in ``haystack`` (squeezed), each after the one before."""
    squeezed = squeeze(haystack)
    position = 0
    for sentence in sentences:
        found = squeezed.find(squeeze(sentence), position)
        assert found >= 0, f"not found (in order) in the PDF text: {sentence[:80]!r}"
        position = found + 1


def pdf_fonts(path) -> list[dict]:
    pdffonts = require_program("pdffonts", "poppler-utils")
    lines = subprocess.run([pdffonts, str(path)], capture_output=True, text=True, check=True).stdout.splitlines()
    header, rule, *rows = lines
    # Columns: name type encoding emb sub uni object-id; the name has no spaces.
    fonts = []
    for row in rows:
        name, *middle, emb, sub, uni, _object, _generation = row.split()
        fonts.append({"name": name, "embedded": emb == "yes", "unicode": uni == "yes"})
    return fonts
