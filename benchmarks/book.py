"""A book-sized text and its German translation, built from the essay and its sample translation.

``book_write(directory, copies=280)`` writes ``book.md`` (``copies`` copies of
the essay's blocks: 1.4 MB and 12,320 segments at 280) and ``book.de.md`` (the
same blocks in German, each block the sample PO translations of its sentences
joined with spaces) and returns both paths. ``text_write(path, megabytes)``
writes a plain text of about that size from the essay's paragraphs. Used by
``book_end_to_end.py`` and ``import_bench.py``; needs no database.
"""

from __future__ import annotations

import re
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
ESSAY = ROOT / "translations" / "fixtures" / "essay.md"
GERMAN_PO = ROOT / "translations" / "fixtures" / "samples" / "essay.de.po"


def _german_blocks() -> list[str]:
    """The essay's blocks in German, in order (the PO's ``#. block N`` comments group the sentences)."""
    blocks: dict[int, list[str]] = {}
    for entry in polib.pofile(str(GERMAN_PO)):
        match = re.search(r"block (\d+)", entry.comment or "")
        if match and entry.msgstr:
            blocks.setdefault(int(match.group(1)), []).append(entry.msgstr)
    return [" ".join(blocks[number]) for number in sorted(blocks)]


def book_write(directory: Path, copies: int = 280) -> tuple[Path, Path]:
    directory = Path(directory)
    essay = ESSAY.read_text(encoding="utf-8").strip()
    source = directory / "book.md"
    source.write_text("\n\n".join([essay] * copies) + "\n", encoding="utf-8")
    german = directory / "book.de.md"
    german.write_text("\n\n".join(_german_blocks() * copies) + "\n", encoding="utf-8")
    return source, german


def text_write(path: Path, megabytes: float) -> Path:
    """A plain text of about ``megabytes`` MB: the essay's paragraphs, each copy numbered so sentences differ."""
    essay = ESSAY.read_text(encoding="utf-8").strip()
    paragraphs = [p.lstrip("#>- ").strip() for p in essay.split("\n\n")]
    target = int(megabytes * 1_000_000)
    written = 0
    with open(path, "w", encoding="utf-8") as out:
        copy = 0
        while written < target:
            copy += 1
            for paragraph in paragraphs:
                chunk = f"{paragraph} (Copy {copy}.)\n\n"
                out.write(chunk)
                written += len(chunk.encode("utf-8"))
    return Path(path)
