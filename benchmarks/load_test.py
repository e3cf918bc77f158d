"""Load test: concurrent writers saving translations; no edit may be lost.

Twenty writers (threads or processes, each with its own database connection) save
translations through ``translation_save`` exactly as the editor does: read the
segment's current version, save with ``expected_version``. Half of them fight
over two "hot" segments (in German and French, so one segment is also written
in two languages at once); the other half each edit segments of their own. The
run is bounded by a number of attempts per writer and a deadline.

Afterwards the database is checked against what the writers were told:

- every accepted save was made on top of the version its writer had read
  (otherwise it overwrote an edit the writer never saw),
- every accepted save is in the history with its version and text,
- no save that was refused (``EditConflict``) reached the database,
- no two saves of one segment were accepted with the same version,
- the segment's text and version are those of the last accepted save.

Anything else counts as *lost*, which must be 0. Errors other than a conflict
(deadlocks, constraint violations) are counted separately and must be 0 too.

Run it on PostgreSQL (``make bench`` does; without a PostgreSQL
``DATABASE_URL`` the script starts a throwaway cluster with
``scripts/postgres``). It works in a test database it creates and drops, never
in the database ``DATABASE_URL`` names. The test suite runs a short version
(``tests/test_scale_concurrency.py``).

    python benchmarks/load_test.py [--writers 20] [--attempts 60] [--seconds 60] [--mode both]

Writers are threads with a connection each, or processes (one per writer,
like gunicorn workers; ``--mode both``, the default, runs one of each). The
run with threads also measures Python's own contention (one interpreter for
twenty writers); the one with processes is closer to a deployment.
"""

import argparse
import multiprocessing
import os
import queue
import random
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import astuple, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    # Run as a script (and in spawned writer processes): the project must be importable.
    sys.path.insert(0, str(ROOT))

HOT_SEGMENTS = 2
HOT_LANGUAGES = ("de", "fr")
COLD_LANGUAGES = ("ru", "es")


@dataclass
class Attempt:
    writer: int
    segment_id: int
    language: str
    text: str
    expected_version: int
    seconds: float
    outcome: str  # accepted | conflict | error
    version: int | None = None  # the version an accepted save produced
    error: str = ""
    started: float = 0.0  # time.monotonic() when the save began


@dataclass
class LoadResult:
    writers: int
    run: str = ""
    attempts: list[Attempt] = field(default_factory=list)
    wall_seconds: float = 0.0
    lost: int = 0
    problems: list[str] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for attempt in self.attempts if attempt.outcome == outcome)

    @property
    def accepted(self) -> int:
        return self.count("accepted")

    @property
    def conflicts(self) -> int:
        return self.count("conflict")

    @property
    def errors(self) -> int:
        return self.count("error")

    def percentile_ms(self, q: float) -> float:
        return percentile_ms([attempt.seconds for attempt in self.attempts], q)

    @property
    def saving_seconds(self) -> float:
        """From the first save's start to the last save's end (process start-up excluded)."""
        if not self.attempts:
            return 0.0
        return max(a.started + a.seconds for a in self.attempts) - min(a.started for a in self.attempts)

    def summary(self) -> str:
        return (
            f"writers {self.writers}, attempts {len(self.attempts)}, accepted {self.accepted}, "
            f"conflicts {self.conflicts}, errors {self.errors}, lost {self.lost}; "
            f"save latency p50 {self.percentile_ms(50):.1f} ms, p95 {self.percentile_ms(95):.1f} ms; "
            f"{len(self.attempts) / max(self.saving_seconds, 1e-9):.0f} saves/s over {self.saving_seconds:.1f} s"
        )


def percentile_ms(samples: list[float], q: float) -> float:
    if not samples:
        return 0.0
    if len(samples) == 1:
        return samples[0] * 1000
    return statistics.quantiles(samples, n=100, method="inclusive")[int(q) - 1] * 1000


def _current_version(segment_id: int, language: str) -> int:
    from translations.models import Translation

    version = Translation.objects.filter(segment_id=segment_id, language=language).values_list("version", flat=True)
    return version.first() or 0


def _writer(
    index: int,
    targets: list[tuple[int, str]],
    attempts: int,
    deadline: float,
    start: threading.Barrier,
    out: list[Attempt],
    seed: int,
    run: str = "",
) -> None:
    """One editor: load, save, repeat. Runs in its own thread with its own connection."""
    from django.contrib.auth.models import User
    from django.db import connections

    from translations.models import Segment
    from translations.services.translations import EditConflict, translation_save

    rng = random.Random(seed)
    try:
        user = User.objects.get(username=f"load-writer-{index}")
        segments = {pk: Segment.objects.select_related("document").get(pk=pk) for pk in {pk for pk, _ in targets}}
        start.wait(timeout=30)
        for number in range(attempts):
            if time.monotonic() > deadline:
                break
            segment_id, language = rng.choice(targets)
            expected = _current_version(segment_id, language)
            text = f"run {run}, writer {index}, attempt {number}: {language} text for segment {segment_id}"
            started, began = time.monotonic(), time.perf_counter()
            try:
                row = translation_save(
                    segment=segments[segment_id], language=language, text=text, user=user, expected_version=expected
                )
            except EditConflict:
                out.append(
                    Attempt(
                        index, segment_id, language, text, expected, time.perf_counter() - began, "conflict",
                        started=started,
                    )
                )
            except Exception as error:  # counted, reported and failed on by the caller
                out.append(
                    Attempt(
                        index, segment_id, language, text, expected, time.perf_counter() - began, "error",
                        error=f"{type(error).__name__}: {error}", started=started,
                    )
                )
            else:
                out.append(
                    Attempt(
                        index, segment_id, language, text, expected, time.perf_counter() - began, "accepted",
                        version=row.version, started=started,
                    )
                )
    finally:
        connections.close_all()


def plan(segment_ids: list[int], writers: int) -> list[list[tuple[int, str]]]:
    """What each writer edits: the first half share the hot segments, the rest have their own."""
    hot = [(pk, language) for pk in segment_ids[:HOT_SEGMENTS] for language in HOT_LANGUAGES]
    cold_ids = segment_ids[HOT_SEGMENTS:]
    hot_writers = writers // 2
    targets = []
    for index in range(writers):
        if index < hot_writers:
            targets.append(hot)
        else:
            own = cold_ids[(index - hot_writers) * 2 : (index - hot_writers) * 2 + 2]
            if len(own) < 2:
                raise ValueError(f"the document has too few segments for {writers} writers")
            language = COLD_LANGUAGES[index % len(COLD_LANGUAGES)]
            targets.append([(pk, language) for pk in own])
    return targets


def _process_writer(database_name, index, targets, attempts, deadline, start, results, seed, run) -> None:
    """``_writer`` in a process of its own, like one gunicorn worker."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")
    import django

    django.setup()
    from django.db import connections

    # The parent created the test database; DATABASE_URL still names the real one.
    connections["default"].settings_dict["NAME"] = database_name
    out: list[Attempt] = []
    try:
        _writer(index, targets, attempts, deadline, start, out, seed, run)
    finally:
        results.put((index, [astuple(attempt) for attempt in out]))


def run_load(
    *,
    segment_ids: list[int],
    writers: int = 20,
    attempts: int = 60,
    seconds: float = 60.0,
    mode: str = "threads",
) -> LoadResult:
    """Run the writers against the current database and check what they were told against it.

    ``mode`` is ``threads`` (one connection per thread) or ``processes`` (one
    process and connection per writer, as with several gunicorn workers). The
    database must be one other connections can see (committed data).
    """
    from django.contrib.auth.models import User
    from django.db import connection

    for index in range(writers):
        User.objects.get_or_create(username=f"load-writer-{index}")
    targets = plan(segment_ids, writers)
    run = uuid.uuid4().hex[:8]  # marks this run's texts: the database may hold earlier runs
    deadline = time.monotonic() + seconds  # CLOCK_MONOTONIC: the same clock in every process
    began = time.perf_counter()
    problems = []
    if mode == "threads":
        start = threading.Barrier(writers)
        outputs: list[list[Attempt]] = [[] for _ in range(writers)]
        threads = [
            threading.Thread(
                target=_writer,
                args=(index, targets[index], attempts, deadline, start, outputs[index], index, run),
                daemon=True,
            )
            for index in range(writers)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=max(1.0, deadline - time.monotonic()) + 30)
        if any(thread.is_alive() for thread in threads):
            problems.append("a writer did not stop before the deadline")
    elif mode == "processes":
        context = multiprocessing.get_context("spawn")
        start, results = context.Barrier(writers), context.Queue()
        processes = [
            context.Process(
                target=_process_writer,
                args=(
                    connection.settings_dict["NAME"], index, targets[index], attempts, deadline, start, results, index, run
                ),
            )
            for index in range(writers)
        ]
        for process in processes:
            process.start()
        outputs = [[] for _ in range(writers)]
        for _ in processes:
            try:
                index, rows = results.get(timeout=max(1.0, deadline - time.monotonic()) + 60)
            except queue.Empty:
                problems.append("a writer process did not report before the deadline")
                break
            outputs[index] = [Attempt(*row) for row in rows]
        for process in processes:
            process.join(timeout=10)
            if process.is_alive():
                process.kill()
    else:
        raise ValueError(f"unknown mode {mode!r}: threads or processes")
    result = LoadResult(writers=writers, run=run, wall_seconds=time.perf_counter() - began, problems=problems)
    result.attempts = [attempt for output in outputs for attempt in output]
    verify(result)
    return result


def verify(result: LoadResult) -> None:
    """Compare what the writers were told with the database; count what does not match as lost."""
    from translations import languages
    from translations.models import Segment, Translation, TranslationChange

    by_target: dict[tuple[int, str], list[Attempt]] = defaultdict(list)
    for attempt in result.attempts:
        by_target[(attempt.segment_id, attempt.language)].append(attempt)
    lost = 0
    for (segment_id, language), attempts in by_target.items():
        history = list(
            TranslationChange.objects.filter(
                segment_id=segment_id,
                language=language,
                user__username__startswith="load-writer-",
                new_text__startswith=f"run {result.run},",
            ).values_list("version", "new_text")
        )
        in_history = set(history)
        accepted = [attempt for attempt in attempts if attempt.outcome == "accepted"]
        refused_texts = {attempt.text for attempt in attempts if attempt.outcome != "accepted"}
        for attempt in accepted:
            if attempt.version != attempt.expected_version + 1:
                # Accepted on top of a version the writer never saw: whatever
                # came in between was overwritten unseen (a lost update).
                lost += 1
                result.problems.append(f"save accepted over an unseen version: {attempt}")
            if (attempt.version, attempt.text) not in in_history:
                lost += 1
                result.problems.append(f"accepted save missing from history: {attempt}")
        for version, text in history:
            if text in refused_texts:
                lost += 1
                result.problems.append(f"a refused save reached the database: v{version} {text!r}")
        for version, times in Counter(attempt.version for attempt in accepted).items():
            if times > 1:
                lost += times - 1
                result.problems.append(f"{times} saves of segment {segment_id} [{language}] won version {version}")
        if accepted:
            last = max(accepted, key=lambda attempt: attempt.version)
            row_version = Translation.objects.get(segment_id=segment_id, language=language).version
            text = Segment.objects.values_list(languages.text_field(language), flat=True).get(pk=segment_id)
            if (row_version, text) != (last.version, last.text):
                lost += 1
                result.problems.append(
                    f"segment {segment_id} [{language}] holds v{row_version} {text!r}, "
                    f"the last accepted save was v{last.version} {last.text!r}"
                )
    result.lost = lost
    for attempt in result.attempts:
        if attempt.outcome == "error":
            result.problems.append(f"writer {attempt.writer}: {attempt.error}")


def baseline(*, segment_ids: list[int], saves: int) -> list[float]:
    """Save latencies of one writer alone, on segments the load run does not touch."""
    from translations.models import Segment
    from translations.services.translations import translation_save

    segments = list(Segment.objects.select_related("document").filter(pk__in=segment_ids))
    samples = []
    for number in range(saves):
        segment = segments[number % len(segments)]
        expected = _current_version(segment.pk, "ar")
        began = time.perf_counter()
        translation_save(segment=segment, language="ar", text=f"baseline {number}", expected_version=expected)
        samples.append(time.perf_counter() - began)
    return samples


def _database_label() -> str:
    from django.db import connection

    if connection.vendor == "postgresql":
        major, minor = divmod(connection.pg_version, 10000)
        params = connection.get_connection_params()
        return f"PostgreSQL {major}.{minor} on {params.get('host')}:{params.get('port')}"
    return connection.vendor


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--writers", type=int, default=20)
    parser.add_argument("--attempts", type=int, default=60, help="saves each writer tries at most")
    parser.add_argument("--seconds", type=float, default=60.0, help="deadline for the whole run")
    parser.add_argument(
        "--mode", choices=["threads", "processes", "both"], default="both",
        help="writers as threads of this process, as processes of their own, or one run of each",
    )
    args = parser.parse_args()

    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        if os.environ.get("WORKBENCH_LOAD_TEST_REEXEC"):
            print("load test: DATABASE_URL is not PostgreSQL after starting a cluster; giving up")
            return 1
        available = subprocess.run([ROOT / "scripts" / "postgres", "available"], capture_output=True).returncode == 0
        if not available:
            print("load test skipped: needs PostgreSQL (Debian package postgresql, or DATABASE_URL=postgres://...)")
            return 0
        os.environ["WORKBENCH_LOAD_TEST_REEXEC"] = "1"
        command = [str(ROOT / "scripts" / "postgres"), "run", "--", sys.executable, __file__, *sys.argv[1:]]
        return subprocess.run(command).returncode

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    from translations.models import Segment
    from translations.services.documents import document_import
    from translations.services.samples import ESSAY_PATH

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        document = document_import(path=ESSAY_PATH, slug="load-test").document
        segment_ids = list(Segment.objects.filter(document=document).order_by("pk").values_list("pk", flat=True))
        reference = baseline(segment_ids=segment_ids[-10:], saves=200)
        print(f"load test on {_database_label()}, document of {len(segment_ids)} segments")
        print(
            f"baseline: 1 writer alone, {len(reference)} saves, p50 {percentile_ms(reference, 50):.1f} ms, "
            f"p95 {percentile_ms(reference, 95):.1f} ms"
        )
        failed = False
        for mode in ("threads", "processes") if args.mode == "both" else (args.mode,):
            result = run_load(
                segment_ids=segment_ids, writers=args.writers, attempts=args.attempts, seconds=args.seconds, mode=mode
            )
            hot = [attempt for attempt in result.attempts if attempt.writer < args.writers // 2]
            own = [attempt for attempt in result.attempts if attempt.writer >= args.writers // 2]
            print(f"{mode}: {result.summary()}")
            for label, group in (
                (f"same segments ({HOT_SEGMENTS} segments x {len(HOT_LANGUAGES)} languages)", hot),
                ("own segments", own),
            ):
                latencies = [attempt.seconds for attempt in group]
                print(
                    f"  {label}: {len({a.writer for a in group})} writers, {len(group)} attempts, "
                    f"{sum(a.outcome == 'conflict' for a in group)} conflicts, "
                    f"p50 {percentile_ms(latencies, 50):.1f} ms, p95 {percentile_ms(latencies, 95):.1f} ms"
                )
            for problem in result.problems[:20]:
                print("  problem:", problem)
            failed |= bool(result.lost or result.errors or result.problems)
        return 1 if failed else 0
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    sys.exit(main())
