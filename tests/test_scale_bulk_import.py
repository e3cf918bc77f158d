"""Imports at book scale: batched writes keep every sentence and key, query counts do not grow with the text,
the command shows progress, and an aligned import stores history and versions in bulk."""

import numpy as np
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

import translations.services.aligned_import as aligned_import
import translations.services.documents as documents
from translations.align import Alignment, BandMatrix
from translations.align.mapimage import _band_max
from translations.models import Document, Segment, State, Translation, TranslationChange
from translations.parsing import read_blocks
from translations.segmentation import split_sentences
from translations.selectors import active_segments
from translations.services.documents import document_import, segment_key
from translations.services.translations import translation_save

SENTENCES = ["Alpha is here.", "Beta comes next!", "Is gamma third?", "Delta closes the paragraph."]


def write_text(tmp_path, paragraphs: int, name="long.txt", edit=None) -> "Path":
    """``paragraphs`` paragraphs of two sentences; every fifth repeats an earlier one (repeated keys)."""
    lines = []
    for n in range(paragraphs):
        number = n if n % 5 else 0  # repeats: "Paragraph 0 …" again and again
        text = f"Paragraph {number} begins. {SENTENCES[n % 4]}"
        lines.append(edit(n, text) if edit else text)
    path = tmp_path / name
    path.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    return path


def expected_keys(texts: list[str]) -> list[str]:
    """The keys the import promises: the sentence's key, then -2, -3 … for repeats, in reading order."""
    used, keys = set(), []
    for text in texts:
        base, counter = segment_key(text), 1
        key = base
        while key in used:
            counter += 1
            key = f"{base}-{counter}"
        used.add(key)
        keys.append(key)
    return keys


def test_batched_import_keeps_every_sentence_and_key(db, tmp_path, monkeypatch):
    monkeypatch.setattr(documents, "CHUNK_BLOCKS", 70)  # 1,200 blocks: 18 chunks, one of them partial
    path = write_text(tmp_path, 1200)
    report = document_import(path=path, slug="long", title="Long")
    blocks = read_blocks(path)
    sentences = [s for block in blocks for s in split_sentences(block.text, "en")]
    stored = list(active_segments(report.document))
    assert report.new == len(stored) == len(sentences) == 2400
    assert [s.source_text for s in stored] == [s.text for s in sentences]
    assert [s.key for s in stored] == expected_keys([s.text for s in sentences])
    # Each block's segments give the block back exactly, in order.
    by_block: dict[int, str] = {}
    for segment in stored:
        by_block[segment.block.position] = by_block.get(segment.block.position, "") + segment.source_text + segment.separator
    assert [by_block[position].strip() for position in sorted(by_block)] == [block.text for block in blocks]


def counted(queries) -> tuple[int, int]:
    """(reads and other statements, multi-row writes). A bulk INSERT or UPDATE holds as many rows as the
    database takes in one statement (on SQLite 999 parameters: about 60 segments), so only the writes
    may grow with the text, by one statement per batch of rows."""
    writes = sum(1 for query in queries if query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE")))
    return len(queries) - writes, writes


def import_queries(tmp_path, paragraphs: int, slug: str, edit=None) -> tuple[int, int]:
    path = write_text(tmp_path, paragraphs, name=f"{slug}.txt", edit=edit)
    with CaptureQueriesContext(connection) as queries:
        document_import(path=path, slug=slug, title=slug)
    return counted(queries)


def test_import_queries_do_not_grow_with_the_text(db, tmp_path):
    small_reads, small_writes = import_queries(tmp_path, 5, "small")  # 10 segments
    large_reads, large_writes = import_queries(tmp_path, 1000, "large")  # 2,000 segments, 1,000 blocks
    assert large_reads - small_reads <= 4, (small_reads, large_reads)
    # 3,000 rows written: at least 50 per statement, never one per segment.
    assert large_writes <= small_writes + 3000 // 50, (small_writes, large_writes)


def test_reimport_queries_do_not_grow_with_the_edits(db, tmp_path):
    """Re-import with every tenth paragraph edited; the translated ones go to "needs update": bounded queries."""
    counts = {}
    for paragraphs in (5, 1000):
        slug = f"doc{paragraphs}"
        import_queries(tmp_path, paragraphs, slug)
        document = Segment.objects.filter(document__slug=slug)
        for segment in document.filter(source_text__endswith="begins.").order_by("block__position")[:50]:
            translation_save(segment=segment, language="de", text="Absatz beginnt.")

        def edit(n, text):
            return text.replace("begins.", "begins here.") if n % 10 == 0 else text

        counts[paragraphs] = import_queries(tmp_path, paragraphs, slug, edit=edit)
    (small_reads, small_writes), (large_reads, large_writes) = counts[5], counts[1000]
    flagged = Translation.objects.filter(segment__document__slug="doc1000", state=State.NEEDS_UPDATE)
    assert flagged.count() == 5  # 100 edited paragraphs, 5 of them among the 50 translated
    assert TranslationChange.objects.filter(
        segment__document__slug="doc1000", action=TranslationChange.Action.SOURCE_CHANGED
    ).count() == 5
    assert large_reads - small_reads <= 6, counts
    # 100 edited segments, 5 translations and their history rewritten: a few bulk statements.
    assert large_writes - small_writes <= 10, counts


def test_import_command_shows_progress(db, tmp_path, capsys):
    path = write_text(tmp_path, 30)
    call_command("import_document", str(path), "--slug", "long", "--title", "Long")
    captured = capsys.readouterr()
    assert "Segmenting" in captured.err and "30/30" in captured.err
    assert "Imported long: 30 blocks" in captured.out
    call_command("import_document", str(path), "--slug", "long", verbosity=0)
    assert "Segmenting" not in capsys.readouterr().err


def one_to_one(n: int, m: int) -> Alignment:
    """An aligner answer without the aligner: sentence i on segment i, the last segment without translation."""
    beads = [([i], [i]) for i in range(min(n, m))] + [([i], []) for i in range(m, n)]
    similarity = BandMatrix((n, m), np.zeros(n, np.int64), [np.zeros(0, np.float32)] * n)
    confidences = [0.9 if i % 7 else 0.3 for i in range(len(beads))]
    return Alignment(beads, confidences, [0.0] * len(beads), similarity, [], "embeddings", {})


def aligned_import_queries(tmp_path, monkeypatch, paragraphs: int, slug: str, user=None) -> tuple[int, int]:
    source = write_text(tmp_path, paragraphs, name=f"{slug}.txt")
    document = document_import(path=source, slug=slug, title=slug).document
    german = tmp_path / f"{slug}.de.txt"
    german.write_text("\n\n".join(f"Absatz {n} beginnt. Satz {n}." for n in range(paragraphs)), encoding="utf-8")
    monkeypatch.setattr(aligned_import, "align", lambda src, tgt, **kwargs: one_to_one(len(src), len(tgt) - 1))
    with CaptureQueriesContext(connection) as queries:
        aligned_import.translation_align_import(document=document, language="de", path=german, user=user)
    return counted(queries)


def test_aligned_import_stores_in_bulk_with_history_and_versions(db, tmp_path, monkeypatch, django_user_model):
    user = django_user_model.objects.create_user("aligner")
    small_reads, small_writes = aligned_import_queries(tmp_path, monkeypatch, 5, "small", user)
    large_reads, large_writes = aligned_import_queries(tmp_path, monkeypatch, 1000, "large", user)
    # Per batch of 500 rows a few reads (locks, checks); 2,000 texts, rows, changes and findings written
    # at least 50 a statement.
    assert large_reads - small_reads <= 30, (small_reads, large_reads)
    assert large_writes - small_writes <= 4 * 2000 // 50, (small_writes, large_writes)

    segments = list(active_segments(Document.objects.get(slug="large")))
    rows = {row.segment_id: row for row in Translation.objects.filter(segment__document__slug="large", language="de")}
    assert len(rows) == 1999  # the last segment got no sentence (1-0 bead)
    first = rows[segments[0].pk]
    assert (first.state, first.version, first.provenance, first.changed_by) == (
        State.DRAFT, 1, "aligned_import", user
    )
    assert first.confidence == 0.3 and rows[segments[1].pk].confidence == 0.9
    history = TranslationChange.objects.filter(segment__document__slug="large", language="de")
    assert history.count() == 1999
    change = history.get(segment=segments[0])
    assert (change.old_text, change.new_text, change.new_state, change.version, change.user) == (
        "", "Absatz 0 beginnt.", State.DRAFT, 1, user
    )

    # Again, with one row approved in between: it is kept, every other row gets version 2 and a second change.
    translation_save(segment=segments[2], language="de", text="Geprüft.", state=State.APPROVED)
    german = tmp_path / "large.de.txt"
    report = aligned_import.translation_align_import(document=segments[0].document, language="de", path=german)
    assert report.kept_approved == 1
    segments[2].refresh_from_db()
    assert segments[2].text_in("de") == "Geprüft."
    assert Translation.objects.get(segment=segments[0], language="de").version == 2
    second = history.filter(segment=segments[0]).order_by("version").last()
    assert (second.old_text, second.old_state, second.version) == ("Absatz 0 beginnt.", State.DRAFT, 2)


def dense_map_reference(similarity: BandMatrix, block: int) -> np.ndarray:
    """What the map showed before: the dense matrix, max over block x block cells, NaN where nothing is known."""
    n, m = similarity.shape
    h, w = -(-n // block), -(-m // block)
    pad = np.full((h * block, w * block), np.nan, np.float32)
    pad[:n, :m] = similarity.dense()
    with np.errstate(all="ignore"):
        blocks = pad.reshape(h, block, w, block)
        known = ~np.isnan(blocks).all(axis=(1, 3))
        return np.where(known, np.nanmax(np.nan_to_num(blocks, nan=-1.0), axis=(1, 3)), np.nan)


@pytest.mark.parametrize("block", [1, 3, 8])
def test_alignment_map_from_the_band_equals_the_dense_map(block):
    rng = np.random.default_rng(7)
    n, m = 103, 97
    starts = np.clip(np.arange(n) - 5, 0, m - 1)
    rows = [rng.random(min(11, m - s)).astype(np.float32) for s in starts]
    similarity = BandMatrix((n, m), starts, rows)
    h, w = -(-n // block), -(-m // block)
    np.testing.assert_array_equal(_band_max(similarity, block, (h, w)), dense_map_reference(similarity, block))


def test_checks_in_batches_of_blocks_find_what_one_batch_finds(essay_with_samples, monkeypatch):
    import translations.services.checks as checks
    from translations.models import CheckFinding

    def run():
        report = checks.checks_run_document(document=essay_with_samples, languages=["de", "fr"])
        rows = set(CheckFinding.objects.values_list("segment_id", "language", "check_id", "message"))
        return rows, dict(report.open), dict(report.by_check)

    whole = run()
    assert whole[0], "the essay's samples have findings (the unclosed Trotsky quotation at least)"
    CheckFinding.objects.all().delete()
    monkeypatch.setattr(checks, "BLOCK_BATCH", 4)  # 22 blocks: 6 batches, the last one partial
    assert run() == whole
