"""Tests of the sentence aligner (translations.align); no Django, no shared data."""

from __future__ import annotations

import struct
import subprocess
import sys
import zlib
from pathlib import Path

import numpy as np
import pytest

from translations.align import (align, check_beads, format_beads, parse_bead, parse_beads,
                                render_alignment_map, scorer_for)
from translations.align.mapimage import map_size

REPO = Path(__file__).resolve().parents[1]

# A small parallel text.  Each pair is one bead: the English and German sides
# are cut into sentences differently (merges, splits), and two sentences have
# no counterpart at all (an editor's note and a photo caption).
PAIRS = [
    (["The expedition left Kathmandu on 12 March 1956."],
     ["Die Expedition verliess Kathmandu am 12. März 1956."]),
    (["It had twelve climbers and almost three hundred porters."],
     ["Sie bestand aus zwölf Bergsteigern und fast dreihundert Trägern."]),
    (["The march to the base camp took three weeks.",
      "The rivers were high and the bridges had been washed away."],
     ["Der Anmarsch zum Basislager dauerte drei Wochen, denn die Flüsse führten "
      "Hochwasser und die Brücken waren weggeschwemmt."]),
    (["Near the village of Namche Bazar the team met the Sherpa Ang Tharkay, "
      "who had been on Everest twice before and knew every path of the valley."],
     ["Beim Dorf Namche Bazar traf die Mannschaft den Sherpa Ang Tharkay.",
      "Er war schon zweimal am Everest gewesen und kannte jeden Pfad des Tals."]),
    (["The weather was bad for most of April."],
     ["Das Wetter war fast den ganzen April über schlecht."]),
    (["Heavy snow fell every afternoon, and the avalanches made the icefall dangerous."],
     ["Jeden Nachmittag fiel schwerer Schnee.",
      "Die Lawinen machten den Eisbruch gefährlich."]),
    ([], ["Anmerkung der Redaktion: Die Höhenangaben folgen der neuen Vermessung."]),
    (["Camp 3 was set up at 6800 metres on 2 May."],
     ["Lager 3 wurde am 2. Mai auf 6800 Metern errichtet."]),
    (["Two days later a storm destroyed two tents."],
     ["Zwei Tage später zerstörte ein Sturm zwei Zelte."]),
    (["Nobody was hurt, but much of the food was lost."],
     ["Niemand wurde verletzt, aber ein grosser Teil der Lebensmittel ging verloren."]),
    (["Photo: the south face of Lhotse seen from the glacier."], []),
    (["On 18 May the first rope reached the summit at noon."],
     ["Am 18. Mai erreichte die erste Seilschaft um zwölf Uhr den Gipfel."]),
    (["They stayed for twenty minutes and took photographs in all directions."],
     ["Sie blieben zwanzig Minuten oben und fotografierten nach allen Richtungen."]),
    (["The descent was slow.", "One of the climbers had frostbitten toes.",
      "He had to be carried down to the base camp."],
     ["Der Abstieg ging langsam vor sich, weil einer der Bergsteiger erfrorene Zehen "
      "hatte und bis ins Basislager getragen werden musste."]),
    (["A second party climbed the peak on 20 May."],
     ["Eine zweite Seilschaft bestieg den Gipfel am 20. Mai."]),
    (["The expedition was back in Kathmandu in the middle of June."],
     ["Mitte Juni war die Expedition wieder in Kathmandu."]),
    (["Its leader wrote that he had never seen a finer team."],
     ["Ihr Leiter schrieb, er habe nie eine bessere Mannschaft gesehen."]),
]


def build(pairs):
    src, tgt, gold = [], [], []
    for s, t in pairs:
        gold.append((list(range(len(src), len(src) + len(s))),
                     list(range(len(tgt), len(tgt) + len(t)))))
        src += s
        tgt += t
    return src, tgt, gold


@pytest.fixture(scope="module")
def parallel():
    return build(PAIRS)


@pytest.fixture(scope="module")
def result(parallel):
    src, tgt, _ = parallel
    return align(src, tgt, src_lang="en", tgt_lang="de")


def test_realigns_merges_splits_and_deletions(parallel, result):
    src, tgt, gold = parallel
    assert result.method == "embeddings"
    check_beads(result.beads, len(src), len(tgt))
    assert result.beads == gold


def test_result_fields(parallel, result):
    src, tgt, _ = parallel
    assert len(result.confidence) == len(result.beads) == len(result.costs)
    assert all(0.0 <= c <= 1.0 for c in result.confidence)
    assert result.path[0] == (0, 0) and result.path[-1] == (len(src), len(tgt))
    sim = result.similarity.dense()
    assert sim.shape == (len(src), len(tgt))
    # the diagonal (matching sentences) is more similar than the rest
    assert sim[0, 0] > np.nanmean(sim)


def test_one_to_zero_and_zero_to_one():
    src, tgt, gold = build([PAIRS[0], PAIRS[1], PAIRS[10], PAIRS[4], PAIRS[6], PAIRS[7]])
    beads = align(src, tgt, src_lang="en", tgt_lang="de").beads
    assert ([2], []) in beads
    assert ([], [3]) in beads
    assert beads == gold


def test_partial_translation(parallel):
    # Only the first part is translated.  The length model must not take the
    # documents' total length ratio (tiny here) as the translator's, or it
    # packs several source sentences against each target sentence; and any
    # bead that does join unrelated sentences must be marked for review.
    src, tgt, gold = parallel
    for k in (3, 6):
        res = align(src, tgt[:k], src_lang="en", tgt_lang="de")
        check_beads(res.beads, len(src), k)
        expected = [b for b in gold if b[1] and b[1][-1] < k]
        assert res.beads[:len(expected)] == expected
        assert all(c >= 0.5 for c in res.confidence[:len(expected)])
        for (s, t), conf in zip(res.beads, res.confidence):
            if t and len(s) > 1 and (s, t) not in gold:
                assert conf < 0.5, (s, t, conf)


def test_true_wide_beads_stay_confident(parallel, result):
    # Parts that each translate a piece of the other side support their bead:
    # the real merges and splits are not sent to review.
    src, tgt, gold = parallel
    wide = [(b, c) for b, c in zip(result.beads, result.confidence)
            if len(b[0]) + len(b[1]) > 2]
    assert len(wide) == 4 and all(b in gold for b, _ in wide)
    assert all(c >= 0.5 for _, c in wide), wide


# One sentence that lists five people against a translation that gives each
# of them a sentence of its own: a 1-5 bead, which only the embeddings can
# find (lengths alone cannot tell it from five 1-1 beads).
LIST_PAIR = (["The party had five members: the leader Max Eiselin, the doctor Hans Weber, "
              "the cameraman Ernst Reiss, the geologist Fritz Müller and the cook Pasang Dawa."],
             ["Leiter der Mannschaft war Max Eiselin.", "Als Arzt kam Hans Weber mit.",
              "Ernst Reiss filmte.", "Fritz Müller war der Geologe.", "Gekocht hat Pasang Dawa."])


def test_one_sentence_against_five():
    src, tgt, gold = build(PAIRS[:5] + [LIST_PAIR] + PAIRS[5:])
    res = align(src, tgt, src_lang="en", tgt_lang="de")
    assert ([6], [6, 7, 8, 9, 10]) in res.beads
    assert res.beads == gold
    # the fallback searches only shapes lengths can judge
    fallback = align(src, tgt, src_lang="en", tgt_lang="de", use_embeddings=False)
    check_beads(fallback.beads, len(src), len(tgt))
    assert max(len(s) + len(t) for s, t in fallback.beads) <= 5


def test_explained_terms_add_up_to_the_search_costs(parallel, result):
    # benchmarks/align_errors.py reads these terms to say why a path won
    src, tgt, _ = parallel
    scorer = scorer_for(src, tgt, src_lang="en", tgt_lang="de")
    for (s, t), cost in zip(result.beads, result.costs):
        terms = scorer.explain(len(s), len(t), s[0] if s else 0, t[0] if t else 0)
        assert sum(terms.values()) == pytest.approx(cost, abs=1e-6)
        assert ("deletion" in terms) == (not s or not t)
        if s and t:
            assert {"embedding", "length", "anchors", "boundary"} <= terms.keys()


def test_tokenised_and_plain_text_align_alike(parallel):
    # Gold files are often tokenised ("Mai , 1956 ."); users' text is not.
    src, tgt, gold = parallel

    def tokenise(s):
        for p in ".,:;!?":
            s = s.replace(p, " " + p)
        return s

    res = align([tokenise(s) for s in src], [tokenise(t) for t in tgt],
                src_lang="en", tgt_lang="de")
    assert res.beads == gold


def test_sentence_cut_after_an_initial_is_merged():
    # The splitter cut "B. M. Abalakow" after the initial on the German side
    # only: the two pieces are one sentence, and the bead is 2-1.
    src = ["The first ascent was made in 1933 by B. M. Abalakow.",
           "Since then the peak has been climbed many times.",
           "It is the highest summit of the range."]
    tgt = ["Die Erstbesteigung gelang 1933 B. M.",
           "Abalakow.",
           "Seither wurde der Gipfel oft bestiegen.",
           "Er ist der höchste Gipfel des Gebirges."]
    res = align(src, tgt, src_lang="en", tgt_lang="de")
    assert res.beads == [([0], [0, 1]), ([1], [2]), ([2], [3])]


def test_ocr_debris_is_left_unaligned():
    src = [s for pair in PAIRS[:6] for s in pair[0]]
    tgt = [t for pair in PAIRS[:6] for t in pair[1]]
    tgt.insert(2, "- _-")
    tgt.insert(7, ".....")  # between two beads
    res = align(src, tgt, src_lang="en", tgt_lang="de")
    assert ([], [2]) in res.beads and ([], [7]) in res.beads


def test_fallback_without_embeddings(parallel):
    src, tgt, gold = parallel
    res = align(src, tgt, use_embeddings=False)
    assert res.method == "length+anchors"
    check_beads(res.beads, len(src), len(tgt))
    # length and anchors alone still get most of this easy text right
    assert len(set(map(repr, res.beads)) & set(map(repr, gold))) >= len(gold) // 2


def test_unsupported_language_falls_back(parallel):
    src, tgt, _ = parallel
    res = align(src, tgt, src_lang="en", tgt_lang="sw")
    assert res.method == "length+anchors"
    check_beads(res.beads, len(src), len(tgt))


@pytest.mark.parametrize("src,tgt,expected", [
    ([], [], []),
    (["a", "b"], [], [([0], []), ([1], [])]),
    ([], ["x"], [([], [0])]),
])
def test_empty_inputs(src, tgt, expected):
    res = align(src, tgt)
    assert res.beads == expected
    assert len(res.confidence) == len(expected)


def test_single_sentences_and_blank_lines():
    res = align(["Hello.", ""], ["Hallo."])
    check_beads(res.beads, 2, 1)


def test_bead_format_round_trip(parallel):
    _, _, gold = parallel
    text = format_beads(gold)
    assert "[]:[8]" in text and "[2, 3]:[2]" in text
    assert parse_beads(text) == gold
    assert parse_bead("[0, 1]:[2]:0.123") == ([0, 1], [2])
    assert format_beads([]) == ""
    with pytest.raises(ValueError):
        parse_bead("[0] [1]")
    with pytest.raises(ValueError):
        parse_bead("[0]:['a']")


def test_check_beads_rejects_gaps():
    with pytest.raises(ValueError):
        check_beads([([0], [0]), ([2], [1])], 3, 2)


def _png_size(data: bytes):
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks = 8, {}
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        tag, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        assert crc == zlib.crc32(tag + body) & 0xFFFFFFFF
        chunks.setdefault(tag, b"")
        chunks[tag] += body
        pos += 12 + length
    w, h, depth, colour = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    raw = zlib.decompress(chunks[b"IDAT"])
    assert len(raw) == h * (1 + 3 * w) and depth == 8 and colour == 2
    return w, h, raw


def test_map_png(parallel, result, tmp_path):
    src, tgt, _ = parallel
    out = tmp_path / "map.png"
    data = render_alignment_map(result, out, max_side=200)
    assert out.read_bytes() == data
    w, h, raw = _png_size(data)
    assert (w, h) == map_size(len(src), len(tgt), 200)
    cell = min(8, 200 // max(len(src), len(tgt)))
    assert (w, h) == (len(tgt) * cell, len(src) * cell)
    # low-confidence beads are red, the others green
    pixels = np.frombuffer(raw, np.uint8).reshape(h, 1 + 3 * w)[:, 1:].reshape(h, w, 3)
    colours = {tuple(p) for p in pixels.reshape(-1, 3)}
    assert (0, 160, 60) in colours or (220, 30, 30) in colours


def test_map_png_shrinks_long_documents():
    src = [f"Satz Nummer {i}." for i in range(300)]
    res = align(src, src, use_embeddings=False)
    w, h, _ = _png_size(render_alignment_map(res, max_side=100))
    assert (w, h) == (100, 100)


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "translations.align", *map(str, args)],
                          cwd=REPO, capture_output=True, text=True, timeout=300)


def test_cli(parallel, tmp_path):
    src, tgt, gold = parallel
    (tmp_path / "a.en").write_text("\n".join(src) + "\n", encoding="utf-8")
    (tmp_path / "a.de").write_text("\n".join(tgt) + "\n", encoding="utf-8")
    proc = run_cli(tmp_path / "a.en", tmp_path / "a.de", "--src-lang", "en", "--tgt-lang", "de",
                   "--map", tmp_path / "m.png")
    assert proc.returncode == 0, proc.stderr
    assert parse_beads(proc.stdout) == gold
    assert "beads" in proc.stderr and "s (" in proc.stderr  # timing line
    _png_size((tmp_path / "m.png").read_bytes())


def test_cli_errors(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Hallo.\n", encoding="utf-8")
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Caf\xe9 cr\xe8me.\n".encode("latin-1"))
    proc = run_cli(bad, good)
    assert proc.returncode != 0
    assert "UTF-8" in proc.stderr and "latin1.txt" in proc.stderr
    assert "Traceback" not in proc.stderr
    proc = run_cli(tmp_path / "missing.txt", good)
    assert proc.returncode != 0
    assert "missing.txt" in proc.stderr and "Traceback" not in proc.stderr


def test_chinese_sentence_and_its_longer_english_translation_match_in_length():
    """A Chinese character carries about as much as 2-3 Latin letters."""
    from translations.align.lengths import length_cost, text_length

    zh = "约瑟十七岁与他哥哥们一同牧羊。"
    en = "Joseph, seventeen, fed the flock with his brothers ."  # 3.4x the characters
    assert text_length(zh) == pytest.approx(14 * 2.5 + 1)
    ratio_unknown = 1.0
    one_to_one = length_cost([text_length(zh)], [text_length(en)], ratio=ratio_unknown)[0]
    counted_raw = length_cost([len(zh)], [len(en)], ratio=ratio_unknown)[0]
    # by raw characters the pair looks like a 1-3; by weighted length it is
    # a likely 1-1 (cost under 1.5, i.e. within about one standard deviation)
    assert one_to_one < 1.5 < 4.0 < counted_raw


def test_chinese_against_english_without_embeddings_aligns_one_to_one():
    zh = ["约瑟十七岁与他哥哥们一同牧羊。", "以色列原来爱约瑟过于爱他的众子。",
          "约瑟作了一梦。", "他的哥哥们就越发恨他。"]
    en = ["Joseph, being seventeen years old, was feeding the flock with his brethren.",
          "Now Israel loved Joseph more than all his children.",
          "And Joseph dreamed a dream.",
          "And his brethren hated him yet the more."]
    result = align(zh, en, src_lang="zh", tgt_lang="en", use_embeddings=False)
    assert result.beads == [([k], [k]) for k in range(4)]
