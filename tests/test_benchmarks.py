"""The benchmark harness runs at size S, and the generator is deterministic.

Timings are not checked here (targets are for size L and belong in benchmarks/README.md); what is
checked is that every operation produces a sensible row and that generated data is reproducible.
"""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import create_engine, text

from benchmarks import vocabulary
from benchmarks.__main__ import main
from benchmarks.generate import SIZES, first_rows, generate, is_generated

KEYS = {"operation", "size", "engine", "median_ms", "p95_ms", "peak_mb", "ratio", "target", "note"}


def _counts(url: str, seed: int) -> dict:
    counts = generate(url, "S", seed)
    counts.pop("seconds")
    return counts


def test_generator_is_deterministic_and_realistic(tmp_path: Path) -> None:
    one, two, other = (f"sqlite:///{tmp_path / name}.sqlite" for name in ("one", "two", "other"))
    counts = _counts(one, seed=3)
    assert counts == _counts(two, seed=3)
    assert first_rows(one) == first_rows(two)
    _counts(other, seed=4)
    assert first_rows(one) != first_rows(other)

    size = SIZES["S"]
    assert (counts["reference"], counts["claim"], counts["evidence"], counts["topic"]) == (
        size.references, size.claims, size.evidence, size.topics)  # fmt: skip
    assert is_generated(one, "S", 3) and not is_generated(one, "S", 4)

    engine = create_engine(one)
    with engine.connect() as conn:
        # Stances are skewed as documented: supports most, contradicts least.
        stances = dict(conn.execute(text("SELECT stance, count(*) FROM evidence GROUP BY stance")).all())
        assert stances["supports"] > stances["mentions"] > stances["contradicts"]
        assert 0.5 < stances["supports"] / counts["evidence"] < 0.6
        # The topic tree is four levels deep.
        depth = conn.scalar(text(
            "WITH RECURSIVE d(id, depth) AS (SELECT id, 0 FROM topic WHERE parent_id IS NULL "
            "UNION ALL SELECT t.id, d.depth + 1 FROM topic t JOIN d ON t.parent_id = d.id) "
            "SELECT max(depth) FROM d"))  # fmt: skip
        assert depth == 3
        # Both languages are there, and people are shared across works.
        languages = dict(conn.execute(text("SELECT language, count(*) FROM reference GROUP BY 1")).all())
        assert languages["nl"] and languages["en"] > languages["nl"]
        assert conn.scalar(text("SELECT max(n) FROM (SELECT count(*) AS n FROM contributor "
                                "GROUP BY person_id)")) > 3  # fmt: skip
        # The search index was rebuilt after the load and the triggers are back.
        triggers = conn.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                     "AND name LIKE 'search_%' ORDER BY name")).all()  # fmt: skip
        assert len(triggers) == 9
        found = conn.scalar(text("SELECT count(*) FROM search_evidence WHERE search_evidence MATCH :q"),
                            {"q": vocabulary.RARE_WORD})  # fmt: skip
        assert found == counts["rare_word_quotes"]
        conn.execute(text("UPDATE claim SET statement_en = 'kwijtscheldingsregeling' WHERE id = 1"))
        assert conn.scalar(text("SELECT rowid FROM search_claim WHERE search_claim MATCH "
                                "'kwijtscheldingsregeling'")) == 1  # fmt: skip
    engine.dispose()


def test_harness_runs_at_size_s(tmp_path: Path, capsys) -> None:
    out = tmp_path / "results.json"
    url = f"sqlite:///{tmp_path / 'bench.sqlite'}"
    assert main(["--size", "S", "--quick", "--database", url, "--json", str(out),
                 "--plans", str(tmp_path / "plans.txt")]) == 0  # fmt: skip

    rows = json.loads(out.read_text(encoding="utf-8"))
    assert rows and all(set(row) == KEYS for row in rows)
    by_op = {row["operation"]: row for row in rows}
    timed = [row for row in rows if row["median_ms"] is not None]
    for row in timed:
        assert row["median_ms"] > 0 and row["p95_ms"] >= row["median_ms"] * 0.999, row
        assert row["peak_mb"] is None or row["peak_mb"] >= 0
    for row in rows:
        if row["median_ms"] is None:
            assert row["note"].startswith("skipped"), row  # only a missing part may be skipped

    generated = by_op["generate database"]
    assert generated["size"] == "S" and generated["engine"] == "sqlite" and generated["median_ms"] > 0
    table = by_op["evidence_table: filtered, first page of 100"]
    assert table["ratio"] and table["ratio"] > 0 and table["target"]
    assert "same 100 ids in the same order" in table["note"]
    assert by_op["evidence_table: hand-written SQL [baseline]"]["ratio"] is None
    for op in ("facet_counts: same filter, all facets", "search: ranked hits, limit 50",
               "evidence_table: query=, first page of 100"):  # fmt: skip
        assert by_op[op]["median_ms"] > 0 and by_op[op]["target"]
    assert any(op.startswith("bibtexparser.parse_string") for op in by_op)

    printed = capsys.readouterr().out
    assert printed.splitlines()[0].split(" | ")[0].strip() == "operation"
    assert "evidence_table: filtered, first page of 100" in printed
    plans = (tmp_path / "plans.txt").read_text(encoding="utf-8")
    assert "== evidence_table" in plans and "-- plan:" in plans

    # A second run reuses the generated database instead of generating again.
    assert main(["--size", "S", "--quick", "--database", url, "--only", "evidence_table",
                 "--json", str(out)]) == 0  # fmt: skip
    assert "generate database" not in {row["operation"] for row in json.loads(out.read_text())}
