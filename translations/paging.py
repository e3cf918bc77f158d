"""Pages of whole blocks over a document's segments, planned by the database.

The translate view shows a book a page at a time. Which blocks a page holds
is decided by cumulative segment counts per block, computed in SQL (a
``GROUP BY`` and window functions, SQLite ≥ 3.25 and PostgreSQL alike), so
Python never loads more than the rows of the page it shows:

- the rows that match the view (all active segments, or those a filter
  keeps) are ranked in reading order: 0, 1, 2, …; a block's matching rows
  start at rank ``s`` (the matching rows of all blocks before it);
- a block is one *unit*; a block with more than ``size`` matching rows is
  cut into units of ``size`` rows (the only case where a block is split);
- page *k* (1-based) holds the units that start at a rank in
  ``[(k-1)·size, k·size)``.

No unit is longer than ``size``, so consecutive units start at most ``size``
apart and every page in between holds at least one unit: pages are numbered
without gaps, a page holds at most ``2·size - 1`` rows, a block of up to
``size`` rows is never split, and every matching row is on exactly one page.

Each function runs a fixed number of queries (one to three); the database
scans the document's segments once per query (an index walk and a
``GROUP BY``), Python sees one row per block of the page.

A filter is a ``Q`` on ``Segment`` (``matching``); None means every row of
``segments``.
"""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, F, IntegerField, Q, QuerySet, Value, Window
from django.db.models.expressions import Case, When
from django.db.models.functions import RowNumber

from .models import Block, Segment

PAGE_SIZE = 50


@dataclass(frozen=True)
class PageSlice:
    """One page of a paged view of a document."""

    number: int  # 1-based; 0 when nothing matches
    count: int  # pages there are
    total: int  # matching rows in the whole document
    first: int  # 0-based rank of the page's first row among the matching rows
    segment_ids: list[int]  # in reading order
    ranks: dict[int, int]  # segment id -> 0-based rank among the matching rows

    @property
    def last(self) -> int:
        """The 1-based rank of the page's last row (``first + 1`` … ``last`` are shown)."""
        return self.first + len(self.segment_ids)


EMPTY = PageSlice(number=0, count=0, total=0, first=0, segment_ids=[], ranks={})


def _matching(segments: QuerySet, matching: Q | None) -> QuerySet:
    return segments.order_by() if matching is None else segments.filter(matching).order_by()


def _blocks_sql(segments: QuerySet, matching: Q | None, size: int) -> tuple[str, list]:
    """WITH clauses ending in ``located``: per block with matching rows, its row count ``n``, the rank ``s``
    of its first matching row, and for the whole view ``last_unit`` (rank of the last unit's start) and
    ``total``; with their parameters. (Sums are cast back to integers: PostgreSQL sums
    integers as decimals, and the page arithmetic needs integer division.)"""
    # Counted on the segments alone (an index walk), then joined to the blocks for their order.
    counts = _matching(segments, matching).values("block_id").annotate(n=Count("id"))
    inner, params = counts.query.sql_with_params()
    sql = f"""
        WITH counts AS ({inner}),
        starts AS (
            SELECT counts.block_id, block.position AS bpos, counts.n,
                   CAST(SUM(counts.n) OVER (ORDER BY block.position ROWS UNBOUNDED PRECEDING) AS BIGINT)
                   - counts.n AS s
            FROM counts JOIN {Block._meta.db_table} block ON block.id = counts.block_id
        ),
        located AS (
            SELECT block_id, bpos, n, s,
                   MAX(s + ((n - 1) / %s) * %s) OVER () AS last_unit, CAST(SUM(n) OVER () AS BIGINT) AS total
            FROM starts
        )
    """
    return sql, [*params, size, size]


def _fetch(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def segment_page(
    segments: QuerySet, *, matching: Q | None = None, page: int = 1, at=None, size: int = PAGE_SIZE
) -> PageSlice | None:
    """Page ``page`` (1-based, clamped to the pages there are) of the rows of ``segments`` that match, or the
    page holding the segment ``at``; two queries (three with ``at``). None when ``at`` does not match."""
    sql, params = _blocks_sql(segments, matching, size)
    if at is None:
        # k: the page's index (0-based), at most the last unit's.
        page = max(page, 1)
        chosen = "SELECT CASE WHEN %s > MAX(last_unit) / %s THEN MAX(last_unit) / %s ELSE %s END AS k FROM located"
        params += [page - 1, size, size, page - 1]
    else:
        rank = _rank_in_block(segments, matching, at)
        if rank is None:
            return None
        # The unit holding ``at`` starts at its block's rank plus whole pieces of ``size`` rows.
        # An aggregate, so that the database computes it once (a plain WHERE let SQLite
        # evaluate ``located`` again for every block: minutes at 100,000 segments).
        chosen = "SELECT MAX(CASE WHEN block_id = %s THEN (s + %s) / %s END) AS k FROM located"
        params += [at.block_id, (rank // size) * size, size]
    # The page's units start in [k·size, (k+1)·size).
    blocks = _fetch(
        sql
        + f""", chosen AS ({chosen})
        SELECT block_id, n, s, k, total, last_unit FROM located, chosen
        WHERE s < (k + 1) * %s AND s + ((n - 1) / %s) * %s >= k * %s ORDER BY bpos""",
        [*params, size, size, size, size],
    )
    if not blocks:
        return EMPTY
    _block, _n, _s, index, total, last_unit = blocks[0]
    # Where each block's part on this page starts: 0, or the first of its pieces starting on this page.
    starts = {block_id: max(0, -(-(index * size - s) // size) * size) for block_id, _n, s, *_rest in blocks}
    block_rank = {block_id: s for block_id, _n, s, *_rest in blocks}
    rows = _block_rows(segments, matching, starts, size)
    ranks = {segment_id: block_rank[block_id] + i for segment_id, block_id, i in rows}
    ids = [segment_id for segment_id, _block, _i in rows]
    return PageSlice(
        number=index + 1,
        count=last_unit // size + 1,
        total=total,
        first=ranks[ids[0]] if ids else 0,
        segment_ids=ids,
        ranks=ranks,
    )


def _rank_in_block(segments: QuerySet, matching: Q | None, segment) -> int | None:
    """How many matching rows of ``segment``'s block come before it (None: it does not match); one query."""
    counts = _matching(segments, matching).filter(block_id=segment.block_id).aggregate(
        before=Count("id", filter=Q(position__lt=segment.position)), hit=Count("id", filter=Q(pk=segment.pk))
    )
    return counts["before"] if counts["hit"] else None


def _block_rows(segments: QuerySet, matching: Q | None, starts: dict[int, int], size: int) -> list[tuple]:
    """(segment id, block id, rank in the block) of the matching rows of these blocks, from each block's
    start on (``size`` rows of a block that is longer), in reading order."""
    # Not ``segments``: the page's blocks say where to look, and a document-wide
    # condition would let the database walk the whole document first.
    in_blocks = Segment.objects.filter(block_id__in=list(starts), retired=False)
    rows = (
        _matching(in_blocks, matching)
        .annotate(i=Window(RowNumber(), partition_by=[F("block_id")], order_by=[F("position").asc()]) - 1)
    )
    cut = [When(block_id=block_id, then=Value(start)) for block_id, start in starts.items() if start]
    start = Case(*cut, default=Value(0), output_field=IntegerField()) if cut else Value(0, output_field=IntegerField())
    rows = rows.annotate(start=start).filter(i__gte=F("start"), i__lt=F("start") + size)
    return list(rows.order_by("block__position", "position").values_list("id", "block_id", "i"))


def page_of(segments: QuerySet, *, matching: Q | None = None, segment, size: int = PAGE_SIZE) -> int | None:
    """The page holding ``segment`` among the rows that match (None when it does not match); two queries."""
    rank = _rank_in_block(segments, matching, segment)
    if rank is None:
        return None
    sql, params = _blocks_sql(segments, matching, size)
    rows = _fetch(sql + "SELECT s FROM located WHERE block_id = %s", [*params, segment.block_id])
    return (rows[0][0] + (rank // size) * size) // size + 1


def segment_numbered(segments: QuerySet, number: int) -> int | None:
    """The id of the ``number``-th (1-based) segment of ``segments`` in reading order; two queries."""
    if number < 1:
        return None
    sql, params = _blocks_sql(segments, None, PAGE_SIZE)
    rows = _fetch(sql + "SELECT block_id, s FROM located WHERE s < %s AND %s <= s + n", [*params, number, number])
    if not rows:
        return None
    block_id, s = rows[0]
    offset = number - 1 - s
    found = segments.filter(block_id=block_id).order_by("position").values_list("id", flat=True)[offset : offset + 1]
    return next(iter(found), None)


def next_matching(
    segments: QuerySet, *, matching: Q | None = None, after: tuple[int, int], wrap: bool = False
):
    """The first segment that matches after the position ``after`` (block position, position in block),
    or with ``wrap`` the first from the start when none follows; one or two queries.

    The segment left behind need not match any more (it was just saved).
    """
    candidates = _matching(segments, matching).select_related("block").order_by("block__position", "position")
    block_position, position = after
    later = Q(block__position__gt=block_position) | Q(block__position=block_position, position__gt=position)
    found = candidates.filter(later).first()
    if found is None and wrap:
        found = candidates.first()
    return found
