"""How much a sentence boundary looks like a real end of sentence.

Sentence splitters (ours, and those that made the gold files) cut text at
places that are not the end of a sentence a translator would recognise: after
a person's initial ("B. M. Abalakow" → "B.M ." | "Abalakow"), after an
abbreviation ("Nr.", "Nov."), at a colon introducing a list, at a semicolon.
The translation is usually cut differently there, so human aligners put such a
boundary *inside* a bead far more often than a full stop.

``boundary_end_costs(sentences)`` returns, for the boundary after each
sentence, what a bead pays for ending there: 0 for an ordinary end of sentence
(. ! ? or a closing quote/bracket after one), more for a weak boundary.  The
cost is the log-odds of the boundary being bead-internal against that of an
ordinary one, ``logit(p_kind) - logit(p_full)``, with round prior
probabilities rather than figures fitted to any one document:

===================  =========================================  ======
kind                 example                                    p
===================  =========================================  ======
full stop            "… erreicht ."                             0.15
colon                "Die Teilnehmer waren :"                   0.3
semicolon, comma     "… clochetons ;", "… und ,"                 0.5
lower case next      "… !" | "- kosteten ein paar Tage ."        0.5
initial, abbrev.     "Ch .", "B.M.", "Nr.", "Nov ."             0.9
open bracket         "Verlag ( Zürich :"                        0.9
===================  =========================================  ======

Spacing does not matter ("Ch." and "Ch ." are the same): tokenised and
untokenised text get the same costs.  The last sentence of a document ends a
bead in every alignment, so its cost is 0.
"""

from __future__ import annotations

import math
import re

import numpy as np

P_FULL = 0.15
P_COLON = 0.3
P_MEDIUM = 0.5
P_STRONG = 0.9

# a capital letter (optionally one more lowercase: "Ch", "Dr") just before the
# final full stop, as in a name's initial; or a common abbreviation
_INITIAL = re.compile(r"(?:^|[\s.\-(])[A-ZÀ-ÖØ-Þ][a-z]?\s?\.$")
_ABBREV = re.compile(
    r"(?:^|[\s(])(?:Nr|No|Nov|Dez|Dec|Jan|Feb|Aug|Sept?|Oct|Okt|capt|Capt|ca|cf|vgl|"
    r"S|p|pp|vol|Bd|Hrsg|ed|éd|St|Ste|Mt|Mte|Mgr|Prof|Dr|Mme|Mlle|MM|usw|etc\.?\s?\)|"
    r"z\.\s?B|d\.\s?h|u\.\s?a|resp|bzw)\s?\.$")
_TERMINAL = re.compile(r"[.!?…][\s\"'»«”“’)\]]*$")


def _logit(p: float) -> float:
    return math.log(p / (1.0 - p))


def boundary_kind_probability(sentence: str, following: str) -> float:
    """Prior probability that the boundary after *sentence* lies inside a bead."""
    s = sentence.rstrip()
    nxt = following.lstrip()
    if _ABBREV.search(s) or _INITIAL.search(s):
        return P_STRONG
    # a bracket left open ("( Zürich :") means the sentence is not over (an
    # unmatched ")" in the next piece proves nothing: "a )" marks a list item)
    if s.count("(") > s.count(")"):
        return P_STRONG
    if s.endswith((";", ",")):
        return P_MEDIUM
    # a sentence that starts in lower case (after a dash or bracket) goes on
    # from the one before
    if nxt.lstrip("-–—([«\"' ")[:1].islower():
        return P_MEDIUM
    if s.endswith(":"):
        # a colon introduces a list or a quotation, but translators often
        # turn it into a full stop
        return P_COLON
    return P_FULL


def boundary_end_costs(sentences: list[str]) -> np.ndarray:
    """Cost of ending a bead after each sentence (see module docstring)."""
    n = len(sentences)
    out = np.zeros(n, np.float64)
    base = _logit(P_FULL)
    for i in range(n - 1):
        out[i] = _logit(boundary_kind_probability(sentences[i], sentences[i + 1])) - base
    return out
