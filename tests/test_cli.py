"""The command line: exit codes, exact messages, --json output, on a real SQLite file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from evidence.cli import app
from tests.conftest import BUNDLED

runner = CliRunner()


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    result = runner.invoke(app, ["--db", url, "load", str(BUNDLED)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("loaded online-social-work:")
    return url


def run(db: str, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--db", db, *args])
    return result.exit_code, result.stdout, result.stderr


def test_every_command_has_help() -> None:
    for command in ("init", "load", "dump", "stats", "topics", "claims", "show"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0
        assert "Example:" in result.stdout, command


def test_init_creates_the_database(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "new.sqlite"
    code, out, _ = run(f"sqlite:///{target}", "init")
    assert code == 0 and target.exists()
    assert out.strip() == f"database ready: sqlite:///{target}"


def test_second_load_says_up_to_date(db: str) -> None:
    code, out, _ = run(db, "load", str(BUNDLED))
    assert code == 0
    assert out.startswith("already up to date: online-social-work")


def test_stats_shows_every_group_of_the_summary(db: str) -> None:
    code, out, _ = run(db, "stats", "--json")
    data = json.loads(out)
    assert code == 0
    assert [g["slug"] for g in data["groups"]] == [
        "blended-social-work", "forms-of-online-social-work", "advantages", "disadvantages",
        "ict-topics",
    ]
    assert all(g["claims"] > 0 for g in data["groups"])
    code, out, _ = run(db, "stats", "--lang", "nl")
    assert "Mogelijke nadelen" in out or "nadelen" in out.lower()


def test_claims_on_disadvantages_list_dropout_with_evidence(db: str) -> None:
    code, out, _ = run(db, "claims", "--topic", "disadvantages", "--lang", "en")
    assert code == 0
    assert "dropout-higher-online" in out
    assert "Dropout is more common in online help than in face-to-face" in out
    code, out, _ = run(db, "claims", "--topic", "disadvantages", "--json")
    rows = {r["claim"]: r for r in json.loads(out)}
    assert rows["dropout-higher-online"]["supports"] >= 1
    # Subtopics included: every claim under a disadvantage subtopic is listed.
    code, out, _ = run(db, "claims", "--topic", "dropout-and-adherence", "--json")
    assert {r["claim"] for r in json.loads(out)} <= set(rows)


def test_claims_in_dutch(db: str) -> None:
    _code, out, _ = run(db, "claims", "--topic", "dropout-and-adherence", "--lang", "nl")
    assert "Uitval komt bij online hulpverlening meer voor" in out


def test_show_claim(db: str) -> None:
    code, out, _ = run(db, "show", "dropout-higher-online")
    assert code == 0
    assert "nl: Uitval komt bij online hulpverlening" in out
    assert "supports: Sheombar & van Beek (2019) [sheombar2019samenvatting]" in out
    code, out, _ = run(db, "show", "dropout-higher-online", "--json")
    assert json.loads(out)["evidence"][0]["locator"] == "Uitval en behandeltrouw"


def test_errors_are_one_line_with_exit_status_1(db: str) -> None:
    code, _, err = run(db, "show", "no-such-claim")
    assert code == 1
    assert err.startswith("error: no claim 'no-such-claim'.")
    code, _, err = run(db, "claims", "--topic", "nadelen")
    assert code == 1 and "no topic 'nadelen'" in err
    code, _, err = run(db, "claims", "--stance", "proves")
    assert code == 1 and "unknown stance 'proves'" in err
    code, _, err = run(db, "topics", "--lang", "de")
    assert code == 1 and err.strip() == "error: language 'de' is not available; use nl or en"
    assert "Traceback" not in err


def test_odd_search_input_is_a_message(db: str) -> None:
    code, _, err = run(db, "claims", "--query", '"*')
    assert code == 1 and "nothing to search for" in err
    code, out, _ = run(db, "claims", "--query", "uitval", "--json")
    assert code == 0 and "dropout-higher-online" in {r["claim"] for r in json.loads(out)}


def test_load_reports_broken_files(tmp_path: Path, db: str) -> None:
    code, _, err = run(db, "load", str(tmp_path / "missing"))
    assert code == 1 and "is not a folder" in err


def test_dump_round_trip(db: str, tmp_path: Path) -> None:
    code, _out, _ = run(db, "dump", str(tmp_path / "out"))
    assert code == 0
    for name in ("set.yaml", "topics.yaml", "claims.yaml", "references.bib"):
        assert (tmp_path / "out" / name).read_bytes() == (BUNDLED / name).read_bytes()


FIXTURES = Path(__file__).parent / "fixtures"


def test_import_json_summary_adds_up(db: str, tmp_path: Path) -> None:
    code, out, _ = run(db, "import", str(FIXTURES / "bibtex" / "malformed.bib"), "--skip-invalid", "--json",
                       "--report", str(tmp_path / "report.json"))
    data = json.loads(out)
    assert code == 0
    assert data["records"] == data["imported"] + data["merged"] + data["skipped"]
    assert data["skipped"] == len(data["problems"]) > 0
    assert all({"line", "key", "message"} <= set(p) for p in data["problems"])
    assert json.loads((tmp_path / "report.json").read_text(encoding="utf-8")) == data


def test_import_without_skip_invalid_writes_nothing_and_says_where(db: str) -> None:
    code, out, err = run(db, "import", str(FIXTURES / "bibtex" / "malformed.bib"))
    assert code == 1 and "nothing was written" in err
    assert "malformed.bib:" in err and "(notitle)" in err
    code, out, _ = run(db, "stats", "--json")
    assert json.loads(out)["references"] == 30  # only the bundled set's


def test_import_of_an_unknown_format_is_a_message(db: str, tmp_path: Path) -> None:
    odd = tmp_path / "notes.txt"
    odd.write_text("just some notes\n", encoding="utf-8")
    code, _, err = run(db, "import", str(odd))
    assert code == 1 and "bibtex" in err and "ris" in err and "Traceback" not in err


def test_cite_in_english_and_dutch(db: str) -> None:
    code, out, _ = run(db, "cite", "sheombar2019samenvatting", "suler2004disinhibition")
    assert code == 0
    assert "sheombar2019samenvatting: (Sheombar & van Beek, 2019)" in out
    assert ("Suler, J. (2004). The Online Disinhibition Effect. CyberPsychology & Behavior, 7(3), "
            "321–326. https://doi.org/10.1089/1094931041291295") in out
    code, out, _ = run(db, "cite", "nji2015onlinehulp", "--locale", "nl-NL", "--json")
    assert json.loads(out)["bibliography"][0]["text"].startswith("Online hulp. (2015, juli).")
    code, _, err = run(db, "cite", "nobody1999")
    assert code == 1 and "no reference with citekey 'nobody1999'" in err


def test_an_imported_library_exports_again_with_all(tmp_path: Path) -> None:
    # An import adds references without claims; "export-refs" alone exports the references behind
    # evidence (none here), "--all" every reference, and the file imports back unchanged.
    db = f"sqlite:///{tmp_path / 'library.sqlite'}"
    code, out, _ = run(db, "import", str(FIXTURES / "bibtex" / "canonical.bib"), "--json")
    imported = json.loads(out)["imported"]
    assert code == 0 and imported > 1
    code, out, _ = run(db, "export-refs", "-o", "-")
    assert code == 0 and "@" not in out
    target = tmp_path / "all.bib"
    code, out, _ = run(db, "export-refs", "--all", "-o", str(target))
    entries = [line for line in target.read_text(encoding="utf-8").splitlines() if line.startswith("@")]
    assert code == 0 and len(entries) == imported
    code, out, _ = run(db, "import", str(target), "--json")
    report = json.loads(out)
    assert code == 0 and (report["imported"], report["merged"]) == (0, imported)
    code, _, err = run(db, "export-refs", "--all", "--topic", "x", "-o", "-")
    assert code == 1 and "either every reference or a filter" in err


def test_export_refs_and_table(db: str, tmp_path: Path) -> None:
    code, out, _ = run(db, "export-refs", "--topic", "dropout-and-adherence", "-f", "ris", "-o", "-")
    assert code == 0 and out.startswith("TY  - ") and "Uitval" not in out
    target = tmp_path / "nadelen.docx"
    code, out, _ = run(db, "export", "--topic", "disadvantages", "--lang", "nl", "-o", str(target))
    assert code == 0 and out.strip() == str(target)
    from docx import Document

    text = "\n".join(p.text for p in Document(str(target)).paragraphs)
    assert "Literatuur" in text and "Sheombar, A., & van Beek, G. (2019)" in text
    code, out, _ = run(db, "export", "--topic", "disadvantages", "-o", str(tmp_path / "t.tex"))
    assert out.split() == [str(tmp_path / "t.tex"), str(tmp_path / "t.bib")]
    code, _, err = run(db, "export", "--topic", "disadvantages", "-o", str(tmp_path / "t.pdf"))
    assert code == 1 and "cannot tell the export format" in err


def test_dashboard_starts_streamlit_without_prompts(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # On a first run Streamlit stops at a terminal prompt for an email address unless told not to;
    # the command is captured instead of replacing this process.
    import os

    started: list[list[str]] = []
    monkeypatch.setattr(os, "execve", lambda path, args, env: started.append(list(args)))
    code, _, err = run(db, "dashboard", "--port", "8765")
    assert code == 0 and "http://localhost:8765" in err
    args = started[0]
    flags = dict(zip(args[5::2], args[6::2], strict=True))
    assert args[1:4] == ["-m", "streamlit", "run"]
    assert flags["--server.showEmailPrompt"] == "false" and flags["--server.port"] == "8765"
    assert flags["--browser.gatherUsageStats"] == "false" and flags["--server.address"] == "localhost"
