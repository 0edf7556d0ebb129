"""Column labels, value labels and section titles for evidence tables, in Dutch and English.

The query layer hands over codes ("supports", "very low", "systematic-review"); every export shows the
same words for them, so the labels live here once and each format module looks them up.
"""

from __future__ import annotations

from typing import Any, Literal

from evidence.vocabulary import LABELS

Lang = Literal["nl", "en"]

#: Column key -> label per language. The order here is the order the column picker offers.
COLUMNS: dict[str, dict[str, str]] = {
    "claim": {"en": "Claim", "nl": "Bewering"},
    "topics": {"en": "Topics", "nl": "Onderwerpen"},
    "stance": {"en": "Stance", "nl": "Strekking"},
    "citation": {"en": "Source", "nl": "Bron"},
    "locator": {"en": "Page/section", "nl": "Vindplaats"},
    "quote": {"en": "Quote", "nl": "Citaat"},
    "study_design": {"en": "Study design", "nl": "Onderzoeksopzet"},
    "population": {"en": "Population", "nl": "Populatie"},
    "setting": {"en": "Setting", "nl": "Context"},
    "sample_size": {"en": "Sample size", "nl": "Steekproefgrootte"},
    "certainty": {"en": "Certainty", "nl": "Bewijskracht"},
    "year": {"en": "Year", "nl": "Jaar"},
    "title": {"en": "Title", "nl": "Titel"},
    "reference_key": {"en": "Citation key", "nl": "Citeersleutel"},
    "kind": {"en": "Kind", "nl": "Soort"},
    "provenance": {"en": "Provenance", "nl": "Herkomst"},
    "note": {"en": "Note", "nl": "Opmerking"},
}

DEFAULT_COLUMNS: tuple[str, ...] = (
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

#: Columns that hold running text: given the most width, and wrapped.
WIDE_COLUMNS = frozenset({"claim", "quote", "title", "note", "population", "setting", "topics"})

#: Columns whose values are numbers and stay numbers in spreadsheets.
NUMERIC_COLUMNS = frozenset({"year", "sample_size"})

#: Controlled vocabularies: column key -> stored value -> label per language (shared with the dashboard).
VALUE_LABELS: dict[str, dict[str, dict[str, str]]] = {
    column: LABELS[column] for column in ("stance", "certainty", "study_design", "kind")
}

#: Words the exports need besides column labels.
TEXT: dict[str, dict[str, str]] = {
    "references": {"en": "References", "nl": "Literatuur"},
    "evidence": {"en": "Evidence", "nl": "Bewijs"},
    "reference": {"en": "Reference", "nl": "Referentie"},
    "link": {"en": "DOI/URL", "nl": "DOI/URL"},
    "no_rows": {"en": "No evidence matches this selection.", "nl": "Geen bewijs bij deze selectie."},
    "no_references": {"en": "No references.", "nl": "Geen referenties."},
}


def column_label(key: str, lang: Lang) -> str:
    return COLUMNS[key][lang]


def text(key: str, lang: Lang) -> str:
    return TEXT[key][lang]


def value_label(column: str, value: Any, lang: Lang) -> Any:
    """The label for a coded value; anything not in the vocabulary comes back unchanged."""
    vocabulary = VALUE_LABELS.get(column)
    if vocabulary is None or not isinstance(value, str):
        return value
    labels = vocabulary.get(value.strip())
    return labels[lang] if labels else value
