"""One spacing of punctuation for every input, tokenised or not.

Aligned corpora (Europarl, Text+Berg, the Vecalign/Bertalign test sets) are
often tokenised: "gekommen , was", "l' arête", "( 8501 m )".  Users' text is
not.  Every feature of the aligner (embeddings, lengths, anchors, sentence
boundaries) reads sentences through ``canonical_spacing`` so that the same
text aligns the same either way; the choice of the tokenised form is
arbitrary (it is simply a fixed point of the function).
"""

from __future__ import annotations

import re

# Punctuation is spaced out the way tokenised corpora (Europarl, Text+Berg)
# write it, so that "gekommen, was" and "gekommen , was" embed identically:
# the same text must align the same whether or not someone tokenised it.
_SPACED_PUNCT = re.compile(r"(?<!\d)([.,])|([.,])(?!\d)|([;:!?()\[\]«»\"“”„])")
_ELISION = re.compile(r"([^\W\d]['’])(?=\w)")


def canonical_spacing(text: str) -> str:
    """*text* with punctuation and elisions (l'arête) set off by single spaces."""
    text = _SPACED_PUNCT.sub(lambda m: f" {m.group(1) or m.group(2) or m.group(3)} ", text)
    text = _ELISION.sub(r"\1 ", text)
    return " ".join(text.split())
