"""How coded values read to people, in Dutch and English: stances, designs, certainty, kinds ...

One table for every place that shows them (the dashboard's facets and pages, and every export
format), so a study design is called the same thing on screen and in a lecturer's Word file.
Keys are the values stored in the database; ``(none)`` is how a missing value reads.
"""

from __future__ import annotations

NONE = "(none)"

LABELS: dict[str, dict[str, dict[str, str]]] = {
    "stance": {
        "supports": {"nl": "ondersteunt", "en": "supports"},
        "contradicts": {"nl": "weerspreekt", "en": "contradicts"},
        "mixed": {"nl": "gemengd", "en": "mixed"},
        "mentions": {"nl": "noemt", "en": "mentions"},
    },
    "study_design": {
        "meta-analysis": {"nl": "meta-analyse", "en": "meta-analysis"},
        "systematic-review": {"nl": "systematische review", "en": "systematic review"},
        "literature-review": {"nl": "literatuurstudie", "en": "literature review"},
        "rct": {"nl": "RCT", "en": "RCT"},
        "quasi-experimental": {"nl": "quasi-experimenteel", "en": "quasi-experimental"},
        "cohort": {"nl": "cohortstudie", "en": "cohort study"},
        "cross-sectional": {"nl": "cross-sectioneel", "en": "cross-sectional"},
        "qualitative": {"nl": "kwalitatief", "en": "qualitative"},
        "case-study": {"nl": "casestudy", "en": "case study"},
        "mixed-methods": {"nl": "gemengde methoden", "en": "mixed methods"},
        "expert-opinion": {"nl": "expertopinie", "en": "expert opinion"},
        "policy-document": {"nl": "beleidsdocument", "en": "policy document"},
        "theory": {"nl": "theorie", "en": "theory"},
        "other": {"nl": "anders", "en": "other"},
        "(none)": {"nl": "(niet vermeld)", "en": "(not stated)"},
    },
    "certainty": {
        "high": {"nl": "hoog", "en": "high"},
        "moderate": {"nl": "matig", "en": "moderate"},
        "low": {"nl": "laag", "en": "low"},
        "very low": {"nl": "zeer laag", "en": "very low"},
        "(none)": {"nl": "(niet beoordeeld)", "en": "(not rated)"},
    },
    "verification_status": {
        "verified": {"nl": "geverifieerd", "en": "verified"},
        "partial": {"nl": "gedeeltelijk", "en": "partly verified"},
        "unverified": {"nl": "niet geverifieerd", "en": "unverified"},
        "unknown": {"nl": "onbekend", "en": "unknown"},
    },
    "entry_type": {
        "article-journal": {"nl": "tijdschriftartikel", "en": "journal article"},
        "article-magazine": {"nl": "artikel in magazine", "en": "magazine article"},
        "article-newspaper": {"nl": "krantenartikel", "en": "newspaper article"},
        "book": {"nl": "boek", "en": "book"},
        "chapter": {"nl": "hoofdstuk", "en": "book chapter"},
        "report": {"nl": "rapport", "en": "report"},
        "thesis": {"nl": "proefschrift/scriptie", "en": "thesis"},
        "paper-conference": {"nl": "congresbijdrage", "en": "conference paper"},
        "webpage": {"nl": "webpagina", "en": "web page"},
        "post-weblog": {"nl": "blogbericht", "en": "blog post"},
        "dataset": {"nl": "dataset", "en": "dataset"},
        "document": {"nl": "document", "en": "document"},
    },
    "kind": {
        "definition": {"nl": "definitie", "en": "definition"},
        "advantage": {"nl": "voordeel", "en": "advantage"},
        "disadvantage": {"nl": "nadeel", "en": "disadvantage"},
        "recommendation": {"nl": "aanbeveling", "en": "recommendation"},
        "finding": {"nl": "bevinding", "en": "finding"},
        "mitigation": {"nl": "maatregel", "en": "mitigation"},
        "research-gap": {"nl": "kennislacune", "en": "research gap"},
    },
    "language": {
        "nl": {"nl": "Nederlands", "en": "Dutch"},
        "en": {"nl": "Engels", "en": "English"},
        "de": {"nl": "Duits", "en": "German"},
        "fr": {"nl": "Frans", "en": "French"},
    },
}


def label(vocabulary: str, value: str | None, lang: str) -> str:
    """``value`` as people read it in ``lang``; values outside the vocabulary come back unchanged."""
    names = LABELS.get(vocabulary, {}).get(NONE if value is None else value)
    if not names:
        return NONE if value is None else value
    return names[lang if lang in ("nl", "en") else "en"]
