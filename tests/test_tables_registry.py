"""The table model, labels, the shared grid and the format registry."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from evidence.errors import EvidenceError
from evidence.tables import (
    COLUMNS,
    DEFAULT_COLUMNS,
    FORMATS,
    EvidenceTable,
    UnsupportedFormat,
    format_for,
    render,
    write_table,
)
from evidence.tables.columns import VALUE_LABELS, value_label
from evidence.tables.layout import build_grid, cell_value, doi_url
from tests.tables_fixtures import references, rows, table

ALL_KEYS = [
    "claim",
    "topics",
    "stance",
    "citation",
    "locator",
    "quote",
    "study_design",
    "population",
    "setting",
    "sample_size",
    "certainty",
    "year",
    "title",
    "reference_key",
    "kind",
    "provenance",
    "note",
]


def test_every_column_has_a_dutch_and_an_english_label():
    assert list(COLUMNS) == ALL_KEYS
    assert all(set(labels) == {"en", "nl"} and all(labels.values()) for labels in COLUMNS.values())
    assert DEFAULT_COLUMNS == (
        "claim",
        "topics",
        "stance",
        "citation",
        "locator",
        "quote",
        "study_design",
        "population",
        "certainty",
    )
    for vocabulary in VALUE_LABELS.values():
        assert all(set(labels) == {"en", "nl"} for labels in vocabulary.values())


@pytest.mark.parametrize(
    ("column", "code", "en", "nl"),
    [
        ("stance", "supports", "supports", "ondersteunt"),
        ("stance", "contradicts", "contradicts", "weerspreekt"),
        ("stance", "mixed", "mixed", "gemengd"),
        ("stance", "mentions", "mentions", "noemt"),
        ("certainty", "very low", "very low", "zeer laag"),
        ("certainty", "moderate", "moderate", "matig"),
        ("study_design", "literature-review", "literature review", "literatuurstudie"),
        ("study_design", "meta-analysis", "meta-analysis", "meta-analyse"),
        ("study_design", "other", "other", "anders"),
    ],
)
def test_value_labels(column, code, en, nl):
    assert value_label(column, code, "en") == en
    assert value_label(column, code, "nl") == nl


def test_unknown_values_pass_through():
    assert value_label("stance", "unheard-of", "nl") == "unheard-of"
    assert value_label("quote", "supports", "nl") == "supports"
    assert value_label("stance", None, "nl") is None


def test_every_stored_value_is_labelled():
    """Each vocabulary the database allows has a label in both languages, and nothing more."""
    from evidence.models import CERTAINTIES, CLAIM_KINDS, STANCES, STUDY_DESIGNS

    for column, codes in (("stance", STANCES), ("certainty", CERTAINTIES),
                          ("study_design", STUDY_DESIGNS), ("kind", CLAIM_KINDS)):  # fmt: skip
        assert [c for c in VALUE_LABELS[column] if c != "(none)"] == list(codes), column


def test_cell_values():
    assert cell_value(None) is None
    assert cell_value(pd.NA) is None
    assert cell_value(float("nan")) is None
    assert cell_value(np.int64(3)) == 3 and isinstance(cell_value(np.int64(3)), int)
    assert cell_value(120.0) == 120 and isinstance(cell_value(120.0), int)
    assert cell_value(0.5) == 0.5
    assert cell_value(["a", None, "b"]) == "a; b"
    assert cell_value(("x",)) == "x"
    assert cell_value(True) == "true"
    assert cell_value(math.inf) == "inf"


def test_doi_links():
    assert doi_url("10.1234/ABC") == "https://doi.org/10.1234/abc"
    assert doi_url("https://doi.org/10.1/x y") == "https://doi.org/10.1/x%20y"
    assert doi_url(None) is None


def test_table_checks_its_shape():
    with pytest.raises(ValueError, match="unknown column"):
        table(columns=["claim", "colour"])
    with pytest.raises(ValueError, match="rows do not have"):
        table(columns=["claim", "setting"])
    with pytest.raises(ValueError, match="lang"):
        EvidenceTable(rows(), ["claim"], "de", None, [], "x")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="group_by"):
        EvidenceTable(rows(), ["claim"], "en", "topic", [], "x")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="repeat"):
        table(columns=["claim", "claim"])


def test_grid_groups_by_reference_without_a_citation_column():
    df = rows().drop(columns=["citation"])
    t = EvidenceTable(df, ["claim", "stance"], "en", "reference", references(), "x")
    grid = build_grid(t, sectioned=True)
    assert grid.group_titles == [
        "(Smith & Jones, 2020)",
        "(van Beek, 2021a)",
        "(Nederlands Jeugdinstituut, 2019)",
    ]
    assert [len(i) for _, i in grid.sections()] == [1, 1, 2]
    assert grid.links[0] == "https://doi.org/10.1234/jed.2020.001"


def test_grid_prefers_an_explicit_group_column():
    df = rows()
    df["group"] = ["B", "A", "B", "A"]
    t = EvidenceTable(df, ["claim", "stance"], "en", "claim", references(), "x")
    grid = build_grid(t, sectioned=True)
    assert grid.group_titles == ["B", "A"]
    assert grid.keys == ["stance"]  # the claim is the heading
    assert [r[0] for r in grid.rows] == ["supports", "mixed", "contradicts", "mentions"]


def test_registry_names_and_extensions():
    assert list(FORMATS) == ["xlsx", "docx", "csv", "md", "tex", "html"]
    assert format_for("xlsx").extension == ".xlsx"
    assert format_for(".DOCX").name == "docx"
    assert format_for(None, "out/table.markdown").name == "md"
    assert format_for(None, "x.htm").name == "html"
    assert format_for("tex", "ignored.csv").name == "tex"
    for f in FORMATS.values():
        assert f.media_type and f.label and f.extensions[0].startswith(".")


def test_unknown_formats_are_user_errors():
    with pytest.raises(UnsupportedFormat, match="unknown export format 'pdf'") as err:
        format_for("pdf")
    assert isinstance(err.value, EvidenceError)
    with pytest.raises(UnsupportedFormat, match=r"cannot tell the export format from 'notes\.txt'"):
        write_table(table(), "notes.txt")


@pytest.mark.parametrize("name", list(FORMATS))
def test_write_table_writes_every_format(tmp_path, name):
    fmt = FORMATS[name]
    path = tmp_path / f"evidence{fmt.extension}"
    written = write_table(table(), path)
    assert written[0] == path
    assert path.read_bytes() == render(table(), name)[0].data


@pytest.mark.parametrize("name", list(FORMATS))
def test_empty_tables_render(name):
    t = table(lang="nl")
    t.rows = t.rows.iloc[0:0]
    t.references = []
    files = render(t, name)
    assert files[0].data
