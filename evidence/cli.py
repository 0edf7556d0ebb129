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


FilterTopic = Annotated[
    list[str] | None,
    typer.Option("--topic", "-t", help="Topic slug (subtopics included); repeat for several."),
]
FilterClaim = Annotated[list[str] | None, typer.Option("--claim", "-c", help="Claim id; repeat for several.")]
FilterStance = Annotated[
    list[str] | None, typer.Option("--stance", "-s", help=f"Stance: {', '.join(STANCES)}; repeatable.")
]
FilterQuery = Annotated[str | None, typer.Option("--query", "-q", help="Words to search for.")]


@app.command("import")
@handles_errors
def import_(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A BibTeX/BibLaTeX, RIS or CSL-JSON file.")],
    fmt: Annotated[
        str | None,
        typer.Option("--format", "-f", help="bibtex, ris or csljson (default: guessed from the content)."),
    ] = None,
    skip_invalid: Annotated[
        bool,
        typer.Option("--skip-invalid", help="Import the good records and report the bad ones, instead of "
                     "importing nothing when any record is bad."),
    ] = False,
    report_file: Annotated[
        Path | None, typer.Option("--report", help="Also write the full report (JSON) to this file.")
    ] = None,
    json_out: JsonOpt = False,
) -> None:
    """Import references from Zotero, JabRef, Mendeley, EndNote, Scopus, Web of Science, Rayyan ...

    By default the import is all or nothing: one bad record (parse error, duplicate key, no title)
    and nothing is written; every problem is listed with its line and citekey. Re-importing a file
    changes nothing; works already in the database (same DOI, or same citekey and content, or same
    title, year and first author) are merged, never duplicated.

    Example: evidence import my-library.bib --skip-invalid --report import-report.json
    """
    from evidence.importer import import_file

    try:
        with _state(ctx).store.session() as session:
            report = import_file(session, file, fmt=fmt, skip_invalid=skip_invalid)
    except InvalidInput as ex:
        if json_out or report_file:
            data = {"source": str(file), "records": None, "imported": 0, "merged": 0, "skipped": 0,
                    "error": str(ex).splitlines()[0], "problems": [p.as_dict() for p in ex.problems]}
            if report_file:
                report_file.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
            if json_out:
                emit_json(data)
        raise
    data = report.as_dict()
    if report_file:
        report_file.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    if json_out:
        emit_json(data)
        return
    typer.echo(
        f"{file}: {report.records} records ({report.format}): {report.imported} imported, "
        f"{report.merged} merged with existing references, {report.skipped} skipped"
    )
    for problem in report.problems:
        typer.echo(f"  skipped {problem}")
    for warning in report.warnings:
        typer.echo(f"  note: {warning}")


@app.command("export-refs")
@handles_errors
def export_refs(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write; - for standard output.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="bibtex, ris or csljson.")] = "bibtex",
    topic: FilterTopic = None,
    claim: FilterClaim = None,
    stance: FilterStance = None,
    query: FilterQuery = None,
    every: Annotated[bool, typer.Option("--all", help="Every reference in the database, linked to a "
                                        "claim or not (what an import added); no filters.")] = False,
) -> None:
    """Export the references behind the selected evidence as BibTeX, RIS or CSL-JSON.

    Without filters, every reference that is linked to a claim; with --all, every reference.

    Example: evidence export-refs --topic disadvantages --format bibtex -o thesis.bib
    """
    from evidence.exporting import export_references

    flt = queries.EvidenceFilter(topics=tuple(topic or ()), claims=tuple(claim or ()),
                                 stances=tuple(stance or ()), query=query)  # fmt: skip
    with _state(ctx).store.session() as session:
        exported = export_references(session, flt, fmt, every=every)
    _write_output(output, exported.data)


def _write_output(output: Path, data: bytes) -> None:
    if str(output) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(data)
    typer.echo(str(output))


@app.command()
@handles_errors
def cite(
    ctx: typer.Context,
    keys: Annotated[list[str], typer.Argument(help="Citekeys of references in the database.")],
    style: Annotated[str, typer.Option("--style", help="Citation style (apa: APA 7th edition).")] = "apa",
    locale: Annotated[str, typer.Option("--locale", help="en-US or nl-NL.")] = "en-US",
    fmt: Annotated[str, typer.Option("--format", "-f", help="text, html or markdown.")] = "text",
    json_out: JsonOpt = False,
) -> None:
    """Formatted citations: the in-text citation of each key and the sorted reference list.

    Example: evidence cite suler2004disinhibition sheombar2019samenvatting --locale nl-NL
    """
    from evidence import citations
    from evidence.refstore import load_references, to_record

    if fmt not in ("text", "html", "markdown"):
        fail(f"unknown format {fmt!r}; use text, html or markdown")
    with _state(ctx).store.session() as session:
        refs = load_references(session, keys)
    missing = sorted(set(keys) - {r.citekey for r in refs})
    if missing:
        fail(f"no reference with citekey {', '.join(map(repr, missing))}; see `evidence stats` or import it")
    items = [to_record(r).to_csl() for r in refs]
    in_text = citations.citations(items, keys, style=style, locale=locale)
    entries = citations.bibliography(items, style=style, locale=locale)
    if json_out:
        emit_json({"citations": dict(zip(keys, in_text, strict=True)),
                   "bibliography": [{"key": e.key, "text": getattr(e, fmt)} for e in entries]})  # fmt: skip
        return
    for key, text in zip(keys, in_text, strict=True):
        typer.echo(f"{key}: {text}")
    typer.echo("")
    for entry in entries:
        typer.echo(getattr(entry, fmt))


@app.command()
@handles_errors
def export(
    ctx: typer.Context,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="File to write (.csv .xlsx .docx .md .tex .html).")
    ],
    fmt: Annotated[
        str | None,
        typer.Option("--format", "-f", help="csv, xlsx, docx, md, tex or html (default: from -o)."),
    ] = None,
    topic: FilterTopic = None,
    claim: FilterClaim = None,
    stance: FilterStance = None,
    design: Annotated[list[str] | None, typer.Option("--design", help="Study design; repeatable.")] = None,
    year_from: Annotated[int | None, typer.Option("--year-from", help="Earliest publication year.")] = None,
    year_to: Annotated[int | None, typer.Option("--year-to", help="Latest publication year.")] = None,
    query: FilterQuery = None,
    group_by: Annotated[str, typer.Option("--group-by", help="claim, reference or none.")] = "claim",
    columns: Annotated[
        str | None,
        typer.Option("--columns", help="Comma-separated columns, e.g. claim,stance,citation,quote. "
                     "Available: claim, topics, stance, citation, locator, quote, study_design, population, "
                     "setting, sample_size, certainty, year, title, reference_key, kind, provenance, note."),
    ] = None,
    lang: LangOpt = "en",
) -> None:
    """An evidence table with its APA 7 reference list, for slides, readers and appendices.

    Excel gets a second sheet with the references, Word and Markdown and HTML a references section,
    LaTeX a .bib file beside the .tex.

    Example: evidence export --topic disadvantages --lang nl -o nadelen.docx
    """
    from evidence.exporting import write_table_files

    lang = queries.check_lang(lang)
    if group_by not in ("claim", "reference", "none"):
        fail(f"--group-by must be claim, reference or none, not {group_by!r}")
    flt = queries.EvidenceFilter(
        topics=tuple(topic or ()), claims=tuple(claim or ()), stances=tuple(stance or ()),
        designs=tuple(design or ()), year_from=year_from, year_to=year_to, query=query,
    )  # fmt: skip
    chosen = [c.strip() for c in columns.split(",") if c.strip()] if columns else None
    with _state(ctx).store.session() as session:
        written = write_table_files(session, flt, output, fmt, lang=lang,
                                    group_by=None if group_by == "none" else group_by,  # type: ignore[arg-type]
                                    columns=chosen)  # fmt: skip
    for path in written:
        typer.echo(str(path))


@app.command()
@handles_errors
def dashboard(
    ctx: typer.Context,
    port: Annotated[int, typer.Option("--port", "-p", help="Port to serve on.")] = 8501,
    open_browser: Annotated[bool, typer.Option("--open/--no-open", help="Open a browser tab.")] = True,
) -> None:
    """Open the dashboard in the browser, on the configured database.

    A new, empty database gets the bundled evidence set first, so there is something to explore.

    Example: evidence dashboard --port 8600
    """
    import os

    from evidence.sources import ensure_bundled_set

    state = _state(ctx)
    store = state.store
    if ensure_bundled_set(store, only_if_empty=True):
        typer.echo("loaded the bundled evidence set into the new database", err=True)
    app_file = Path(__file__).resolve().parent / "_dashboard" / "app.py"
    env = {**os.environ, ENV_VAR: store.engine.url.render_as_string(hide_password=False)}
    typer.echo(f"dashboard on http://localhost:{port} (database {store.url}); Ctrl+C stops it", err=True)
    # Bound to localhost: a personal dashboard is not served to the network, and Streamlit then
    # does not look up an external address (nothing here needs the internet).
    command = [sys.executable, "-m", "streamlit", "run", str(app_file), "--server.port", str(port),
               "--server.address", "localhost", "--server.headless", "false" if open_browser else "true",
               "--browser.gatherUsageStats", "false", "--client.toolbarMode", "minimal",
               # Streamlit's first run otherwise stops at a prompt for an email address.
               "--server.showEmailPrompt", "false"]  # fmt: skip
    store.close()
    sys.stdout.flush()
    sys.stderr.flush()
    # exec, not a child process: Ctrl+C and kill reach Streamlit itself, and no server is left behind.
    os.execve(sys.executable, command, env)


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(130)


__all__ = ["app", "bundled_sets_dir", "main"]
