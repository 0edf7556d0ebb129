"""Column labels, value labels and section titles for evidence tables, in Dutch and English.

The query layer hands over codes ("supports", "very low", "systematic-review"); every export shows the
same words for them, so the labels live here once and each format module looks them up.
"""

from __future__ import annotations

from typing import Any, Literal

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

#: Controlled vocabularies: column key -> code -> label per language.
VALUE_LABELS: dict[str, dict[str, dict[str, str]]] = {
    "stance": {
        "supports": {"en": "supports", "nl": "ondersteunt"},
        "contradicts": {"en": "contradicts", "nl": "weerspreekt"},
        "mixed": {"en": "mixed", "nl": "gemengd"},
        "mentions": {"en": "mentions", "nl": "noemt"},
    },
    "certainty": {
        "high": {"en": "high", "nl": "hoog"},
        "moderate": {"en": "moderate", "nl": "matig"},
        "low": {"en": "low", "nl": "laag"},
        "very-low": {"en": "very low", "nl": "zeer laag"},
    },
    "study_design": {
        "meta-analysis": {"en": "meta-analysis", "nl": "meta-analyse"},
        "systematic-review": {"en": "systematic review", "nl": "systematische review"},
        "literature-review": {"en": "literature review", "nl": "literatuurstudie"},
        "rct": {"en": "randomised controlled trial", "nl": "gerandomiseerd gecontroleerd onderzoek"},
        "quasi-experimental": {"en": "quasi-experimental study", "nl": "quasi-experimenteel onderzoek"},
        "cohort": {"en": "cohort study", "nl": "cohortonderzoek"},
        "cross-sectional": {"en": "cross-sectional study", "nl": "dwarsdoorsnedeonderzoek"},
        "qualitative": {"en": "qualitative study", "nl": "kwalitatief onderzoek"},
        "case-study": {"en": "case study", "nl": "casestudy"},
        "mixed-methods": {"en": "mixed methods", "nl": "mixed methods"},
        "expert-opinion": {"en": "expert opinion", "nl": "expertmening"},
        "policy-document": {"en": "policy document", "nl": "beleidsdocument"},
        "theory": {"en": "theory", "nl": "theorie"},
        "other": {"en": "other", "nl": "overig"},
    },
    "kind": {
        "advantage": {"en": "advantage", "nl": "voordeel"},
        "disadvantage": {"en": "disadvantage", "nl": "nadeel"},
        "recommendation": {"en": "recommendation", "nl": "aanbeveling"},
        "definition": {"en": "definition", "nl": "definitie"},
    },
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


def _code(value: str) -> str:
    return "-".join(value.strip().lower().replace("_", " ").split())


def value_label(column: str, value: Any, lang: Lang) -> Any:
    """The label for a coded value; anything not in the vocabulary comes back unchanged."""
    vocabulary = VALUE_LABELS.get(column)
    if vocabulary is None or not isinstance(value, str):
        return value
    labels = vocabulary.get(_code(value))
    return labels[lang] if labels else value
