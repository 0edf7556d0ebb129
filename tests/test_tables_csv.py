"""CSV export, read back with pandas and the csv module."""

from __future__ import annotations

import csv
import io

import pandas as pd

from evidence.tables import render
from evidence.tables.safety import FORMULA_TRIGGERS, is_formula_like, neutralise
from tests.tables_fixtures import EVIL_FORMULAS, SCRIPT, references, table


def _data(**kwargs: object) -> bytes:
    files = render(table(**kwargs), "csv")
    assert [f.suffix for f in files] == [".csv"]
    assert files[0].media_type.startswith("text/csv")
    return files[0].data


def test_utf8_with_byte_order_mark():
    data = _data()
    assert data.startswith(b"\xef\xbb\xbf")
    assert "Café – ‘quoted’".encode() in data


def test_pandas_reads_the_table_with_labels_values_and_the_reference_of_each_row():
    frame = pd.read_csv(io.BytesIO(_data()), encoding="utf-8-sig")
    assert list(frame.columns) == [
        "Claim",
        "Topics",
        "Stance",
        "Source",
        "Page/section",
        "Quote",
        "Study design",
        "Population",
        "Certainty",
        "Sample size",
        "Reference",
    ]
    assert len(frame) == 4
    assert frame["Stance"].tolist() == ["supports", "contradicts", "mixed", "mentions"]
    assert frame["Certainty"].tolist() == ["moderate", "very low", "low", "high"]
    assert frame["Quote"][2] == SCRIPT
    assert frame["Quote"][3] == "Café – ‘quoted’ “double” ë ≥ 5 α\nsecond line"
    # numbers stay numbers (the empty one is missing, not 0 or "nan")
    assert frame["Sample size"].tolist()[0] == 1200
    assert pd.isna(frame["Sample size"][1])
    refs = {r.key: r.text for r in references()}
    assert frame["Reference"].tolist() == [
        refs["smith2020"],
        refs["vanbeek2021a"],
        refs["nji2019"],
        refs["nji2019"],
    ]
    # the reference list is exactly the references of the rows
    assert set(frame["Reference"]) == set(refs.values())


def test_formula_like_cells_are_neutralised():
    frame = pd.read_csv(io.BytesIO(_data()), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    cells = frame.to_numpy().ravel().tolist()
    for evil in EVIL_FORMULAS:
        assert "'" + evil in cells
        assert evil not in cells
    assert not any(c.startswith(FORMULA_TRIGGERS) for c in cells)
    # raw lines too: no field starts with a trigger character
    rows = list(csv.reader(io.StringIO(_data().decode("utf-8-sig"))))
    assert not any(field.startswith(FORMULA_TRIGGERS) for row in rows for field in row)


def test_neutralise_rules():
    assert neutralise('=HYPERLINK("http://evil","x")') == '\'=HYPERLINK("http://evil","x")'
    for text in ["+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "\n=1"]:
        assert neutralise(text) == "'" + text
        assert is_formula_like(text)
    assert neutralise(-2) == -2  # numbers stay numbers
    assert neutralise(1.5) == 1.5
    assert neutralise("p. 4") == "p. 4"
    assert neutralise("") == ""


def test_dutch_labels_and_values():
    frame = pd.read_csv(io.BytesIO(_data(lang="nl")), encoding="utf-8-sig")
    assert list(frame.columns)[:4] == ["Bewering", "Onderwerpen", "Strekking", "Bron"]
    assert list(frame.columns)[-1] == "Referentie"
    assert frame["Strekking"].tolist() == ["ondersteunt", "weerspreekt", "gemengd", "noemt"]
    assert frame["Bewijskracht"].tolist() == ["matig", "zeer laag", "laag", "hoog"]
    assert frame["Onderzoeksopzet"][0] == "systematische review"


def test_grouped_rows_come_together_with_the_group_value_in_front():
    frame = pd.read_csv(
        io.BytesIO(_data(group_by="claim", columns=["stance", "quote"])), encoding="utf-8-sig"
    )
    assert list(frame.columns) == ["Claim", "Stance", "Quote", "Reference"]
    assert frame["Claim"].tolist() == ["Inclusion improves social skills"] * 3 + ["Teachers need support"]
    assert frame["Stance"].tolist() == ["supports", "contradicts", "mentions", "mixed"]
