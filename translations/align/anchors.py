"""Lexical anchors: tokens that survive translation unchanged or nearly so.

``AnchorIndex(src_sentences, tgt_sentences)`` extracts per sentence

* numbers (digits only, so "8 848", "8'848" and "8848" agree),
* names: capitalised words that are not sentence-initial, matched across the
  two languages by fuzzy string similarity (rapidfuzz) after accent folding,
* marked punctuation: ? ! : ; ( and quotation marks (weighted lower: common).

Only anchor keys found on *both* sides of the document are kept, which removes
German's capitalised common nouns and numbers the translation spelled out.
``matches(a, i0, b, j0s)`` returns, for the bead ``src[i0:i0+a]`` against each
``tgt[j0:j0+b]``, the weighted number of anchors they share (multiset
intersection), computed from prefix sums so a bead costs O(#anchors in it).
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np

NUMBER_WEIGHT = 1.0
NAME_WEIGHT = 1.0
PUNCT_WEIGHT = 0.3
NAME_SIMILARITY = 85  # rapidfuzz ratio (0..100) for two spellings of one name

_NUMBER = re.compile(r"\d+(?:[ '.,\u00a0\u202f]\d{3})*(?:[.,]\d+)?")
_WORD = re.compile(r"\w+", re.UNICODE)
_PUNCT = {"?": "?", "!": "!", ":": ":", ";": ";", "(": "(",
          "«": '"', "»": '"', "“": '"', "”": '"', "„": '"', '"': '"'}


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _numbers(text: str) -> list[str]:
    out = []
    for m in _NUMBER.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        # single digits are too common (list markers, "3 Bilder") to anchor anything
        if len(digits) >= 2:
            out.append("#" + digits)
    return out


def _names(text: str) -> list[str]:
    words = _WORD.findall(text)
    return [w for k, w in enumerate(words)
            if k > 0 and len(w) >= 3 and w[0].isupper() and not w.isdigit()]


def _punct(text: str) -> list[str]:
    return ["p" + _PUNCT[c] for c in text if c in _PUNCT]


class AnchorIndex:
    def __init__(self, src: list[str], tgt: list[str]):
        src_keys = [_numbers(s) + _punct(s) for s in src]
        tgt_keys = [_numbers(t) + _punct(t) for t in tgt]
        self._link_names(src, tgt, src_keys, tgt_keys)
        shared = {k for ks in src_keys for k in ks} & {k for ks in tgt_keys for k in ks}
        self.keys = sorted(shared)
        col = {k: c for c, k in enumerate(self.keys)}
        weights = np.array([_weight(k) for k in self.keys])
        self.src_prefix = _prefix(src_keys, col, weights)
        self.tgt_prefix = _prefix(tgt_keys, col, weights)
        self.empty = not self.keys

    @staticmethod
    def _link_names(src, tgt, src_keys, tgt_keys):
        """Give fuzzy-equal names on the two sides one common key."""
        from rapidfuzz import fuzz, process

        src_names = [[_fold(w) for w in _names(s)] for s in src]
        tgt_names = [[_fold(w) for w in _names(t)] for t in tgt]
        vocab = sorted({w for ws in src_names for w in ws})
        if not vocab:
            return
        canon: dict[str, str | None] = {}
        for ws in tgt_names:
            for w in ws:
                if w not in canon:
                    hit = process.extractOne(w, vocab, scorer=fuzz.ratio,
                                             score_cutoff=NAME_SIMILARITY)
                    canon[w] = hit[0] if hit else None
        for keys, ws in zip(src_keys, src_names):
            keys.extend("n" + w for w in ws)
        for keys, ws in zip(tgt_keys, tgt_names):
            keys.extend("n" + canon[w] for w in ws if canon[w])

    def matches(self, a: int, i0: int, b: int, j0s: np.ndarray) -> np.ndarray:
        """Weighted shared anchors of src[i0:i0+a] with each tgt[j0:j0+b]."""
        if self.empty or a == 0 or b == 0:
            return np.zeros(len(j0s))
        x = self.src_prefix[i0 + a] - self.src_prefix[i0]
        cols = np.flatnonzero(x)
        if cols.size == 0:
            return np.zeros(len(j0s))
        # gather only the anchor columns this source run has (np.ix_): a long
        # document has thousands of anchor keys
        y = self.tgt_prefix[np.ix_(j0s + b, cols)] - self.tgt_prefix[np.ix_(j0s, cols)]
        return np.minimum(x[cols][None, :], y).sum(axis=1)


def _weight(key: str) -> float:
    return {"#": NUMBER_WEIGHT, "n": NAME_WEIGHT, "p": PUNCT_WEIGHT}[key[0]]


def _prefix(keys_per_sentence, col, weights):
    counts = np.zeros((len(keys_per_sentence) + 1, len(col)), np.float32)
    for i, keys in enumerate(keys_per_sentence, start=1):
        for k in keys:
            c = col.get(k)
            if c is not None:
                counts[i, c] += weights[c]
    # prefix sums: counts of any run are a difference of two rows
    return np.cumsum(counts, axis=0)
