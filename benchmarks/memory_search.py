"""How fast is a translation-memory lookup, against scanning the whole memory in Python?

Fills a memory with N en→de entries (excerpts of the essay with words
swapped, 20–250 characters, fixed seed), then looks up sentences of the
essay, each with the real selector path (indexed length window, closest
lengths first, ``process.extract``) and with the naive baseline (read every
entry of the language pair, score them all). Prints figures; asserts nothing.

    python benchmarks/memory_search.py [N]
"""

import random
import re
import statistics
import sys
import time

from _django import setup

setup()

from rapidfuzz import fuzz, process  # noqa: E402

from translations.memory.search import MAX_CANDIDATES, length_window, search  # noqa: E402
from translations.models import MemoryEntry  # noqa: E402
from translations.services.memory import _entry  # noqa: E402
from translations.services.samples import ESSAY_PATH  # noqa: E402

N = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
rng = random.Random(1930)
text = ESSAY_PATH.read_text(encoding="utf-8")
words = text.split()
queries = [s for s in re.split(r"(?<=[.?!:])\s+", text) if 40 < len(s) < 250][:20]


def sentence() -> str:
    """An excerpt of the essay with a few words swapped: many near-duplicates, as real memories have."""
    start = rng.randrange(len(words) - 45)
    excerpt = words[start : start + rng.randint(4, 40)]
    for _ in range(rng.randint(1, 3)):
        excerpt[rng.randrange(len(excerpt))] = rng.choice(words)
    return " ".join(excerpt)[:250]


started = time.perf_counter()
sources = set()
while len(sources) < N:
    sources.add(sentence())
MemoryEntry.objects.bulk_create(
    (_entry(source_language="en", target_language="de", source_text=s, target_text=s.upper(), origin="bench")
     for s in sources),
    batch_size=5000,
)
print(f"memory: {N} en→de entries written in {time.perf_counter() - started:.1f}s")

entries = MemoryEntry.objects.filter(source_language="en", target_language="de")


def timed(fn, repeat=3):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return min(times), result


def naive(query):
    rows = list(entries.values_list("source_text", "target_text"))
    return process.extract(query, [row[0] for row in rows], scorer=fuzz.ratio, limit=5, score_cutoff=70)


ours, baseline, windows, gaps = [], [], [], []
for query in queries:
    low, high = length_window(len(query), 70)
    windows.append(entries.filter(source_length__gte=low, source_length__lte=high).count())
    t_ours, found = timed(lambda: search(query, entries, limit=5))
    t_naive, expected = timed(lambda: naive(query), repeat=1)
    # How much better the full scan's best match is: what the bounded read loses.
    if expected:
        gaps.append(max(0, int(expected[0][1]) - (found[0].score if found else 0)))
    ours.append(t_ours)
    baseline.append(t_naive)

print(f"queries: {len(queries)} essay sentences, threshold 70, limit 5")
print(f"entries in the length window: median {statistics.median(windows):.0f} of {N} "
      f"(a lookup reads at most {MAX_CANDIDATES})")
print(f"tm lookup (indexed window + process.extract): median {statistics.median(ours) * 1000:.1f} ms, "
      f"max {max(ours) * 1000:.1f} ms")
print(f"baseline (read every entry, score all):       median {statistics.median(baseline) * 1000:.1f} ms, "
      f"max {max(baseline) * 1000:.1f} ms")
print(f"full scan found a better best match in {sum(1 for g in gaps if g)} of {len(queries)} queries "
      f"(by {max(gaps, default=0)} points at most)")
print(f"speed-up: {statistics.median(baseline) / statistics.median(ours):.1f}x")
