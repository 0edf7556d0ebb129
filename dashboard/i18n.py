"""Interface text in Dutch and English, and the names of the vocabularies (stances, designs, ...).

Pages ask ``t("key", lang)``; a missing key is a bug and fails loudly in tests rather than showing
an empty label.
"""

from __future__ import annotations

from evidence.vocabulary import LABELS

LANGS = ("nl", "en")
LANG_NAMES = {"nl": "Nederlands", "en": "English"}

STRINGS: dict[str, dict[str, str]] = {
    # app and navigation
    "app_title": {"nl": "Bewijs over online sociaal werk", "en": "Evidence on online social work"},
    "language": {"nl": "Taal", "en": "Language"},
    "page_explore": {"nl": "Verkennen", "en": "Explore"},
    "page_topics": {"nl": "Onderwerpen", "en": "Topics"},
    "page_claim": {"nl": "Bewering", "en": "Claim"},
    "page_reference": {"nl": "Bron", "en": "Reference"},
    "page_compare": {"nl": "Vergelijken", "en": "Compare"},
    "page_map": {"nl": "Bewijskaart", "en": "Evidence map"},
    "db_error": {
        "nl": "De database kan niet worden geopend: {error}",
        "en": "The database cannot be opened: {error}",
    },
    "empty_db": {
        "nl": "Deze database bevat nog geen bewijs. Laad een set met `evidence load`.",
        "en": "This database holds no evidence yet. Load a set with `evidence load`.",
    },
    # explore
    "explore_title": {"nl": "Verken het bewijs", "en": "Explore the evidence"},
    "explore_intro": {
        "nl": "Filter links op onderwerp, standpunt, onderzoeksopzet en jaar; zoek in beweringen, "
        "citaten, titels en samenvattingen. De URL bewaart je selectie: deel hem gerust.",
        "en": "Filter on topic, stance, study design and year; search claims, quotes, titles and "
        "abstracts. The URL keeps your selection: share it.",
    },
    "filters": {"nl": "Filters", "en": "Filters"},
    "f_topic": {"nl": "Onderwerp (met subonderwerpen)", "en": "Topic (subtopics included)"},
    "f_stance": {"nl": "Standpunt", "en": "Stance"},
    "f_design": {"nl": "Onderzoeksopzet", "en": "Study design"},
    "f_years": {"nl": "Jaar van publicatie", "en": "Year of publication"},
    "f_type": {"nl": "Soort bron", "en": "Reference type"},
    "f_language": {"nl": "Taal van de bron", "en": "Language of the source"},
    "f_cert": {"nl": "Zekerheid", "en": "Certainty"},
    "f_verif": {"nl": "Verificatie", "en": "Verification"},
    "f_kind": {"nl": "Soort bewering", "en": "Kind of claim"},
    "clear_filters": {"nl": "Alle filters wissen", "en": "Clear all filters"},
    "search": {"nl": "Zoeken", "en": "Search"},
    "search_placeholder": {
        "nl": 'bijv. anonimiteit, uitval of "online hulp"',
        "en": 'e.g. anonymity, dropout or "online help"',
    },
    "search_help": {
        "nl": "Alle woorden moeten voorkomen; een woord vindt ook langere woorden die ermee "
        'beginnen. Gebruik "aanhalingstekens" voor een exacte woordgroep.',
        "en": "All words must occur; a word also finds longer words starting with it. Use "
        '"double quotes" for an exact phrase.',
    },
    "best_matches": {"nl": "Beste treffers ({n})", "en": "Best matches ({n})"},
    "no_matches": {"nl": "Niets gevonden voor deze zoekvraag.", "en": "Nothing matches this search."},
    "hit_claim": {"nl": "bewering", "en": "claim"},
    "hit_evidence": {"nl": "citaat", "en": "quote"},
    "hit_reference": {"nl": "bron", "en": "reference"},
    "view": {"nl": "Weergave", "en": "View"},
    "view_links": {"nl": "Per bewijslink", "en": "One row per link"},
    "view_claims": {"nl": "Per bewering", "en": "Grouped per claim"},
    "sort": {"nl": "Sorteren op", "en": "Sort by"},
    "sort_claim": {"nl": "bewering", "en": "claim"},
    "sort_year": {"nl": "jaar (nieuwste eerst)", "en": "year (newest first)"},
    "sort_reference": {"nl": "bron", "en": "reference"},
    "sort_stance": {"nl": "standpunt", "en": "stance"},
    "n_links": {"nl": "{n} bewijslinks", "en": "{n} evidence links"},
    "n_links_one": {"nl": "{n} bewijslink", "en": "{n} evidence link"},
    "n_links_of": {
        "nl": "{n} van {total} bewijslinks (pagina {page} van {pages})",
        "en": "{n} of {total} evidence links (page {page} of {pages})",
    },
    "n_claims_page": {"nl": "Beweringen, pagina {page}", "en": "Claims, page {page}"},
    "no_rows": {
        "nl": "Geen bewijs past bij deze filters. Wis een filter om meer te zien.",
        "en": "No evidence matches these filters. Clear a filter to see more.",
    },
    "select_row": {
        "nl": "Kies een rij om de bewering en de bron te openen.",
        "en": "Select a row to open its claim and reference.",
    },
    "open_claim": {"nl": "Open bewering", "en": "Open claim"},
    "open_reference": {"nl": "Open bron", "en": "Open reference"},
    "open": {"nl": "Open", "en": "Open"},
    "open_topic": {"nl": "Open onderwerp", "en": "Open topic"},
    "open_in_explore": {"nl": "Open in Verkennen", "en": "Open in Explore"},
    "prev_page": {"nl": "Vorige", "en": "Previous"},
    "next_page": {"nl": "Volgende", "en": "Next"},
    "page_n": {"nl": "Pagina {page}", "en": "Page {page}"},
    "unknown_topic": {
        "nl": "Onbekend onderwerp {value!r} in de URL: dat filter is genegeerd.",
        "en": "Unknown topic {value!r} in the URL: that filter was ignored.",
    },
    "unknown_value": {
        "nl": "Onbekende waarde {value!r} voor {what} in de URL: genegeerd.",
        "en": "Unknown value {value!r} for {what} in the URL: ignored.",
    },
    "bad_year": {
        "nl": "Jaar {value!r} in de URL is geen jaartal: genegeerd.",
        "en": "Year {value!r} in the URL is not a year: ignored.",
    },
    "bad_year_range": {
        "nl": "Het jaarbereik {y0}-{y1} is leeg: de jaren zijn genegeerd.",
        "en": "The year range {y0}-{y1} is empty: the years were ignored.",
    },
    "search_problem": {"nl": "Zoeken lukt niet: {error}", "en": "Cannot search: {error}"},
    # columns
    "col_claim": {"nl": "Bewering", "en": "Claim"},
    "col_stance": {"nl": "Standpunt", "en": "Stance"},
    "col_reference": {"nl": "Bron", "en": "Reference"},
    "col_authors": {"nl": "Auteurs", "en": "Authors"},
    "col_year": {"nl": "Jaar", "en": "Year"},
    "col_title": {"nl": "Titel", "en": "Title"},
    "col_locator": {"nl": "Vindplaats", "en": "Locator"},
    "col_quote": {"nl": "Citaat", "en": "Quote"},
    "col_design": {"nl": "Opzet", "en": "Design"},
    "col_population": {"nl": "Populatie", "en": "Population"},
    "col_certainty": {"nl": "Zekerheid", "en": "Certainty"},
    "col_verification": {"nl": "Verificatie", "en": "Verification"},
    "col_topics": {"nl": "Onderwerpen", "en": "Topics"},
    "col_kind": {"nl": "Soort", "en": "Kind"},
    "col_references": {"nl": "Bronnen", "en": "References"},
    "col_evidence": {"nl": "Bewijslinks", "en": "Evidence links"},
    "col_claims": {"nl": "Beweringen", "en": "Claims"},
    "col_shared_by": {"nl": "Gedeeld door", "en": "Shared by"},
    "col_topic": {"nl": "Onderwerp", "en": "Topic"},
    # export
    "export": {"nl": "Downloaden", "en": "Download"},
    "export_intro": {
        "nl": "Bestanden worden pas gemaakt als je erom vraagt, met precies de filters van deze pagina.",
        "en": "Files are made only when you ask, with exactly this page's filters.",
    },
    "export_table": {"nl": "Tabel", "en": "Table"},
    "export_references": {"nl": "Bronnen", "en": "References"},
    "apa_list": {"nl": "APA-literatuurlijst", "en": "APA reference list"},
    "export_too_big": {
        "nl": "De selectie telt {n} bewijslinks; meer dan {max} kan niet worden geëxporteerd. "
        "Verfijn de filters eerst.",
        "en": "The selection has {n} evidence links; more than {max} cannot be exported. "
        "Narrow the filters first.",
    },
    "export_nothing": {"nl": "Niets om te downloaden.", "en": "Nothing to download."},
    # topics
    "topics_title": {"nl": "Onderwerpen", "en": "Topics"},
    "topics_intro": {
        "nl": "De onderwerpenboom met het aantal beweringen en bronnen (subonderwerpen inbegrepen).",
        "en": "The topic tree with the number of claims and references (subtopics included).",
    },
    "n_claims_refs": {
        "nl": "{claims} beweringen · {refs} bronnen",
        "en": "{claims} claims · {refs} references",
    },
    "all_topics": {"nl": "Alle onderwerpen", "en": "All topics"},
    "subtopics": {"nl": "Subonderwerpen", "en": "Subtopics"},
    "claims_in_topic": {"nl": "Beweringen", "en": "Claims"},
    "no_claims": {"nl": "Geen beweringen bij dit onderwerp.", "en": "No claims under this topic."},
    "more_claims": {
        "nl": "Meer dan {n} beweringen: verfijn in Verkennen.",
        "en": "More than {n} claims: narrow them down in Explore.",
    },
    # claim
    "claim_title": {"nl": "Bewering", "en": "Claim"},
    "choose_claim": {"nl": "Kies een bewering", "en": "Choose a claim"},
    "statement_other": {"nl": "In het Engels", "en": "In Dutch"},
    "balance": {"nl": "Balans van het bewijs", "en": "Balance of the evidence"},
    "evidence_by_stance": {"nl": "Bewijs per standpunt", "en": "Evidence by stance"},
    "references_apa": {"nl": "Literatuur (APA 7)", "en": "References (APA 7)"},
    "note": {"nl": "Toelichting", "en": "Note"},
    "rationale": {"nl": "Waarom gekoppeld", "en": "Why linked"},
    "provenance": {"nl": "Herkomst", "en": "Provenance"},
    "stated-in-source": {"nl": "staat in de bron", "en": "stated in the source"},
    "curator-linked": {"nl": "gekoppeld door redactie", "en": "linked by curators"},
    "sample_size": {"nl": "Steekproef", "en": "Sample size"},
    "setting": {"nl": "Context", "en": "Setting"},
    # reference
    "reference_title": {"nl": "Bron", "en": "Reference"},
    "find_reference": {
        "nl": "Zoek een bron (titel, auteur of sleutel)",
        "en": "Find a reference (title, author or key)",
    },
    "choose_reference": {"nl": "Kies een bron", "en": "Choose a reference"},
    "apa_reference": {"nl": "Literatuurverwijzing (APA 7)", "en": "Reference (APA 7)"},
    "in_text": {"nl": "Verwijzing in de tekst", "en": "In-text citation"},
    "bibtex": {"nl": "BibTeX", "en": "BibTeX"},
    "abstract": {"nl": "Samenvatting", "en": "Abstract"},
    "verification": {"nl": "Verificatie", "en": "Verification"},
    "claims_of_reference": {
        "nl": "Beweringen waarover deze bron iets zegt",
        "en": "Claims this reference bears on",
    },
    "no_claims_of_reference": {
        "nl": "Deze bron is nog aan geen bewering gekoppeld.",
        "en": "This reference is not linked to any claim yet.",
    },
    # compare
    "compare_title": {"nl": "Vergelijken", "en": "Compare"},
    "compare_intro": {
        "nl": "Kies 2 tot 4 onderwerpen of beweringen en zie hun bewijs naast elkaar.",
        "en": "Choose 2 to 4 topics or claims and see their evidence side by side.",
    },
    "compare_what": {"nl": "Vergelijk", "en": "Compare"},
    "compare_topics": {"nl": "onderwerpen", "en": "topics"},
    "compare_claims": {"nl": "beweringen", "en": "claims"},
    "compare_pick": {"nl": "Kies 2 tot 4", "en": "Choose 2 to 4"},
    "compare_need_more": {"nl": "Kies er nog minstens {n}.", "en": "Choose at least {n} more."},
    "by_stance": {"nl": "Per standpunt", "en": "By stance"},
    "by_design": {"nl": "Per onderzoeksopzet", "en": "By study design"},
    "by_certainty": {"nl": "Per zekerheid", "en": "By certainty"},
    "by_year": {"nl": "Per jaar", "en": "By year"},
    "shared_refs": {"nl": "Gedeelde en unieke bronnen", "en": "Shared and unique references"},
    "shared_by_all": {
        "nl": "{n} bronnen gedeeld door alle gekozen items; {total} bronnen in totaal.",
        "en": "{n} references shared by all chosen items; {total} references in all.",
    },
    "overlap_items": {"nl": "Gekozen items", "en": "Items"},
    "comparison_csv": {"nl": "Vergelijking (CSV)", "en": "Comparison (CSV)"},
    # evidence map
    "map_title": {"nl": "Bewijskaart", "en": "Evidence map"},
    "map_intro": {
        "nl": "Onderwerpen (rijen) tegen standpunt of onderzoeksopzet (kolommen): elk vak telt de "
        "bronnen, gekleurd naar de balans (groen: ondersteunend, rood: weersprekend). Klik op een "
        "vak om het bewijs in Verkennen te openen.",
        "en": "Topics (rows) by stance or study design (columns): each cell counts the references, "
        "coloured by the balance (green: supporting, red: contradicting). Click a cell to open its "
        "evidence in Explore.",
    },
    "map_by": {"nl": "Kolommen", "en": "Columns"},
    "map_depth": {"nl": "Onderwerpniveaus", "en": "Topic levels"},
    "map_all_levels": {"nl": "alle", "en": "all"},
    "map_legend": {
        "nl": "Groen: het bewijs ondersteunt; rood: het weerspreekt; geel: verdeeld; grijs: alleen genoemd.",
        "en": "Green: the evidence supports; red: it contradicts; yellow: divided; grey: only mentioned.",
    },
    "references_total": {"nl": "Bronnen (totaal)", "en": "References (all)"},
}

#: The dashboard's short names for the library's vocabularies (they double as URL parameter names).
VOCAB: dict[str, dict[str, dict[str, str]]] = {
    short: LABELS[name]
    for short, name in (("stance", "stance"), ("design", "study_design"), ("cert", "certainty"),
                        ("verif", "verification_status"), ("type", "entry_type"), ("kind", "kind"),
                        ("language", "language"))
}  # fmt: skip


def t(key: str, lang: str, **values: object) -> str:
    """The interface text ``key`` in ``lang``, with ``{placeholders}`` filled from ``values``."""
    text = STRINGS[key][lang if lang in LANGS else "en"]
    return text.format(**values) if values else text


def t_count(key: str, lang: str, n: int) -> str:
    """``key`` for a count: the ``<key>_one`` text when there is exactly one ("1 evidence link")."""
    return t(f"{key}_one" if n == 1 and f"{key}_one" in STRINGS else key, lang, n=f"{n:,}")


def label(vocab: str, value: str | None, lang: str) -> str:
    """A vocabulary value as people read it; unknown values are shown as they are."""
    if value is None:
        value = "(none)"
    names = VOCAB.get(vocab, {}).get(value)
    return names[lang if lang in LANGS else "en"] if names else value
