"""Runs the dashboard's Explore page through AppTest and prints its timings as one JSON line.

    EVIDENCE_DATABASE_URL=sqlite:///... python -m benchmarks.apptest_explore [RUNS]

Started by the suite in a subprocess of its own, so that the peak resident set size it reports
(``ru_maxrss``) belongs to this run alone: interpreter, Streamlit, pandas, the driver and the app.

- ``first_ms``: the very first run (imports, opening the engine), not counted in the others;
- ``cold_ms``: a new AppTest per run with ``st.cache_data`` cleared: a first visit to the page;
- ``warm_ms``: a rerun of the same AppTest, whose library calls hit the data cache;
- ``changed_ms``: a new AppTest after the data changed: the data cache cleared and the library's
  indexes built again (the topic tree and the facet index, about a second at L).
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

APP = Path(__file__).resolve().parents[1] / "dashboard" / "app.py"


def main(argv: list[str]) -> int:
    runs = int(argv[1]) if len(argv) > 1 else 3
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    first_ms = 0.0
    cold: list[float] = []
    warm: list[float] = []
    errors: list[str] = []
    from evidence.queries import forget_caches

    changed: list[float] = []
    for i in range(runs + 1):
        st.cache_data.clear()
        at = AppTest.from_file(str(APP), default_timeout=60)
        started = time.perf_counter()
        at.run()
        elapsed = (time.perf_counter() - started) * 1000
        errors += [str(e.message)[:300] for e in at.exception]
        if i == 0:
            first_ms = elapsed
            continue
        cold.append(elapsed)
        started = time.perf_counter()
        at.run()
        warm.append((time.perf_counter() - started) * 1000)
        errors += [str(e.message)[:300] for e in at.exception]
    for _ in range(runs):
        st.cache_data.clear()
        forget_caches()
        at = AppTest.from_file(str(APP), default_timeout=60)
        started = time.perf_counter()
        at.run()
        changed.append((time.perf_counter() - started) * 1000)
        errors += [str(e.message)[:300] for e in at.exception]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux
    print(json.dumps({"first_ms": first_ms, "cold_ms": cold, "warm_ms": warm, "changed_ms": changed,
                      "peak_rss_mb": peak_mb, "errors": sorted(set(errors))}))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
