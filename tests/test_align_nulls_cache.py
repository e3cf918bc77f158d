"""Null beads, unrelated texts and the embedding cache of the aligner (no Django, no shared data)."""

from __future__ import annotations

from translations.align import align
from translations.align.embeddings import MemoryEmbeddingCache, encoder_for

from .test_align import PAIRS, build

UNRELATED_EN = [
    "The committee approved the new budget for the municipal swimming pool.",
    "Interest rates are expected to rise again in the autumn.",
    "Our bakery opens at six o'clock every morning except on Sundays.",
    "The software update fixes a crash when printing long reports.",
    "Please return the library books before the end of the month.",
    "The orchestra will perform two symphonies by Brahms on Friday.",
]


def test_sentence_without_counterpart_is_a_null_bead_not_merged():
    # a target sentence dropped from the middle: its source sentence stays alone
    pairs = [p for p in PAIRS if p[0] and p[1] and len(p[0]) == 1 and len(p[1]) == 1][:7]
    src, tgt, _gold = build(pairs)
    del tgt[3]
    result = align(src, tgt, src_lang="en", tgt_lang="de")
    assert ([3], []) in result.beads
    assert result.beads[:3] == [([0], [0]), ([1], [1]), ([2], [2])]
    assert result.beads[4:] == [([4], [3]), ([5], [4]), ([6], [5])]
    assert not result.warnings


def test_unrelated_one_line_texts_are_not_forced_into_a_pair():
    result = align([UNRELATED_EN[0]], ["Die Expedition verliess Kathmandu am 12. März 1956."],
                   src_lang="en", tgt_lang="de")
    assert result.beads == [([0], []), ([], [0])]
    assert result.warnings == ["unrelated"]


def test_unrelated_texts_give_null_beads_and_a_warning():
    german = [t for _s, ts in PAIRS for t in ts][:6]
    result = align(UNRELATED_EN, german, src_lang="en", tgt_lang="de")
    assert result.warnings == ["unrelated"]
    assert all(not (s and t) for s, t in result.beads)
    assert len(result.beads) == len(UNRELATED_EN) + len(german)
    # the same German against its real source: no warning, pairs
    src, tgt, _gold = build(PAIRS[:6])
    related = align(src, tgt, src_lang="en", tgt_lang="de")
    assert not related.warnings
    assert sum(1 for s, t in related.beads if s and t) == 6


def test_confidence_is_a_probability_with_right_beads_high():
    src, tgt, gold = build(PAIRS)
    result = align(src, tgt, src_lang="en", tgt_lang="de")
    assert all(0.0 <= c <= 1.0 for c in result.confidence)
    right = [(bead, c) for bead, c in zip(result.beads, result.confidence) if bead in gold]
    narrow = [c for (s, t), c in right if len(s) + len(t) <= 2]
    wide = [c for (s, t), c in right if len(s) + len(t) > 2]
    # right 1-1 and null beads are sure; a right merge or split is likely
    # right but doubtful (wide beads are wrong about twice as often, and are
    # worth the reviewer's look)
    assert narrow and all(c >= 0.9 for c in narrow)
    assert wide and all(0.8 <= c < 0.9 for c in wide)


def test_a_pair_with_a_close_rival_is_less_sure():
    # the same target sentence twice: whichever copy is paired, the other is
    # as close, so the pair's margin over its nearest rival is ~0
    src, tgt, _gold = build(PAIRS[:6])
    clean = align(src, tgt, src_lang="en", tgt_lang="de")
    k = next(i for i, (s, t) in enumerate(clean.beads) if len(s) == len(t) == 1)
    j = clean.beads[k][1][0]
    doubled = align(src, tgt[:j + 1] + tgt[j:], src_lang="en", tgt_lang="de")
    bead = next(i for i, (s, t) in enumerate(doubled.beads) if s == clean.beads[k][0])
    assert clean.margins[k] > 0.1
    assert abs(doubled.margins[bead]) < 0.02
    assert doubled.confidence[bead] < clean.confidence[k]


def test_second_alignment_embeds_only_new_sentences():
    encoder = encoder_for("en", "de")
    cache = MemoryEmbeddingCache()
    src, tgt, _gold = build(PAIRS)
    before = encoder.embedded
    first = align(src, tgt, src_lang="en", tgt_lang="de", cache=cache)
    assert encoder.embedded - before == len(set(src)) + len(set(tgt))
    # a fixed typo in one target sentence, and the same source again
    tgt2 = list(tgt)
    fixed = next(j for j, t in enumerate(tgt) if "Wetter" in t)
    tgt2[fixed] = tgt2[fixed].replace("fast den ganzen", "fast während des ganzen")
    before = encoder.embedded
    second = align(src, tgt2, src_lang="en", tgt_lang="de", cache=cache)
    assert encoder.embedded - before == 1
    assert second.beads == first.beads
    # the same text in another language is another key: embedded anew
    before = encoder.embedded
    align(src, tgt, src_lang="en", tgt_lang="nl", cache=cache)
    assert encoder.embedded - before == len(set(tgt))
