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
