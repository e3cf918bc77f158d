"""Split a block's text into sentence segments.

Contract: for any text without leading or trailing whitespace,
``"".join(s.text + s.separator for s in split_sentences(text, lang)) == text``
— every character lands in exactly one segment or separator. Segment text has
no surrounding whitespace; the separator is the whitespace that followed it.

The rules come from sentencex (Wikimedia's language-aware splitter:
abbreviations, decimals, closing quotes and brackets). On top of it we split
after an ellipsis followed by a capital letter ("no pay… Fifty percent"), which
sentencex keeps together, and never split before a lowercase continuation
("… is an absolutely necessary").
"""

import re
from dataclasses import dataclass

from sentencex import segment as sentencex_segment

# "…" (or "...") then whitespace then an uppercase letter, or an opening
# quote/bracket before it, starts a new sentence.
_ELLIPSIS_BREAK = re.compile(r"(?:…|\.\.\.)(?=\s+[\"“‘«„(\[]?[^\W\d_a-z])")


@dataclass(frozen=True)
class Sentence:
    text: str
    separator: str


def _library_language(code: str) -> str:
    return code.split("-")[0].lower() or "en"


def _boundaries(text: str, lang: str) -> list[int]:
    """End offsets of the sentences that sentencex finds, mapped back onto ``text``."""
    ends: list[int] = []
    cursor = 0
    for piece in sentencex_segment(_library_language(lang), text):
        content = piece.strip()
        if not content:
            continue
        found = text.find(content, cursor)
        if found < 0:
            # The library changed the text (it should not): keep what we have,
            # the rest of the block stays one segment rather than losing text.
            break
        cursor = found + len(content)
        ends.append(cursor)
    return ends


def _ellipsis_breaks(text: str) -> list[int]:
    return [match.end() for match in _ELLIPSIS_BREAK.finditer(text)]


def split_sentences(text: str, lang: str = "en") -> list[Sentence]:
    if not text.strip():
        return []
    cut_points = sorted(set(_boundaries(text, lang)) | set(_ellipsis_breaks(text)))
    sentences: list[Sentence] = []
    start = 0
    for end in cut_points + [len(text)]:
        if end <= start:
            continue
        chunk = text[start:end]
        if not chunk.strip():
            # Only whitespace between two cuts: it belongs to the previous separator.
            if sentences:
                last = sentences[-1]
                sentences[-1] = Sentence(last.text, last.separator + chunk)
            start = end
            continue
        leading = len(chunk) - len(chunk.lstrip())
        if leading and sentences:
            last = sentences[-1]
            sentences[-1] = Sentence(last.text, last.separator + chunk[:leading])
            chunk = chunk[leading:]
        content = chunk.rstrip()
        sentences.append(Sentence(content, chunk[len(content):]))
        start = end
    return sentences


def join_sentences(sentences: list[Sentence]) -> str:
    return "".join(s.text + s.separator for s in sentences)
