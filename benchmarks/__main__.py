"""``python -m benchmarks``: generate a database of a named size and time every operation on it.

Examples::

    python -m benchmarks                                  # size S on SQLite, a throw-away database
    python -m benchmarks --size L --keep --json l.json    # reuse benchmarks/.cache/ between runs
    python -m benchmarks --size L --engine postgresql     # database evidence_bench_l on 127.0.0.1
    python -m benchmarks --size L --keep --plans plans.txt --only evidence_table,facet_counts,search
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from benchmarks.generate import GENERATOR_VERSION, SIZES, NotEmpty, generate, is_generated
from benchmarks.suite import OPERATIONS, BenchmarkError, Runs, Suite, format_table, plans
from evidence.store import open_store

CACHE = Path(__file__).resolve().parent / ".cache"
PG_ADMIN_ENV = "EVIDENCE_BENCH_POSTGRES_URL"
PG_ADMIN_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Generate an evidence database of a named size and time every operation on it.",
        epilog=__doc__.split("Examples::", 1)[1] if __doc__ else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--size", choices=list(SIZES), default="S",
                        help="S 1k refs, M 10k, L 100k, XL 1M (PostgreSQL only); default S")  # fmt: skip
    parser.add_argument("--engine", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--json", metavar="FILE", type=Path, help="also write the rows as a JSON list")
    parser.add_argument("--database", metavar="URL",
                        help="run on this database: used as is if it holds this size's generated data, "
                             "else generated into (it must be empty)")  # fmt: skip
    parser.add_argument("--keep", action="store_true",
                        help="keep the generated database (SQLite: benchmarks/.cache/, PostgreSQL: "
                             "evidence_bench_<size>) and reuse it next time")  # fmt: skip
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--runs", type=int, metavar="N",
                        help="timed runs per single query (default 20; slow operations get fewer)")
    parser.add_argument("--quick", action="store_true",
                        help="1-3 runs per operation: proves the harness works; figures are rough")
    parser.add_argument("--only", metavar="OPS", default=",".join(OPERATIONS),
                        help=f"comma-separated operations (default all: {','.join(OPERATIONS)})")
    parser.add_argument("--plans", metavar="FILE",
                        help="write the query plans behind evidence_table, facet_counts and search to "
                             "FILE ('-' for standard output)")  # fmt: skip
    parser.add_argument("--check", action="store_true", help="exit with status 1 if a target is missed")
    parser.add_argument("--pg-admin", metavar="URL", default=os.environ.get(PG_ADMIN_ENV, PG_ADMIN_DEFAULT),
                        help=f"PostgreSQL server to create databases on (env {PG_ADMIN_ENV})")  # fmt: skip
    args = parser.parse_args(argv)
    unknown = set(args.only.split(",")) - set(OPERATIONS)
    if unknown:
        parser.error(f"unknown operation(s) {', '.join(sorted(unknown))}; "
                     f"choose from {', '.join(OPERATIONS)}")
    if args.size == "XL" and args.engine == "sqlite" and not args.database:
        parser.error("size XL is for PostgreSQL: add --engine postgresql")
    return args


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@contextmanager
def database(args: argparse.Namespace) -> Iterator[tuple[str, float | None, str]]:
    """(url, generation seconds or None if reused, note) for the run; cleans up unless kept."""
    if args.database:
        url = args.database
        yield _ensure(url, args)
        return
    if args.engine == "sqlite":
        if args.keep:
            CACHE.mkdir(exist_ok=True)
            path = CACHE / f"evidence-{args.size}-g{GENERATOR_VERSION}-s{args.seed}.sqlite"
            yield _ensure(f"sqlite:///{path}", args)
            return
        workdir = Path(tempfile.mkdtemp(prefix="evidence-bench-"))
        try:
            yield _ensure(f"sqlite:///{workdir / 'evidence.sqlite'}", args)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
        return
    admin = create_engine(args.pg_admin, isolation_level="AUTOCOMMIT")
    name = f"evidence_bench_{args.size.lower()}"
    url = make_url(args.pg_admin).set(database=name).render_as_string(hide_password=False)
    try:
        with admin.connect() as conn:
            exists = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
            if exists and not (args.keep and is_generated(url, args.size, args.seed)):
                conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
                exists = False
            if not exists:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield _ensure(url, args)
    finally:
        if not args.keep:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _ensure(url: str, args: argparse.Namespace) -> tuple[str, float | None, str]:
    if is_generated(url, args.size, args.seed):
        return url, None, "reused: generated in an earlier run"
    _say(f"generating size {args.size} into {make_url(url).render_as_string(hide_password=True)} ...")
    counts = generate(url, args.size, args.seed, progress=_say)
    summary = ", ".join(f"{counts[k]:,} {k}" for k in ("reference", "person", "contributor", "claim",
                                                        "topic", "evidence"))  # fmt: skip
    return url, float(counts["seconds"]), summary


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        return _run(args)
    except NotEmpty as error:
        _say(f"error: {error} (or one generated by another size, seed or generator version "
             f"than size {args.size}, seed {args.seed}, v{GENERATOR_VERSION})")
        return 2


def _run(args: argparse.Namespace) -> int:
    runs = Runs.quick() if args.quick else Runs.scaled(args.runs) if args.runs else Runs()
    operations = tuple(op for op in OPERATIONS if op in args.only.split(","))
    with database(args) as (url, seconds, note), tempfile.TemporaryDirectory() as scratch:
        store = open_store(url)
        try:
            suite = Suite(store, args.size, runs=runs, workdir=Path(scratch), say=_say)
            try:
                results = suite.run(operations)
            except BenchmarkError as error:
                _say(f"error: {error}")
                return 2
            if seconds is not None:
                suite.add_generation(seconds, note)
            if args.plans:
                report = "\n\n".join(f"== {name}\n{statement.strip()}\n-- plan:\n{plan}"
                                     for name, statement, plan in plans(store, suite))  # fmt: skip
                if args.plans == "-":
                    print(report)
                else:
                    Path(args.plans).write_text(report + "\n", encoding="utf-8")
        finally:
            store.close()
    results = suite.results
    print(format_table(results))
    if args.json:
        args.json.write_text(json.dumps([r.as_dict() for r in results], indent=2) + "\n", encoding="utf-8")
    missed = [r.operation for r in results if r.ok is False]
    if missed:
        _say(f"targets missed: {', '.join(missed)}")
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
