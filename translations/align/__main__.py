"""Command line: ``python -m translations.align SRC TGT [--src-lang de --tgt-lang fr]``.

SRC and TGT hold one sentence per line (UTF-8).  Prints one bead per line in
Vecalign/Bertalign gold format (``[0, 1]:[0]``, ``[]`` for an empty side) on
stdout; progress bar and timings go to stderr.  Exit status 2 with a one-line
message for a missing, unreadable or non-UTF-8 file.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path


def read_sentences(path: Path) -> list[str]:
    """Lines of a UTF-8 file without line terminators; raises ValueError/OSError."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path}: not valid UTF-8 (byte {exc.start}: "
                         f"{data[exc.start:exc.start + 1]!r})") from None
    return text.splitlines()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m translations.align",
        description="Align the sentences of two files (one sentence per line).")
    parser.add_argument("src", type=Path, help="source file, one sentence per line")
    parser.add_argument("tgt", type=Path, help="target file, one sentence per line")
    parser.add_argument("--src-lang", help="source language code, e.g. de")
    parser.add_argument("--tgt-lang", help="target language code, e.g. fr")
    parser.add_argument("--map", type=Path, metavar="PNG", help="also write an alignment map")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)

    try:
        src = read_sentences(args.src)
        tgt = read_sentences(args.tgt)
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        where = f"{exc.filename}: " if isinstance(exc, OSError) and exc.filename else ""
        print(f"error: {where}{reason}", file=sys.stderr)
        return 2

    from tqdm import tqdm

    from . import align, format_beads, render_alignment_map, work_total

    start = time.perf_counter()
    with tqdm(total=work_total(len(src), len(tgt)), unit="step", file=sys.stderr,
              disable=args.no_progress, desc="aligning") as bar:
        result = align(src, tgt, src_lang=args.src_lang, tgt_lang=args.tgt_lang,
                       progress=bar.update)
    sys.stdout.write(format_beads(result.beads))
    if args.map:
        render_alignment_map(result, args.map)
    stages = ", ".join(f"{k} {v:.2f}s" for k, v in result.timings.items())
    print(f"{len(src)} x {len(tgt)} sentences, {len(result.beads)} beads, "
          f"method {result.method}, {time.perf_counter() - start:.2f}s ({stages})",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
