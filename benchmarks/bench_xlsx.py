"""Excel export of a large evidence table against pandas' own ``to_excel``, in the same run.

    .venv/bin/python benchmarks/bench_xlsx.py            # 10,000 rows
    .venv/bin/python benchmarks/bench_xlsx.py 50000      # another size

Ours does more than the baseline (labels, formula safety, links, widths, banding, a references
sheet), so the ratio says what that costs. Timings are medians over repeated runs, the two taken in
turns; peak memory (Python allocations) is measured with tracemalloc in a separate run, because
tracing slows the code it traces.
"""

from __future__ import annotations

import gc
import io
import random
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable

import pandas as pd

from evidence.tables import DEFAULT_COLUMNS, EvidenceTable, ReferenceEntry, render

STANCES = ["supports", "contradicts", "mixed", "mentions"]
CERTAINTY = ["high", "moderate", "low", "very low"]
DESIGNS = ["meta-analysis", "systematic-review", "rct", "cohort", "qualitative", "case-study"]
# fmt: off
WORDS = [
    "inclusion", "teachers", "pupils", "support", "classroom", "outcomes", "wellbeing", "learning",
    "behaviour", "school", "parents", "autonomy", "participation", "policy", "evidence", "effect",
    "practice", "training", "social", "emotional",
]
# fmt: on


def _sentence(rng: random.Random, lo: int, hi: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(lo, hi))).capitalize()


def make_table(rows: int = 10_000, seed: int = 7) -> EvidenceTable:
    """A generated table: ~rows/20 claims, ~rows/5 references, quotes of 10-60 words."""
    rng = random.Random(seed)
    n_refs = max(1, rows // 5)
    refs = []
    for i in range(n_refs):
        author, year = f"Author{i}", 1990 + i % 35
        title = _sentence(rng, 4, 12)
        refs.append(
            ReferenceEntry(
                key=f"ref{i}",
                citation=f"({author}, {year})",
                text=f"{author}, A. ({year}). {title}. Journal {i % 40}, {i % 30}, 1–20.",
                html=f"{author}, A. ({year}). {title}. <i>Journal {i % 40}</i>, <i>{i % 30}</i>, 1–20.",
                markdown=f"{author}, A. ({year}). {title}. *Journal {i % 40}*, *{i % 30}*, 1–20.",
                doi=f"10.1234/bench.{i}" if i % 3 else None,
                url=None,
            )
        )
    claims = [_sentence(rng, 5, 15) for _ in range(max(1, rows // 20))]
    records = []
    for _ in range(rows):
        ref = rng.choice(refs)
        records.append(
            {
                "claim": rng.choice(claims),
                "topics": "; ".join(rng.sample(WORDS, 2)),
                "stance": rng.choice(STANCES),
                "citation": ref.citation,
                "locator": f"p. {rng.randint(1, 300)}",
                "quote": _sentence(rng, 10, 60) if rng.random() > 0.01 else '=HYPERLINK("http://x","y")',
                "study_design": rng.choice(DESIGNS),
                "population": _sentence(rng, 2, 6),
                "certainty": rng.choice(CERTAINTY),
                "reference_key": ref.key,
                "doi": ref.doi,
            }
        )
    frame = pd.DataFrame(records)
    used = set(frame["reference_key"])
    return EvidenceTable(
        rows=frame,
        columns=list(DEFAULT_COLUMNS),
        lang="en",
        group_by="claim",
        references=[r for r in refs if r.key in used],
        title="Evidence: benchmark",
    )


def _ours(table: EvidenceTable) -> Callable[[], bytes]:
    return lambda: render(table, "xlsx")[0].data


def _baseline(table: EvidenceTable) -> Callable[[], bytes]:
    frame = table.rows[table.columns]

    def write() -> bytes:
        out = io.BytesIO()
        frame.to_excel(out, engine="xlsxwriter", index=False)
        return out.getvalue()

    return write


def _peak_mb(fn: Callable[[], bytes]) -> float:
    gc.collect()
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def run(rows: int = 10_000, repeat: int = 7) -> list[dict[str, object]]:
    """Rows of operation, median_ms, p95_ms, peak_mb and ratio (ours / baseline, same run).

    The two are timed in turns, so that load from other processes falls on both alike.
    """
    table = make_table(rows)
    operations = {
        f"DataFrame.to_excel(xlsxwriter), {rows:,} rows [baseline]": _baseline(table),
        f"evidence.tables xlsx render, {rows:,} rows": _ours(table),
    }
    times: dict[str, list[float]] = {name: [] for name in operations}
    for fn in operations.values():
        fn()  # warm up imports and caches
    for _ in range(repeat):
        for name, fn in operations.items():
            gc.collect()
            started = time.perf_counter()
            fn()
            times[name].append((time.perf_counter() - started) * 1000)
    base = statistics.median(next(iter(times.values())))
    return [
        {
            "operation": name,
            "median_ms": round(statistics.median(times[name]), 1),
            "p95_ms": round(_p95(times[name]), 1),
            "peak_mb": round(_peak_mb(fn), 1),
            "ratio": round(statistics.median(times[name]) / base, 2),
        }
        for name, fn in operations.items()
    ]


def main(argv: list[str]) -> None:
    rows = int(argv[1]) if len(argv) > 1 else 10_000
    results = run(rows)
    headers = ["operation", "median_ms", "p95_ms", "peak_mb", "ratio"]
    widths = [max(len(h), *(len(str(r[h])) for r in results)) for h in headers]
    print(" | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)))
    print("-|-".join("-" * w for w in widths))
    for r in results:
        print(" | ".join(str(r[h]).ljust(w) for h, w in zip(headers, widths, strict=True)))


if __name__ == "__main__":
    main(sys.argv)
