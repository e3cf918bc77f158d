"""Evaluation sets for the aligner, each with a gold alignment known by construction.

``evaluation_sets(data)`` returns ``EvalSet`` objects (name, sentences, gold
beads, languages):

* ``dev-A`` / ``dev-B``: the two halves of the human-aligned dev document
  (de-fr Text+Berg, split at the first gold bead starting at source
  sentence 234), aligned as two separate documents: the cross-validation
  splits (fit on one, report on the other);
* stress sets built from the dev document, with the gold rewritten by the
  same edit (seeded, so every run sees the same sets):
  ``merged``: runs of 2-4 consecutive 1-1 beads joined into one source
  sentence (1-2 … 1-4 beads, as English translations of Chinese fiction split
  long sentences); ``dropped``: about 6 % of the 1-1 beads lose their source
  or their target sentence (null beads); ``moved``: a paragraph of 8 target
  sentences moved 150 beads further on (non-monotone: gold leaves those 16
  sentences unaligned, nothing else changes);
* ``unrelated``: the German of dev-A against the French of dev-B (same genre,
  different text); gold is all null beads and the aligner should warn;
* ``en-ru``: the repository's essay (translations/fixtures/essay) against its
  sample Russian translation, segment by segment (``msgctxt``); a Russian
  segment holding several sentences is split into them (1-n gold beads);
* ``zh-en``: Genesis 37-45, Chinese Union Version (one verse per line)
  against the King James Version split into sentences (1-n beads per verse;
  verse numbers are the human alignment), see benchmarks/data/;
  ``zh-en-merged``: the same with runs of 2-4 Chinese verses joined into one
  line (one long Chinese sentence against up to a dozen English ones).

The score of a set is strict F1, except ``unrelated`` (no gold pairs: the
share of predicted beads that are null beads, i.e. strict precision).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
HALF_AT = 234


@dataclass
class EvalSet:
    name: str
    src: list[str]
    tgt: list[str]
    gold: list
    src_lang: str
    tgt_lang: str
    unrelated: bool = False
    note: str = ""


def subdocument(src, tgt, beads):
    """The sentences of *beads* (in order) as their own document, gold renumbered."""
    out_src, out_tgt, out_beads = [], [], []
    for x, y in beads:
        out_beads.append((list(range(len(out_src), len(out_src) + len(x))),
                          list(range(len(out_tgt), len(out_tgt) + len(y)))))
        out_src += [src[i] for i in x]
        out_tgt += [tgt[j] for j in y]
    return out_src, out_tgt, out_beads


def _contiguous(beads):
    """Gold beads the evaluation can use as units (contiguous, in order); drop the rest."""
    return [b for b in beads if (b[0] or b[1])]


def halves(src, tgt, gold):
    beads = _contiguous(gold)
    k = next(i for i, (x, _y) in enumerate(beads) if x and x[0] >= HALF_AT)
    return beads[:k], beads[k:]


def from_units(units):
    """Build a document from units (src sentences, tgt sentences) and return (src, tgt, gold)."""
    src, tgt, gold = [], [], []
    for xs, ys in units:
        gold.append((list(range(len(src), len(src) + len(xs))),
                     list(range(len(tgt), len(tgt) + len(ys)))))
        src += xs
        tgt += ys
    return src, tgt, gold


def _units(src, tgt, beads):
    return [([src[i] for i in x], [tgt[j] for j in y]) for x, y in beads]


def merged(src, tgt, beads, seed=11):
    rng = random.Random(seed)
    units = _units(src, tgt, beads)
    one_to_one = len(src) == len(beads) and all(len(x) == 1 for x, _y in beads)
    out, k = [], 0
    while k < len(units):
        size = rng.choice((2, 3, 4))
        run = units[k:k + size]
        if (rng.random() < 0.3 and len(run) == size
                and all(len(x) == 1 and (len(y) == 1 or one_to_one) for x, y in run)):
            joiner = "" if one_to_one else " "  # the verse-per-line Chinese side: no spaces
            out.append(([joiner.join(x[0] for x, _y in run)], [s for _x, y in run for s in y]))
            k += size
        else:
            out.append(units[k])
            k += 1
    return from_units(out)


def dropped(src, tgt, beads, seed=12, rate=0.06):
    rng = random.Random(seed)
    out = []
    for x, y in _units(src, tgt, beads):
        r = rng.random()
        if len(x) == 1 and len(y) == 1 and r < rate:
            out.append((x, []))
        elif len(x) == 1 and len(y) == 1 and r < 2 * rate:
            out.append(([], y))
        else:
            out.append((x, y))
    return from_units(out)


def moved(src, tgt, beads, start=120, size=8, shift=150):
    """Move the target side of beads[start:start+size] after bead start+shift."""
    units = _units(src, tgt, beads)
    block = units[start:start + size]
    moving = [s for _x, y in block for s in y]
    rest = units[:start] + [([s], []) for x, _y in block for s in x] + units[start + size:]
    at = start + sum(len(x) for x, _y in block) + (shift - size)
    rest = rest[:at] + [([], [s]) for s in moving] + rest[at:]
    return from_units(rest)


def essay_units(language: str):
    """(English sentence(s), translated sentences) per essay segment, from the sample PO."""
    po = polib.pofile(str(ROOT / f"translations/fixtures/samples/essay.{language}.po"))
    units = []
    for entry in po:
        if entry.obsolete:
            continue
        target = split_sentences(entry.msgstr) if entry.msgstr.strip() else []
        units.append(([entry.msgid], target))
    return units


_SENTENCE_END = re.compile(r"(?<=[.!?…»”])\s+(?=[«“\"A-ZÀ-ÖØ-ÞА-ЯЁ])")


def split_sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text.strip()) if s]


def genesis_units():
    def verses(lang):
        lines = (ROOT / f"benchmarks/data/genesis.{lang}").read_text(encoding="utf-8").splitlines()
        return dict(line.split("\t", 1) for line in lines)

    zh, en = verses("zh"), verses("en")
    return [([zh[k]], split_sentences(en[k])) for k in zh]


def evaluation_sets(data: Path) -> list[EvalSet]:
    from translations.align import parse_beads

    src = (data / "dev.de").read_text(encoding="utf-8").splitlines()
    tgt = (data / "dev.fr").read_text(encoding="utf-8").splitlines()
    gold = parse_beads((data / "dev.defr").read_text(encoding="utf-8"))
    a, b = halves(src, tgt, gold)
    beads = _contiguous(gold)
    sa, ta, ga = subdocument(src, tgt, a)
    sb, tb, gb = subdocument(src, tgt, b)
    sets = [
        EvalSet("dev-A", sa, ta, ga, "de", "fr", note="dev beads before source 234"),
        EvalSet("dev-B", sb, tb, gb, "de", "fr", note="dev beads from source 234"),
        EvalSet("merged", *merged(src, tgt, beads), "de", "fr", note="1-2..1-4 by joining source"),
        EvalSet("dropped", *dropped(src, tgt, beads), "de", "fr", note="~6% of 1-1 lose a side"),
        EvalSet("moved", *moved(src, tgt, beads), "de", "fr", note="8 target sentences moved"),
    ]
    unrelated_gold = [([i], []) for i in range(len(sa))] + [([], [j]) for j in range(len(tb))]
    sets.append(EvalSet("unrelated", sa, tb, unrelated_gold, "de", "fr", unrelated=True,
                        note="dev-A German vs dev-B French"))
    sets.append(EvalSet("en-ru", *from_units(essay_units("ru")), "en", "ru",
                        note="essay sample translation"))
    zh_src, zh_tgt, zh_gold = from_units(genesis_units())
    sets.append(EvalSet("zh-en", zh_src, zh_tgt, zh_gold, "zh", "en",
                        note="Genesis 37-45, CUV verses vs KJV sentences"))
    sets.append(EvalSet("zh-en-merged", *merged(zh_src, zh_tgt, zh_gold, seed=13), "zh", "en",
                        note="the same, 2-4 verses joined on the Chinese side"))
    return sets
