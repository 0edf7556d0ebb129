"""The benchmark suite: every operation timed on a generated database, against a same-run baseline.

How figures are taken:

- ``median_ms`` / ``p95_ms``: wall-clock time (``time.perf_counter``) of the operation's timed runs,
  after one untimed warm-up run. p95 is the 95th percentile of those runs (linear interpolation), so
  with 20 runs it sits between the slowest and second-slowest.
- ``peak_mb``: for in-process operations, the peak of Python allocations (``tracemalloc``) during
  one extra run between the warm-up and the timed runs (tracing slows code down, so timed runs are
  not traced); it does not count memory SQLite or libpq allocate in C. For the AppTest run it is the
  peak resident set size (``ru_maxrss``) of a subprocess that runs only the app, so it includes the
  interpreter, Streamlit, pandas and the database driver.
- ``ratio``: median of the operation / median of its baseline, both measured in this run on this
  database, so machine speed cancels out.

Correctness checks run before any timing; a check that fails raises :class:`BenchmarkError` and
the whole run fails, so a fast but wrong query can never look good.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import inspect
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url

from evidence import facet_index
from evidence.queries import (
    EvidenceFilter,
    TopicIndex,
    claims_table,
    count_evidence,
    evidence_table,
    facet_counts,
    forget_page_statements,
    topic_tree,
)
from evidence.search import search
from evidence.store import Store, open_store

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
#: The import target names both: a large classic file and a messy real Zotero library.
BIBTEX_FILES = (CORPUS / "tugboat.bib", CORPUS / "zotero-bbt-user-library-7166.bib")
APP_FILE = ROOT / "dashboard" / "app.py"

#: The benchmark filter: a level-1 topic's subtree, two stances and a decade.
STANCES = ("supports", "mixed")
YEARS = (2010, 2019)
PAGE = 100
#: common word (prefix-matched), rare word (known rate, see generate.py), and a phrase
SEARCHES = {"common": "online", "rare": "zorgmijders", "phrase": '"digital divide"'}


class BenchmarkError(Exception):
    """A correctness check failed: two ways of computing one result disagree."""


@dataclass
class Result:
    operation: str
    size: str
    engine: str
    median_ms: float | None = None
    p95_ms: float | None = None
    peak_mb: float | None = None
    ratio: float | None = None
    target: str | None = None
    ok: bool | None = None
    note: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """The JSON row: the keys the README documents (``ok`` is recomputable from target)."""
        return {
            "operation": self.operation,
            "size": self.size,
            "engine": self.engine,
            "median_ms": self.median_ms,
            "p95_ms": self.p95_ms,
            "peak_mb": self.peak_mb,
            "ratio": self.ratio,
            "target": self.target,
            "note": self.note,
        }


@dataclass(frozen=True)
class Target:
    text: str
    check: Callable[[Result], bool]


def _ms_at_most(limit: float, ratio: float | None = None) -> Target:
    words = f"median <= {limit:g} ms" + (f", ratio <= {ratio:g}" if ratio is not None else "")

    def check(r: Result) -> bool:
        fast = r.median_ms is not None and r.median_ms <= limit
        return fast and (ratio is None or (r.ratio is not None and r.ratio <= ratio))

    return Target(words, check)


#: The issue's targets (written for size L); checked at every size, which at S and M is easy.
TARGETS: dict[str, Target] = {
    "evidence_table": _ms_at_most(50, 1.5),
    "evidence_table_plain": _ms_at_most(50),
    "facet_counts": _ms_at_most(100),
    "search": _ms_at_most(50),
    "apptest": Target("median <= 2000 ms, peak <= 1024 MB",
                      lambda r: (r.median_ms or 1e9) <= 2000 and (r.peak_mb or 1e9) <= 1024),
    "generate": Target("< 60 s (L, SQLite)", lambda r: (r.median_ms or 1e9) < 60_000),
    "import": Target("ratio <= 2.5", lambda r: r.ratio is not None and r.ratio <= 2.5),
}


@dataclass
class Runs:
    """How many timed runs each kind of operation gets (after one warm-up)."""

    fast: int = 20  # single queries
    search: int = 10  # per search term, three terms
    slow: int = 5  # topic tree, unfiltered facets
    bibtex: int = 3  # import and parse of a 4,839-entry file
    apptest: int = 3  # full page runs, cold and warm
    xlsx: int = 7
    xlsx_rows: int = 10_000

    @classmethod
    def scaled(cls, runs: int) -> Runs:
        """``runs`` timed runs for single queries and proportionally fewer for slow operations."""
        return cls(fast=runs, search=max(1, runs // 2), slow=max(1, runs // 4), bibtex=max(1, runs // 7),
                   apptest=max(1, runs // 7), xlsx=max(1, runs // 3))  # fmt: skip

    @classmethod
    def quick(cls) -> Runs:
        """Enough to prove the harness works (the test suite); not for figures to publish."""
        return cls(fast=3, search=2, slow=1, bibtex=1, apptest=1, xlsx=1, xlsx_rows=1_000)


@dataclass
class Timing:
    samples: list[float] = field(default_factory=list)  # milliseconds
    peak_mb: float | None = None
    result: Any = None  # what the last run returned, for checks and notes

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95(self) -> float:
        if len(self.samples) == 1:
            return self.samples[0]
        return statistics.quantiles(self.samples, n=100, method="inclusive")[94]


def measure(fn: Callable[[], Any], runs: int, *, warmup: int = 1, trace: bool = True) -> Timing:
    """Warm up, take the peak of Python allocations in one traced run, then time ``runs`` runs."""
    for _ in range(warmup):
        fn()
    timing = Timing()
    if trace:
        gc.collect()
        tracemalloc.start()
        try:
            fn()
            timing.peak_mb = tracemalloc.get_traced_memory()[1] / 2**20
        finally:
            tracemalloc.stop()
    gc.collect()  # once: collecting before every run evicted the CPU caches and doubled short timings
    for _ in range(runs):
        started = time.perf_counter()
        timing.result = fn()
        timing.samples.append((time.perf_counter() - started) * 1000)
    return timing


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


# --- the hand-written baseline for the filtered evidence table -----------------------------------

_AUTHOR_NAME = ("coalesce(p.literal, trim(coalesce(p.particle || ' ', '') || coalesce(p.family, '')))")


def hand_written_sql(dialect: str) -> str:
    """The first page of the benchmark filter as one query, written the way a person would.

    Same rows, same order and the same columns as ``evidence_table`` (authors and topics joined
    into one string each); the page is chosen first and only its 100 rows are decorated. Rows are
    ordered by (claim id, position): generated claims get ids in curated order, so this is the
    claim order, and it is the order the (claim_id, position) index already has.
    """
    if dialect == "sqlite":
        authors = (f"(SELECT group_concat(name, ', ') FROM (SELECT {_AUTHOR_NAME} AS name "
                   "FROM contributor ct JOIN person p ON p.id = ct.person_id "
                   "WHERE ct.reference_id = r.id AND ct.role = 'author' ORDER BY ct.position))")  # fmt: skip
        topics = ("(SELECT group_concat(label, '; ') FROM (SELECT t.label_en AS label "
                  "FROM claim_topic ctp JOIN topic t ON t.id = ctp.topic_id "
                  "WHERE ctp.claim_id = c.id ORDER BY ctp.position))")  # fmt: skip
    else:
        authors = (f"(SELECT string_agg({_AUTHOR_NAME}, ', ' ORDER BY ct.position) "
                   "FROM contributor ct JOIN person p ON p.id = ct.person_id "
                   "WHERE ct.reference_id = r.id AND ct.role = 'author')")  # fmt: skip
        topics = ("(SELECT string_agg(t.label_en, '; ' ORDER BY ctp.position) "
                  "FROM claim_topic ctp JOIN topic t ON t.id = ctp.topic_id "
                  "WHERE ctp.claim_id = c.id)")  # fmt: skip
    return f"""
WITH RECURSIVE subtree(id) AS (
    SELECT id FROM topic WHERE slug = :topic
    UNION SELECT topic.id FROM topic JOIN subtree ON topic.parent_id = subtree.id
),
page AS (
    SELECT e.id, e.claim_id, e.position
    FROM evidence e
    JOIN reference r ON r.id = e.reference_id
    WHERE e.claim_id IN (SELECT claim_id FROM claim_topic WHERE topic_id IN (SELECT id FROM subtree))
      AND e.stance IN (:stance_1, :stance_2)
      AND r.year BETWEEN :year_from AND :year_to
    ORDER BY e.claim_id, e.position
    LIMIT :page
)
SELECT e.id AS evidence_id, c.slug AS claim, coalesce(c.statement_en, c.statement_nl) AS statement,
       c.kind, e.stance, r.citekey AS reference_key, {authors} AS authors, r.year, r.title,
       r.entry_type, r.container_title, r.doi, r.url, r.verification_status, e.locator, e.quote,
       e.study_design, e.population, e.setting, e.sample_size, e.certainty, e.provenance,
       e.rationale, {topics} AS topics
FROM page
JOIN evidence e ON e.id = page.id
JOIN claim c ON c.id = e.claim_id
JOIN reference r ON r.id = e.reference_id
ORDER BY page.claim_id, page.position
"""


# --- capturing the library's SQL for query plans -------------------------------------------------


@contextlib.contextmanager
def captured_sql(store: Store) -> Iterator[list[tuple[str, Any]]]:
    """Every statement (with its parameters) the library sends while the block runs."""
    statements: list[tuple[str, Any]] = []

    def before(_conn, _cursor, statement, parameters, _context, executemany) -> None:
        if not executemany:
            statements.append((statement, parameters))

    event.listen(store.engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(store.engine, "before_cursor_execute", before)


def explain(store: Store, statement: str, parameters: Any) -> str:
    """The plan of one captured statement: EXPLAIN QUERY PLAN (SQLite), EXPLAIN ANALYZE (PostgreSQL)."""
    with store.engine.connect() as conn:
        if store.dialect == "sqlite":
            rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()
            depth: dict[int, int] = {0: 0}
            lines = []
            for node, parent, _unused, detail in rows:
                depth[node] = depth.get(parent, 0) + 1
                lines.append("  " * (depth[node] - 1) + detail)
            return "\n".join(lines)
        rows = conn.exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters).all()
        conn.rollback()
        return "\n".join(r[0] for r in rows)


# --- scratch databases for the import benchmark --------------------------------------------------


class Scratch:
    """Fresh, migrated, empty databases on the benchmark's engine, one per import run."""

    def __init__(self, store: Store, workdir: Path) -> None:
        self.dialect = store.dialect
        self.workdir = workdir
        self.url = store.engine.url
        self.template: str | None = None
        self.admin = None
        if self.dialect == "postgresql":
            self.admin = create_engine(self.url.set(database="postgres"), isolation_level="AUTOCOMMIT")

    @contextlib.contextmanager
    def database(self) -> Iterator[Store]:
        if self.admin is None:
            path = self.workdir / f"scratch-{uuid.uuid4().hex[:8]}.sqlite"
            store = open_store(f"sqlite:///{path}")
            try:
                yield store
            finally:
                store.close()
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{path}{suffix}").unlink(missing_ok=True)
            return
        if self.template is None:
            self.template = self._create(None)
            open_store(self._url(self.template)).close()
        name = self._create(self.template)
        store = open_store(self._url(name))
        try:
            yield store
        finally:
            store.close()
            self._drop(name)

    def _url(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    def _create(self, template: str | None) -> str:
        name = f"evidence_bench_scratch_{uuid.uuid4().hex[:8]}"
        assert self.admin is not None
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template
                                                             else "")))  # fmt: skip
        return name

    def _drop(self, name: str) -> None:
        assert self.admin is not None
        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def close(self) -> None:
        if self.admin is not None:
            if self.template:
                self._drop(self.template)
            self.admin.dispose()


# --- the suite -----------------------------------------------------------------------------------


OPERATIONS = ("evidence_table", "facet_counts", "search", "extras", "bibtex", "xlsx", "apptest")


class Suite:
    """Runs the operations on one open, generated database and collects :class:`Result` rows."""

    def __init__(self, store: Store, size: str, *, runs: Runs | None = None,
                 workdir: Path | None = None, say: Callable[[str], None] | None = None) -> None:  # fmt: skip
        self.store = store
        self.size = size
        self.engine = store.dialect
        self.runs = runs or Runs()
        self.workdir = workdir or Path(tempfile.gettempdir())
        self.say = say or (lambda _message: None)
        self.results: list[Result] = []
        with store.session() as session:
            index = TopicIndex(session)
            level_1 = [n for n in index.ordered() if n.depth == 1]
        if not level_1:
            raise BenchmarkError("the database has no level-1 topic; is it a generated benchmark database?")
        self.topic = level_1[0].slug
        self.filter = EvidenceFilter(topics=(self.topic,), stances=STANCES, year_from=YEARS[0],
                                     year_to=YEARS[1])  # fmt: skip

    # helpers
    def add(self, operation: str, timing: Timing | None = None, *, kind: str | None = None,
            baseline: Result | None = None, note: str | None = None) -> Result:  # fmt: skip
        result = Result(operation, self.size, self.engine, note=note)
        if timing is not None and timing.samples:
            result.median_ms = _round(timing.median, 2)
            result.p95_ms = _round(timing.p95, 2)
            result.peak_mb = _round(timing.peak_mb)
        if baseline is not None and baseline.median_ms and result.median_ms is not None:
            result.ratio = round(result.median_ms / baseline.median_ms, 2)
        self.check(result, kind)
        self.results.append(result)
        self.say(f"{operation}: {result.median_ms} ms")
        return result

    def check(self, result: Result, kind: str | None) -> None:
        target = TARGETS.get(kind or "")
        if target is not None and result.median_ms is not None:
            result.target = target.text
            result.ok = target.check(result)

    def in_session(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Callable[[], Any]:
        def call() -> Any:
            with self.store.session() as session:
                return fn(session, *args, **kwargs)

        return call

    def run(self, operations: tuple[str, ...] = OPERATIONS) -> list[Result]:
        for name in operations:
            getattr(self, f"op_{name}")()
        return self.results

    # 1. the filtered evidence table and its hand-written baseline
    def hand_written(self) -> list[Any]:
        params = {"topic": self.topic, "stance_1": STANCES[0], "stance_2": STANCES[1],
                  "year_from": YEARS[0], "year_to": YEARS[1], "page": PAGE}  # fmt: skip
        with self.store.engine.connect() as conn:
            return conn.execute(text(hand_written_sql(self.engine)), params).all()

    def op_evidence_table(self) -> None:
        library = self.in_session(evidence_table, self.filter, limit=PAGE)
        ours = list(library()["evidence_id"])
        theirs = [row.evidence_id for row in self.hand_written()]
        if ours != theirs:
            where = next((i for i, (a, b) in enumerate(zip(ours, theirs, strict=False)) if a != b),
                         min(len(ours), len(theirs)))  # fmt: skip
            raise BenchmarkError(
                f"evidence_table and the hand-written SQL disagree on the first page: {len(ours)} vs "
                f"{len(theirs)} rows, first difference at position {where}"
            )
        with self.store.session() as session:
            matching = count_evidence(session, self.filter)
        note = (f"topic {self.topic} (subtree) + stance {'/'.join(STANCES)} + years {YEARS[0]}-{YEARS[1]}: "
                f"{matching:,} matching links; same {len(ours)} ids in the same order")  # fmt: skip
        base = self.add("evidence_table: hand-written SQL [baseline]",
                        measure(self.hand_written, self.runs.fast),
                        note="one query: the page first, then authors and topics for its rows")  # fmt: skip
        self.add("evidence_table: filtered, first page of 100", measure(library, self.runs.fast),
                 kind="evidence_table", baseline=base, note=note)  # fmt: skip

        def new_filter() -> Any:
            forget_page_statements()
            return library()

        self.add("evidence_table: same, as a new filter (statement built)",
                 measure(new_filter, self.runs.fast),
                 baseline=base, note="the page statement is reused for a filter seen before (a rerun); "
                 "here it is built every call")  # fmt: skip
        self.add("count_evidence: same filter", measure(self.in_session(count_evidence, self.filter),
                                                        self.runs.fast))  # fmt: skip
        self.add("evidence_table: no filter, first page of 100 (first Explore view)",
                 measure(self.in_session(evidence_table, EvidenceFilter(), limit=PAGE), self.runs.slow),
                 kind="evidence_table_plain")  # fmt: skip

    # 2. facets
    def op_facet_counts(self) -> None:
        facets = self.in_session(facet_counts, self.filter)
        with self.store.session() as session:
            total = facet_counts(session, self.filter).total
            if total != count_evidence(session, self.filter):
                raise BenchmarkError("facet_counts total differs from count_evidence for one filter")
        self.add("facet_counts: same filter, all facets", measure(facets, self.runs.fast),
                 kind="facet_counts", note="7 facets + topic tree + year range + total")  # fmt: skip
        self.add("facet_counts: no filter (first Explore view)",
                 measure(self.in_session(facet_counts, EvidenceFilter()), self.runs.fast),
                 kind="facet_counts")  # fmt: skip
        self.add("facet_counts: same filter + search 'digital divide'",
                 measure(self.in_session(facet_counts, replace(self.filter, query=SEARCHES["phrase"])),
                         self.runs.fast), kind="facet_counts")  # fmt: skip

        def cold() -> Any:
            with self.store.session() as session:
                facet_index.forget(session)
                return facet_counts(session, self.filter)

        self.add("facet_counts: first call after a write (index rebuilt)", measure(cold, self.runs.slow),
                 note="the in-memory facet index is rebuilt once per data revision, then shared")  # fmt: skip

    # 3. full-text search
    def op_search(self) -> None:
        for label, fn in (
            ("search: ranked hits, limit 50", lambda q: self.in_session(search, q)),
            ("evidence_table: query=, first page of 100",
             lambda q: self.in_session(evidence_table, EvidenceFilter(query=q), limit=PAGE)),
        ):
            combined = Timing(peak_mb=0.0)
            parts = []
            for kind, query in SEARCHES.items():
                timing = measure(fn(query), self.runs.search)
                combined.samples += timing.samples
                combined.peak_mb = max(combined.peak_mb or 0.0, timing.peak_mb or 0.0)
                parts.append(f"{kind} {query} {timing.median:.1f} ms")
            self.add(label, combined, kind="search", note="median over: " + "; ".join(parts))

    # other read paths the pages use (no targets in the issue: figures to watch)
    def op_extras(self) -> None:
        self.add("claims_table: same filter, first page of 50",
                 measure(self.in_session(claims_table, self.filter, limit=51), self.runs.fast))  # fmt: skip
        self.add("topic_tree: with reference counts", measure(self.in_session(topic_tree), self.runs.fast),
                 note="claims, links and distinct references per topic from the facet index")  # fmt: skip

        def cold() -> Any:
            with self.store.session() as session:
                facet_index.forget(session)
                return topic_tree(session)

        self.add("topic_tree: first call after a write (index rebuilt)", measure(cold, self.runs.slow))

    # 4. BibTeX import against a bare parse of the same file
    def op_bibtex(self) -> None:
        for path in BIBTEX_FILES:
            self._bibtex_file(path)

    def _bibtex_file(self, path: Path) -> None:
        name = path.name
        if not path.is_file():
            self.add(f"bibtex import {name}", note=f"skipped: {path} not found")
            return
        import bibtexparser

        source = path.read_text(encoding="utf-8", errors="replace")
        bare = measure(lambda: bibtexparser.parse_string(source), self.runs.bibtex, warmup=0)
        entries = len(bare.result.entries)
        base = self.add(f"bibtexparser.parse_string {name} [baseline]", bare,
                        note=f"{name}: {entries:,} entries (default middlewares)")  # fmt: skip
        try:
            parse_module = importlib.import_module("evidence.formats.bibtex")
            parse = parse_module.parse
        except (ImportError, AttributeError) as error:
            self.add(f"evidence.formats.bibtex.parse {name}", note=f"skipped: not available yet ({error})")
        else:
            timing = measure(lambda: parse(source, str(path)), self.runs.bibtex, warmup=0)
            self.add(f"evidence.formats.bibtex.parse {name}", timing, baseline=base)
        try:
            import_file = importlib.import_module("evidence.importer").import_file
        except (ImportError, AttributeError) as error:
            self.add(f"bibtex import {name}", note=f"skipped: not available yet ({error})")
            return
        scratch = Scratch(self.store, self.workdir)
        try:
            timing, report = self._time_imports(import_file, scratch, path)
        finally:
            scratch.close()
        self.add(f"bibtex import {name} (evidence.importer.import_file)", timing, baseline=base,
                 kind="import" if self.engine == "sqlite" else None,  # the target: SQLite
                 note=f"into an empty database: {report.imported:,} imported, {report.merged:,} merged, "
                      f"{report.skipped:,} skipped of {report.records:,}; creating the database not "
                      "timed")  # fmt: skip

    def _time_imports(self, import_file: Callable[..., Any], scratch: Scratch,
                      path: Path) -> tuple[Timing, Any]:  # fmt: skip
        """Like :func:`measure`, each run into a new empty database whose creation is not timed.

        The first run is traced for peak memory and doubles as the warm-up.
        """
        timing = Timing()
        report = None
        for i in range(self.runs.bibtex + 1):
            with scratch.database() as fresh:
                gc.collect()
                if i == 0:
                    tracemalloc.start()
                started = time.perf_counter()
                with fresh.session() as session:
                    report = import_file(session, path, skip_invalid=True)
                elapsed = (time.perf_counter() - started) * 1000
                if i == 0:
                    timing.peak_mb = tracemalloc.get_traced_memory()[1] / 2**20
                    tracemalloc.stop()
                else:
                    timing.samples.append(elapsed)
        return timing, report

    # 5. Excel export, measured by benchmarks/bench_xlsx.py
    def op_xlsx(self) -> None:
        try:
            bench_xlsx = importlib.import_module("benchmarks.bench_xlsx")
            run = bench_xlsx.run
        except (ImportError, AttributeError) as error:
            self.add("excel export", note=f"skipped: benchmarks/bench_xlsx.py not available ({error})")
            return
        kwargs: dict[str, Any] = {"rows": self.runs.xlsx_rows}
        if "repeat" in inspect.signature(run).parameters:
            kwargs["repeat"] = self.runs.xlsx
        for row in run(**kwargs):
            result = Result(str(row.get("operation")), str(row.get("size") or f"{kwargs['rows']:,} rows"),
                            str(row.get("engine") or "-"))  # fmt: skip
            result.median_ms = row.get("median_ms")
            result.p95_ms = row.get("p95_ms")
            result.peak_mb = row.get("peak_mb")
            result.ratio = None if "baseline" in result.operation else row.get("ratio")
            result.note = row.get("note") or f"benchmarks/bench_xlsx.py run(rows={kwargs['rows']})"
            self.results.append(result)

    # 6. the Explore page through AppTest, in a subprocess of its own
    def op_apptest(self) -> None:
        if not APP_FILE.is_file():
            self.add("apptest: Explore page", note=f"skipped: {APP_FILE.relative_to(ROOT)} does not exist")
            return
        url = self.store.engine.url.render_as_string(hide_password=False)
        env = {**os.environ, "EVIDENCE_DATABASE_URL": url}
        command = [sys.executable, "-m", "benchmarks.apptest_explore", str(self.runs.apptest)]
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800,
                              check=False)  # fmt: skip
        lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
        if done.returncode != 0 or not lines:
            tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
            self.add("apptest: Explore page", note=f"failed (exit {done.returncode}): {' | '.join(tail)}")
            return
        out = json.loads(lines[-1])
        problems = f"; app errors: {out['errors'][:2]}" if out["errors"] else ""
        cold = Timing(out["cold_ms"], out["peak_rss_mb"])
        warm = Timing(out["warm_ms"], out["peak_rss_mb"])
        first = self.add("apptest: Explore page, cold data cache", cold, kind="apptest",
                         note="peak_mb = peak RSS of the AppTest subprocess; first run in the process "
                              f"(imports, engine, indexes) {out['first_ms']:.0f} ms{problems}")  # fmt: skip
        self.add("apptest: Explore page, rerun (warm cache)", warm, kind="apptest")
        changed = Timing(out["changed_ms"], out["peak_rss_mb"])
        self.add("apptest: Explore page, first visit after a write", changed, kind="apptest",
                 note="data cache cleared, the library's indexes rebuilt (queries.forget_caches)")
        if out["errors"]:
            first.ok = False

    # generation time, reported by the caller
    def add_generation(self, seconds: float, note: str) -> None:
        result = Result("generate database", self.size, self.engine, median_ms=round(seconds * 1000),
                        p95_ms=round(seconds * 1000), note=note)  # fmt: skip
        if self.size == "L" and self.engine == "sqlite":
            self.check(result, "generate")
        self.results.insert(0, result)


def plans(store: Store, suite: Suite) -> list[tuple[str, str, str]]:
    """(operation, statement, plan) for the statements behind operations 1-3."""
    out: list[tuple[str, str, str]] = []
    cases = {
        "evidence_table": suite.in_session(evidence_table, suite.filter, limit=PAGE),
        "hand-written": suite.hand_written,
        "facet_counts": suite.in_session(facet_counts, suite.filter),
        "facet_counts (no filter)": suite.in_session(facet_counts, EvidenceFilter()),
        "evidence_table (no filter)": suite.in_session(evidence_table, EvidenceFilter(), limit=PAGE),
        **{f"search {k}": suite.in_session(search, q) for k, q in SEARCHES.items()},
        **{f"evidence_table query {k}": suite.in_session(evidence_table, EvidenceFilter(query=q),
                                                         limit=PAGE) for k, q in SEARCHES.items()},
    }  # fmt: skip
    for name, fn in cases.items():
        with captured_sql(store) as statements:
            fn()
        for statement, parameters in statements:
            if not statement.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            out.append((name, statement, explain(store, statement, parameters)))
    return out


def format_table(results: list[Result]) -> str:
    """The results as a fixed-width text table, notes as numbered footnotes below it."""
    headers = ["operation", "size", "engine", "median_ms", "p95_ms", "peak_mb", "ratio", "target", "ok"]
    notes: list[str] = []
    cells = []
    for r in results:
        op = r.operation
        if r.note:
            notes.append(r.note)
            op = f"{op} [{len(notes)}]"
        ok = "" if r.ok is None else ("yes" if r.ok else "MISSED")
        cells.append([op, r.size, r.engine, _cell(r.median_ms), _cell(r.p95_ms), _cell(r.peak_mb),
                      _cell(r.ratio), r.target or "", ok])  # fmt: skip
    widths = [max(len(h), *(len(row[i]) for row in cells)) for i, h in enumerate(headers)]
    numeric = {3, 4, 5, 6}
    lines = [" | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)),
             "-|-".join("-" * w for w in widths)]  # fmt: skip
    for row in cells:
        lines.append(" | ".join(c.rjust(w) if i in numeric else c.ljust(w)
                                for i, (c, w) in enumerate(zip(row, widths, strict=True))))  # fmt: skip
    lines += ["", *(f"[{i}] {n}" for i, n in enumerate(notes, start=1))]
    return "\n".join(lines)


def _cell(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:,.2f}" if value < 100 else f"{value:,.0f}"


def engine_of(url: str) -> str:
    return make_url(url).get_backend_name()
