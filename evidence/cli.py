"""The ``evidence`` command: a thin shell over the library.

Each command parses its options, calls one library function and renders the result as text or, with
``--json``, as JSON. Library errors (:class:`evidence.errors.EvidenceError`) become one clear message
on stderr and exit status 1; nothing here holds SQL or business rules.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from evidence import queries
from evidence.errors import EvidenceError, InvalidInput
from evidence.models import STANCES
from evidence.sources import bundled_sets_dir, dump_set, load_set
from evidence.store import ENV_VAR, Store, open_store

app = typer.Typer(
    name="evidence",
    help=(
        "What does the literature say? A database of claims, the references that support or "
        "contradict them, and the topics they belong to.\n\n"
        "The database is a SQLite file in your data folder unless you give --db URL or set "
        f"{ENV_VAR} (e.g. postgresql+psycopg://user@host/dbname).\n\n"
        "Example: evidence claims --topic disadvantages --lang en"
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

F = TypeVar("F", bound=Callable[..., Any])


class State:
    def __init__(self, db: str | None) -> None:
        self.db = db
        self._store: Store | None = None

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = open_store(self.db)
        return self._store


def _state(ctx: typer.Context) -> State:
    return ctx.find_root().obj


def fail(message: str, code: int = 1) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def handles_errors(func: F) -> F:
    """Show library errors as one message with exit status 1, never as a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InvalidInput as ex:
            typer.echo(f"error: {ex}", err=True)
            raise typer.Exit(1) from None
        except EvidenceError as ex:
            fail(str(ex))

    return wrapper  # type: ignore[return-value]


def emit_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]
LangOpt = Annotated[
    str, typer.Option("--lang", "-l", help="Language of claims and labels: nl or en.")
]


@app.callback()
def main_callback(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help=f"Database URL or SQLite file path (default: ${ENV_VAR}, else a SQLite file in "
            "your data folder).",
            metavar="URL",
        ),
    ] = None,
) -> None:
    ctx.obj = State(db)


@app.command()
@handles_errors
def init(ctx: typer.Context, json_out: JsonOpt = False) -> None:
    """Create the database (or bring its schema up to date) and say where it is.

    Example: evidence --db sqlite:///my.sqlite init
    """
    store = _state(ctx).store
    if json_out:
        emit_json({"database": store.url, "dialect": store.dialect})
    else:
        typer.echo(f"database ready: {store.url}")


@app.command()
@handles_errors
def load(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="Folder of an evidence set (sources/<set>).")],
    json_out: JsonOpt = False,
) -> None:
    """Load a curated evidence set (YAML + BibTeX) into the database.

    Loading is all or nothing: any problem in the files is reported with file and line, and nothing
    is written. Loading the same files again changes nothing.

    Example: evidence load sources/online-social-work
    """
    with _state(ctx).store.session() as session:
        report = load_set(session, path)
    if json_out:
        emit_json(report.__dict__)
        return
    verb = "loaded" if report.changed else "already up to date:"
    typer.echo(
        f"{verb} {report.set_slug}: {report.topics} topics, {report.claims} claims, "
        f"{report.evidence} evidence links, {report.references} references"
    )


@app.command()
@handles_errors
def dump(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="Folder to write the set into (created if needed).")],
    set_slug: Annotated[
        str | None, typer.Option("--set", help="Which set, when the database has several.")
    ] = None,
) -> None:
    """Write an evidence set from the database back to plain files (canonical order).

    Example: evidence dump /tmp/online-social-work
    """
    with _state(ctx).store.session() as session:
        written = dump_set(session, path, set_slug)
    for file in written:
        typer.echo(str(file))


@app.command()
@handles_errors
def stats(ctx: typer.Context, lang: LangOpt = "en", json_out: JsonOpt = False) -> None:
    """Counts of references, claims, topics and evidence, per stance and per group of topics.

    Example: evidence stats --lang nl
    """
    lang = queries.check_lang(lang)
    with _state(ctx).store.session() as session:
        data = queries.stats(session, lang)
    if json_out:
        emit_json(data)
        return
    typer.echo(f"database: {_state(ctx).store.url}")
    typer.echo(f"sets: {', '.join(data['sets']) or '(none)'}")
    for key in ("references", "claims", "topics", "evidence", "people"):
        typer.echo(f"{key:>11}: {data[key]}")
    typer.echo("evidence by stance: " + _pairs(data["evidence_by_stance"]))
    typer.echo("claims by kind: " + _pairs(data["claims_by_kind"]))
    typer.echo("references by verification: " + _pairs(data["references_by_verification"]))
    if data["groups"]:
        typer.echo("groups:")
        for g in data["groups"]:
            typer.echo(
                f"  {g['label']} [{g['slug']}]: {g['subtopics']} subtopics, {g['claims']} claims, "
                f"{g['evidence']} evidence links"
            )


def _pairs(counts: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in counts.items()) or "(none)"


@app.command()
@handles_errors
def topics(ctx: typer.Context, lang: LangOpt = "en", json_out: JsonOpt = False) -> None:
    """The topic tree, with the number of claims under each topic (subtopics included).

    Example: evidence topics --lang nl
    """
    lang = queries.check_lang(lang)
    with _state(ctx).store.session() as session:
        tree = queries.topic_tree(session, lang)
    if json_out:
        emit_json(tree.to_dict(orient="records"))
        return
    for row in tree.itertuples():
        typer.echo(
            f"{'  ' * row.depth}{row.label} [{row.slug}]  {row.claims} claims, "
            f"{row.references} references"
        )


@app.command()
@handles_errors
def claims(
    ctx: typer.Context,
    topic: Annotated[
        list[str] | None,
        typer.Option("--topic", "-t", help="Topic slug (subtopics included); repeat for several."),
    ] = None,
    stance: Annotated[
        list[str] | None,
        typer.Option(
            "--stance", "-s", help=f"Only evidence with this stance: {', '.join(STANCES)}."
        ),
    ] = None,
    kind: Annotated[
        list[str] | None, typer.Option("--kind", help="Claim kind, e.g. advantage, disadvantage.")
    ] = None,
    query: Annotated[
        str | None, typer.Option("--query", "-q", help="Words to search for.")
    ] = None,
    lang: LangOpt = "en",
    json_out: JsonOpt = False,
) -> None:
    """Claims with their evidence balance (supports / contradicts / mixed / mentions).

    Example: evidence claims --topic disadvantages --lang en
    """
    lang = queries.check_lang(lang)
    flt = queries.EvidenceFilter(
        topics=tuple(topic or ()), stances=tuple(stance or ()), kinds=tuple(kind or ()),
        query=query,
    )  # fmt: skip
    with _state(ctx).store.session() as session:
        table = queries.claims_table(session, flt, lang=lang)
    if json_out:
        emit_json(table.to_dict(orient="records"))
        return
    if table.empty:
        typer.echo("no claims match")
        return
    for row in table.itertuples():
        balance = " ".join(f"{s[:3]}:{getattr(row, s)}" for s in STANCES)
        typer.echo(f"{row.claim}  [{balance}]  {row.kind or ''}")
        typer.echo(f"    {row.statement}")
    typer.echo(f"{len(table)} claims")


@app.command()
@handles_errors
def show(
    ctx: typer.Context,
    claim: Annotated[str, typer.Argument(help="The claim's id (see `evidence claims`).")],
    lang: LangOpt = "en",
    json_out: JsonOpt = False,
) -> None:
    """One claim in both languages, its topics, and every piece of evidence for or against it.

    Example: evidence show dropout-higher-online
    """
    lang = queries.check_lang(lang)
    with _state(ctx).store.session() as session:
        detail = queries.claim_detail(session, claim, lang)
    if json_out:
        emit_json(detail)
        return
    typer.echo(f"{detail['claim']} ({detail['kind'] or 'claim'})")
    typer.echo(f"  nl: {detail['statement']['nl']}")
    typer.echo(f"  en: {detail['statement']['en']}")
    typer.echo("  topics: " + ", ".join(f"{t['label']} [{t['slug']}]" for t in detail["topics"]))
    typer.echo(f"  {detail['summary']}")
    for ev in detail["evidence"]:
        typer.echo(
            f"  - {ev['stance']}: {ev['authors']} ({ev['year'] or 'n.d.'}) [{ev['reference']}]"
            f" {ev['title'] or ''}"
        )
        for label, key in (("where", "locator"), ("quote", "quote"), ("why", "rationale"),
                           ("design", "study_design"), ("certainty", "certainty")):  # fmt: skip
            if ev[key]:
                typer.echo(f"      {label}: {ev[key]}")
        typer.echo(f"      provenance: {ev['provenance']}; source {ev['verification_status']}")


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(130)


__all__ = ["app", "bundled_sets_dir", "main"]
