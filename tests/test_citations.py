"""APA 7 citations and reference lists, English and Dutch, as exact strings.

Where pandoc or the style departs from APA 7, the test pins what they do and says so (see the module
docstring of evidence/citations.py), so that an upgrade that changes it is noticed.
"""

from __future__ import annotations

import random
import re
import shutil
import time
from pathlib import Path

import pytest

from evidence import citations
from evidence.citations import BibEntry, CitationError, bibliography, cite_all
from evidence.errors import EvidenceError
from evidence.records import Contributor, Name, Record


def person(family: str, given: str, particle: str | None = None) -> dict[str, str]:
    name = {"family": family, "given": given}
    if particle:
        name["non-dropping-particle"] = particle
    return name


BARAK = {
    "id": "barak2008",
    "type": "article-journal",
    "title": "A comprehensive review and a meta-analysis of the effectiveness of internet-based "
    "psychotherapeutic interventions",
    "author": [
        person("Barak", "Azy"),
        person("Hen", "Liat"),
        person("Boniel-Nissim", "Meyran"),
        person("Shapira", "Na'ama"),
    ],
    "container-title": "Journal of Technology in Human Services",
    "volume": "26",
    "issue": "2/4",
    "page": "109-160",
    "DOI": "10.1080/15228830802094429",
    "issued": {"date-parts": [[2008]]},
}
# Two works by the same authors in the same year: suffixes follow title order ("Online" < "Samenvatting").
SHEOMBAR_SUMMARY = {
    "id": "sheombar2019samenvatting",
    "type": "chapter",
    "title": "Samenvatting: Online sociaal werk of online jongerenwerk",
    "author": [person("Sheombar", "Anand"), person("Beek", "Gijs", "van")],
    "container-title": "Online jongerenwerk: Hoe doe je dat goed?",
    "issued": {"date-parts": [[2019, 5]]},
}
SHEOMBAR_REPORT = {
    "id": "sheombar2019jongerenwerk",
    "type": "report",
    "title": "Online jongerenwerk",
    "author": [person("Sheombar", "Anand"), person("Beek", "Gijs", "van")],
    "publisher": "Hogeschool Utrecht",
    "issued": {"date-parts": [[2019]]},
}
NJI = {
    "id": "nji",
    "type": "webpage",
    "title": "Wat werkt bij online hulpverlening",
    "author": [{"literal": "Nederlands Jeugdinstituut"}],
    "URL": "https://www.nji.nl/online-hulpverlening",
}
NJI_ACCESSED = {
    "id": "nji-cijfers",
    "type": "webpage",
    "title": "Jeugdhulp in cijfers",
    "author": [{"literal": "Nederlands Jeugdinstituut"}],
    "URL": "https://www.nji.nl/cijfers",
    "accessed": {"date-parts": [[2021, 3, 5]]},
}
JANSEN = {
    "id": "jansen2018",
    "type": "chapter",
    "title": "Online hulpverlening",
    "author": [person("Jansen", "Piet")],
    "editor": [person("Smit", "Anna"), person("Bos", "Kees")],
    "container-title": "Handboek jeugd",
    "page": "12-30",
    "publisher": "Bohn Stafleu van Loghum",
    "edition": "2",
    "issued": {"date-parts": [[2018]]},
}
SULER = {
    "id": "suler2004",
    "type": "article-journal",
    "title": "The online disinhibition effect",
    "author": [person("Suler", "John")],
    "container-title": "CyberPsychology & Behavior",
    "volume": "7",
    "issue": "3",
    "page": "321-326",
    "DOI": "10.1089/1094931041291295",
    "issued": {"date-parts": [[2004]]},
}
KING = {
    "id": "king2010",
    "type": "book",
    "title": "Two authors",
    "publisher": "Sage",
    "author": [person("King", "Ann"), person("Lee", "Bo")],
    "issued": {"date-parts": [[2010]]},
}
MOSS = {
    "id": "moss2012",
    "type": "book",
    "title": "Three authors",
    "publisher": "Sage",
    "author": [person("Moss", "Ann"), person("Lee", "Bo"), person("Ng", "Cy")],
    "issued": {"date-parts": [[2012]]},
}

ITEMS = [SULER, BARAK, SHEOMBAR_SUMMARY, NJI, SHEOMBAR_REPORT, NJI_ACCESSED, JANSEN, KING, MOSS]

REFERENCES_EN = [
    "Barak, A., Hen, L., Boniel-Nissim, M., & Shapira, N. (2008). A comprehensive review and a "
    "meta-analysis of the effectiveness of internet-based psychotherapeutic interventions. Journal of "
    "Technology in Human Services, 26(2/4), 109–160. https://doi.org/10.1080/15228830802094429",
    "Jansen, P. (2018). Online hulpverlening. In A. Smit & K. Bos (Eds.), Handboek jeugd (2nd ed., "
    "pp. 12–30). Bohn Stafleu van Loghum.",
    "King, A., & Lee, B. (2010). Two authors. Sage.",
    "Moss, A., Lee, B., & Ng, C. (2012). Three authors. Sage.",
    "Nederlands Jeugdinstituut. (n.d.-a). Jeugdhulp in cijfers. Retrieved March 5, 2021, from "
    "https://www.nji.nl/cijfers",
    "Nederlands Jeugdinstituut. (n.d.-b). Wat werkt bij online hulpverlening. "
    "https://www.nji.nl/online-hulpverlening",
    "Sheombar, A., & van Beek, G. (2019a). Online jongerenwerk. Hogeschool Utrecht.",
    "Sheombar, A., & van Beek, G. (2019b). Samenvatting: Online sociaal werk of online jongerenwerk. "
    "In Online jongerenwerk: Hoe doe je dat goed?",
    "Suler, J. (2004). The online disinhibition effect. CyberPsychology & Behavior, 7(3), 321–326. "
    "https://doi.org/10.1089/1094931041291295",
]
# Dutch: "Red." and "2de dr.", "z.d.", "Geraadpleegd ... van"; "&" stays. The nl-NL locale's page-range
# delimiter is a hyphen (en-US: en dash).
REFERENCES_NL = [
    "Barak, A., Hen, L., Boniel-Nissim, M., & Shapira, N. (2008). A comprehensive review and a "
    "meta-analysis of the effectiveness of internet-based psychotherapeutic interventions. Journal of "
    "Technology in Human Services, 26(2/4), 109-160. https://doi.org/10.1080/15228830802094429",
    "Jansen, P. (2018). Online hulpverlening. In A. Smit & K. Bos (Red.), Handboek jeugd (2de dr., "
    "pp. 12-30). Bohn Stafleu van Loghum.",
    "King, A., & Lee, B. (2010). Two authors. Sage.",
    "Moss, A., Lee, B., & Ng, C. (2012). Three authors. Sage.",
    "Nederlands Jeugdinstituut. (z.d.-a). Jeugdhulp in cijfers. Geraadpleegd 5 maart 2021, van "
    "https://www.nji.nl/cijfers",
    "Nederlands Jeugdinstituut. (z.d.-b). Wat werkt bij online hulpverlening. "
    "https://www.nji.nl/online-hulpverlening",
    "Sheombar, A., & van Beek, G. (2019a). Online jongerenwerk. Hogeschool Utrecht.",
    "Sheombar, A., & van Beek, G. (2019b). Samenvatting: Online sociaal werk of online jongerenwerk. "
    "In Online jongerenwerk: Hoe doe je dat goed?",
    "Suler, J. (2004). The online disinhibition effect. CyberPsychology & Behavior, 7(3), 321-326. "
    "https://doi.org/10.1089/1094931041291295",
]
KEYS_IN_ORDER = [
    "barak2008",
    "jansen2018",
    "king2010",
    "moss2012",
    "nji-cijfers",
    "nji",
    "sheombar2019jongerenwerk",
    "sheombar2019samenvatting",
    "suler2004",
]


# --- reference list ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("locale", "expected"), [("en-US", REFERENCES_EN), ("nl-NL", REFERENCES_NL)])
def test_reference_list_is_apa_sorted_and_complete(locale: str, expected: list[str]) -> None:
    entries = bibliography(ITEMS, locale=locale)
    assert [e.text for e in entries] == expected
    assert [e.key for e in entries] == KEYS_IN_ORDER


def test_reference_list_html_and_markdown_have_italics_and_doi_links() -> None:
    barak = bibliography([BARAK])[0]
    assert barak == BibEntry(
        key="barak2008",
        text=REFERENCES_EN[0],
        html="Barak, A., Hen, L., Boniel-Nissim, M., &amp; Shapira, N. (2008). A comprehensive review and "
        "a meta-analysis of the effectiveness of internet-based psychotherapeutic interventions. "
        "<i>Journal of Technology in Human Services</i>, <i>26</i>(2/4), 109–160. "
        '<a href="https://doi.org/10.1080/15228830802094429">https://doi.org/10.1080/15228830802094429</a>',
        markdown="Barak, A., Hen, L., Boniel-Nissim, M., & Shapira, N. (2008). A comprehensive review and "
        "a meta-analysis of the effectiveness of internet-based psychotherapeutic interventions. "
        "*Journal of Technology in Human Services*, *26*(2/4), 109–160. "
        "<https://doi.org/10.1080/15228830802094429>",
    )
    assert barak.render("html") == barak.html


def test_up_to_twenty_authors_are_listed_then_first_nineteen_and_last() -> None:
    def team(first: str, n: int) -> dict:
        names = [person(f"{first}{i:02d}", "A.") for i in range(1, n + 1)]
        return {
            "id": first,
            "type": "book",
            "title": f"{n} authors",
            "author": names,
            "issued": {"date-parts": [[2020]]},
        }

    cites, entries = cite_all([team("Writer", 20), team("Author", 21)])
    twenty = ", ".join(f"Writer{i:02d}, A." for i in range(1, 20))
    nineteen = ", ".join(f"Author{i:02d}, A." for i in range(1, 20))
    # APA prints the omission as ". . ."; CSL's et-al-use-last gives one ellipsis character.
    assert [e.text for e in entries] == [
        f"{nineteen}, … Author21, A. (2020). 21 authors.",
        f"{twenty}, & Writer20, A. (2020). 20 authors.",
    ]
    assert cites == {"Writer": "(Writer01 et al., 2020)", "Author": "(Author01 et al., 2020)"}


def test_particles_sort_as_written_and_organisations_stay_whole() -> None:
    """The style never demotes particles: "de Vries" sorts under D and "van Beek" under V."""
    items = [
        {"id": "veen", "type": "book", "title": "V", "author": [person("Veen", "E.")]},
        {"id": "vanbeek", "type": "book", "title": "B", "author": [person("Beek", "G.", "van")]},
        {"id": "aa", "type": "book", "title": "A", "author": [person("Aa", "A.")]},
        {"id": "devries", "type": "book", "title": "D", "author": [person("Vries", "D.", "de")]},
        {"id": "dekker", "type": "book", "title": "K", "author": [person("Dekker", "K.")]},
        {"id": "nji", "type": "book", "title": "N", "author": [{"literal": "Nederlands Jeugdinstituut"}]},
        {"id": "bakker", "type": "book", "title": "B", "author": [person("Bakker", "B.")]},
    ]
    for item in items:
        item["issued"] = {"date-parts": [[2015]]}
    cites, entries = cite_all(items)
    assert [e.text for e in entries] == [
        "Aa, A. (2015). A.",
        "Bakker, B. (2015). B.",
        "de Vries, D. (2015). D.",
        "Dekker, K. (2015). K.",
        "Nederlands Jeugdinstituut. (2015). N.",
        "van Beek, G. (2015). B.",
        "Veen, E. (2015). V.",
    ]
    assert cites["vanbeek"] == "(van Beek, 2015)"
    assert cites["devries"] == "(de Vries, 2015)"
    assert cites["nji"] == "(Nederlands Jeugdinstituut, 2015)"


def test_record_to_csl_round_trip() -> None:
    record = Record(
        key="nji2021",
        type="report",
        title="Richtlijn online hulp",
        contributors=[Contributor(Name(literal="Nederlands Jeugdinstituut"))],
        year=2021,
        publisher="NJi",
        doi="10.1000/abc_(x)",
    )
    other = Record(
        key="vanbeek2019",
        type="report",
        title="Online jongerenwerk",
        contributors=[
            Contributor(Name(family="Beek", given="Gijs", particle="van")),
            Contributor(Name(family="Sheombar", given="Anand")),
        ],
        date="2019-05",
    )
    cites, entries = cite_all([record.to_csl(), other.to_csl()], locale="nl-NL")
    assert cites == {
        "nji2021": "(Nederlands Jeugdinstituut, 2021)",
        "vanbeek2019": "(van Beek & Sheombar, 2019)",
    }
    assert [e.markdown for e in entries] == [
        "Nederlands Jeugdinstituut. (2021). *Richtlijn online hulp*. NJi. <https://doi.org/10.1000/abc_(x)>",
        "van Beek, G., & Sheombar, A. (2019). *Online jongerenwerk*.",
    ]


# --- in-text citations ------------------------------------------------------------------------------

PARENTHETICAL = {
    "barak2008": "(Barak et al., 2008)",
    "sheombar2019samenvatting": "(Sheombar & van Beek, 2019b)",
    "sheombar2019jongerenwerk": "(Sheombar & van Beek, 2019a)",
    "nji": "(Nederlands Jeugdinstituut, n.d.-b)",
    "nji-cijfers": "(Nederlands Jeugdinstituut, n.d.-a)",
    "jansen2018": "(Jansen, 2018)",
    "suler2004": "(Suler, 2004)",
    "king2010": "(King & Lee, 2010)",
    "moss2012": "(Moss et al., 2012)",
}


@pytest.mark.parametrize("locale", ["en-US", "nl-NL"])
def test_cite_all_gives_every_parenthetical_citation_and_the_reference_list(locale: str) -> None:
    cites, entries = cite_all(ITEMS, locale=locale)
    expected = PARENTHETICAL
    if locale == "nl-NL":
        expected = {k: v.replace("n.d.", "z.d.") for k, v in PARENTHETICAL.items()}
    assert cites == expected
    assert [e.text for e in entries] == (REFERENCES_EN if locale == "en-US" else REFERENCES_NL)


@pytest.mark.parametrize("locale", ["en-US", "nl-NL"])
def test_parenthetical_citations_use_ampersand_and_et_al_from_the_first_citation(locale: str) -> None:
    keys = ["moss2012", "king2010", "barak2008", "sheombar2019samenvatting"]
    assert citations.citations(ITEMS, keys, locale=locale) == [
        "(Moss et al., 2012)",
        "(King & Lee, 2010)",
        "(Barak et al., 2008)",
        "(Sheombar & van Beek, 2019b)",
    ]


def test_year_suffixes_count_all_items_not_only_the_cited_ones() -> None:
    # Only the "b" work is cited; its suffix matches the reference list over the same items.
    assert citations.citations(ITEMS, ["sheombar2019samenvatting"]) == ["(Sheombar & van Beek, 2019b)"]
    # Without its sibling among the items, there is nothing to disambiguate.
    assert citations.citations([SHEOMBAR_SUMMARY], ["sheombar2019samenvatting"]) == [
        "(Sheombar & van Beek, 2019)"
    ]


def test_several_works_in_one_parenthetical_citation() -> None:
    group = ["sheombar2019samenvatting", "suler2004", "barak2008", "sheombar2019jongerenwerk"]
    assert citations.citations(ITEMS, [group]) == [
        "(Barak et al., 2008; Sheombar & van Beek, 2019a, 2019b; Suler, 2004)"
    ]
    assert citations.citations(ITEMS, [("nji", "nji-cijfers")], locale="nl-NL") == [
        "(Nederlands Jeugdinstituut, z.d.-a, z.d.-b)"
    ]


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        (
            "en-US",
            [
                "Barak et al. (2008)",
                "Sheombar and van Beek (2019b)",
                "King and Lee (2010)",
                "Nederlands Jeugdinstituut (n.d.-b)",
                "Sheombar and van Beek (2019a, 2019b), Barak et al. (2008), and Suler (2004)",
            ],
        ),
        (
            "nl-NL",
            [
                "Barak et al. (2008)",
                "Sheombar en van Beek (2019b)",
                "King en Lee (2010)",
                "Nederlands Jeugdinstituut (z.d.-b)",
                "Sheombar en van Beek (2019a, 2019b), Barak et al. (2008) en Suler (2004)",
            ],
        ),
    ],
)
def test_narrative_citations_use_the_word_and(locale: str, expected: list[str]) -> None:
    keys = [
        "barak2008",
        "sheombar2019samenvatting",
        "king2010",
        "nji",
        ["sheombar2019samenvatting", "barak2008", "sheombar2019jongerenwerk", "suler2004"],
    ]
    assert citations.citations(ITEMS, keys, locale=locale, narrative=True) == expected


def test_same_surname_first_authors_get_initials_even_in_different_years() -> None:
    items = [
        {
            "id": "a",
            "type": "book",
            "title": "A",
            "author": [person("Kuip", "Anna")],
            "issued": {"date-parts": [[2010]]},
        },
        {
            "id": "b",
            "type": "book",
            "title": "B",
            "author": [person("Kuip", "Bert")],
            "issued": {"date-parts": [[2012]]},
        },
        {
            "id": "c",
            "type": "book",
            "title": "C",
            "author": [person("Kuipers", "Carl")],
            "issued": {"date-parts": [[2012]]},
        },
    ]
    assert cite_all(items)[0] == {"a": "(A. Kuip, 2010)", "b": "(B. Kuip, 2012)", "c": "(Kuipers, 2012)"}


def test_et_al_is_expanded_when_two_works_would_look_the_same() -> None:
    items = [
        {
            "id": "x",
            "type": "book",
            "title": "X",
            "issued": {"date-parts": [[2008]]},
            "author": [person("Barak", "Azy"), person("Hen", "Liat"), person("Suler", "John")],
        },
        {
            "id": "y",
            "type": "book",
            "title": "Y",
            "issued": {"date-parts": [[2008]]},
            "author": [person("Barak", "Azy"), person("Smith", "Jo"), person("Jones", "Kay")],
        },
    ]
    assert cite_all(items)[0] == {"x": "(Barak, Hen, et al., 2008)", "y": "(Barak, Smith, et al., 2008)"}


def test_known_departure_particles_are_ignored_in_given_name_disambiguation() -> None:
    """APA adds initials only for first authors with the same surname; "Beek" and "van Beek" are
    different surnames, but pandoc's citeproc compares family names without particles."""
    items = [
        {
            "id": "a",
            "type": "book",
            "title": "A",
            "author": [person("Beek", "Anna")],
            "issued": {"date-parts": [[2010]]},
        },
        {
            "id": "b",
            "type": "book",
            "title": "B",
            "author": [person("Beek", "Bob", "van")],
            "issued": {"date-parts": [[2011]]},
        },
    ]
    assert cite_all(items)[0] == {"a": "(A. Beek, 2010)", "b": "(B. van Beek, 2011)"}


def test_known_departure_names_added_to_citations_also_show_in_the_reference_list() -> None:
    """Two 21-author works that differ only in the last author: the citations must list all names
    to tell them apart, and pandoc then lists all 21 in the reference entry too (APA: 19, ..., last)."""

    def team(n: int) -> dict:
        names = [person(f"Author{i:02d}", "A.") for i in range(1, n + 1)]
        return {
            "id": f"t{n}",
            "type": "book",
            "title": f"{n} authors",
            "author": names,
            "issued": {"date-parts": [[2020]]},
        }

    cites, entries = cite_all([team(21), team(20)])
    assert cites["t20"].startswith("(Author01, Author02, Author03, ") and cites["t20"].endswith(
        "Author19, & Author20, 2020)"
    )
    assert entries[1].text.endswith("Author19, A., Author20, A., & Author21, A. (2020). 21 authors.")


def test_citation_formats_for_a_work_without_author() -> None:
    dictionary = {
        "id": "mw",
        "type": "book",
        "title": "Merriam-Webster's collegiate dictionary",
        "edition": "11",
        "publisher": "Merriam-Webster",
        "issued": {"date-parts": [[2020]]},
    }
    assert citations.citations([dictionary], ["mw"], fmt="html") == [
        "(<i>Merriam-Webster's Collegiate Dictionary</i>, 2020)"
    ]
    assert citations.citations([dictionary], ["mw"], fmt="markdown", narrative=True) == [
        "*Merriam-Webster's Collegiate Dictionary* (2020)"
    ]
    assert bibliography([dictionary])[0].text == (
        "Merriam-Webster's collegiate dictionary (11th ed.). (2020). Merriam-Webster."
    )


# --- literal content --------------------------------------------------------------------------------


def test_markup_characters_in_the_data_come_out_literally() -> None:
    item = {
        "id": "odd [@x]",
        "type": "article-journal",
        "title": "A *star* <i>it</i> _u_ [@x] a < b & c $x$ | `code`",
        "author": [person("O'Brien", "Seán")],
        "container-title": "J <b>",
        "issued": {"date-parts": [[2001]]},
        "URL": "https://example.org/a_b?x=1&y=2",
    }
    cites, [entry] = cite_all([item])
    assert cites == {"odd [@x]": "(O'Brien, 2001)"}
    assert entry.key == "odd [@x]"
    assert entry.text == (
        "O'Brien, S. (2001). A *star* <i>it</i> _u_ [@x] a < b & c $x$ | `code`. J <b>. "
        "https://example.org/a_b?x=1&y=2"
    )
    assert entry.html == (
        "O'Brien, S. (2001). A *star* &lt;i&gt;it&lt;/i&gt; _u_ [@x] a &lt; b &amp; c $x$ | `code`. "
        '<i>J &lt;b&gt;</i>. <a href="https://example.org/a_b?x=1&amp;y=2">https://example.org/a_b?x=1&amp;y=2</a>'
    )
    assert entry.markdown == (
        r"O'Brien, S. (2001). A \*star\* \<i\>it\</i\> \_u\_ \[\@x\] a \< b & c \$x\$ \| \`code\`. "
        r"*J \<b\>*. <https://example.org/a_b?x=1&y=2>"
    )


def test_markdown_output_reads_back_as_the_same_runs() -> None:
    """The table exports parse entries back into styled runs; Markdown and HTML must agree."""
    from evidence.tables.richtext import runs_from_html, runs_from_markdown

    odd = dict(BARAK, title="Stars * and _underscores_ and <tags> and [@cite]")
    for entry in bibliography([odd, NJI, SULER], locale="nl-NL"):
        assert runs_from_markdown(entry.markdown) == runs_from_html(entry.html)


# --- the vendored style and locales -------------------------------------------------------------------


def test_the_vendored_locale_is_the_one_used(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    csl = tmp_path / "csl"
    shutil.copytree(citations.CSL_DIR, csl)
    locale = csl / "locales-nl-NL.xml"
    text = locale.read_text(encoding="utf-8")
    assert '<term name="no date" form="short">z.d.</term>' in text
    locale.write_text(text.replace(">z.d.<", ">zonder-datum-test<"), encoding="utf-8")
    monkeypatch.setattr(citations, "CSL_DIR", csl)
    citations._style_xml.cache_clear()
    try:
        assert citations.citations([NJI], ["nji"], locale="nl-NL") == [
            "(Nederlands Jeugdinstituut, zonder-datum-test)"
        ]
    finally:
        citations._style_xml.cache_clear()


def test_the_vendored_style_is_apa_7_and_the_retrieved_fix_applies() -> None:
    style = (citations.CSL_DIR / "apa.csl").read_text(encoding="utf-8")
    assert "<title>APA Style 7th edition</title>" in style
    assert "<id>http://www.zotero.org/styles/apa</id>" in style
    assert citations._patch_retrieved(style) != style, "the 'Retrieved' adjustment no longer matches apa.csl"
    readme = (citations.CSL_DIR / "README.md").read_text(encoding="utf-8")
    assert "CC BY-SA 3.0" in readme


# --- errors -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: bibliography(ITEMS, style="chicago"),
            "unknown citation style 'chicago'; supported styles: apa; locales: en-US, nl-NL",
        ),
        (
            lambda: bibliography(ITEMS, locale="de-DE"),
            "unknown citation locale 'de-DE'; supported styles: apa; locales: en-US, nl-NL",
        ),
        (
            lambda: citations.citations(ITEMS, ["barak2008", "nope"]),
            "no item with citekey 'nope' among the items given",
        ),
        (lambda: citations.citations(ITEMS, [[]]), "an empty group of citekeys cannot be cited"),
        (
            lambda: bibliography([{"type": "book", "title": "x"}]),
            "item 1 has no 'id'; every CSL-JSON item needs its citekey as id",
        ),
        (lambda: bibliography([SULER, SULER]), "citekey 'suler2004' occurs more than once in the items"),
        (
            lambda: cite_all(ITEMS, fmt="rtf"),
            "unknown citation format 'rtf'; use one of: text, html, markdown",
        ),
    ],
)
def test_errors_say_what_is_supported(call, message: str) -> None:
    with pytest.raises(CitationError) as info:
        call()
    assert str(info.value) == message
    assert isinstance(info.value, EvidenceError)


def test_pandoc_failure_is_a_citation_error_with_its_message(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fake = tmp_path / "pandoc"
    fake.write_text("#!/bin/sh\ncat >/dev/null\necho 'pandoc: something broke' >&2\nexit 83\n")
    fake.chmod(0o755)
    _path, api = citations._pandoc()
    monkeypatch.setattr(citations, "_pandoc", lambda: (str(fake), api))
    with pytest.raises(CitationError, match="pandoc could not format the citations: pandoc: something broke"):
        bibliography(ITEMS)


def test_no_items_no_output() -> None:
    assert bibliography([]) == []
    assert cite_all([]) == ({}, [])


# --- large sets ---------------------------------------------------------------------------------------

_SURNAMES = ["Smith", "Jones", "Wang", "Li", "de Vries", "Jansen", "Beek", "Bakker", "Visser", "Mulder"]


def _generated(n: int, seed: int, distinct: int) -> list[dict]:
    rng = random.Random(seed)
    surnames = _SURNAMES + [f"Surname{i}" for i in range(distinct)]
    items = []
    for i in range(n):
        authors = [
            {"family": rng.choice(surnames), "given": rng.choice("ABCD") + "."}
            for _ in range(rng.randint(0, 4))
        ]
        item = {
            "id": f"gen{i}",
            "type": rng.choice(["article-journal", "book", "report", "webpage"]),
            "title": rng.choice(["The ", "A ", "On ", ""]) + f"study {rng.randint(0, 40)}",
            "container-title": "Journal",
            "volume": str(i % 30),
            "DOI": f"10.1000/gen.{i}",
        }
        if authors:
            item["author"] = authors
        if rng.random() > 0.1:
            item["issued"] = {"date-parts": [[rng.randint(2000, 2005)]]}
        items.append(item)
    return items


def test_split_runs_give_the_same_output_as_one_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """Large sets are formatted in several runs (clusters of related works); nothing may change."""
    items = _generated(160, seed=2, distinct=30)
    rng = random.Random(3)
    groups = [rng.sample([i["id"] for i in items], rng.randint(1, 3)) for _ in range(40)]

    def everything() -> tuple:
        return (
            cite_all(items, locale="nl-NL"),
            citations.citations(items, groups),
            citations.citations(items, groups, narrative=True),
        )

    monkeypatch.setattr(citations, "_BATCH_ITEMS", 10_000)
    one_run = everything()
    monkeypatch.setattr(citations, "_BATCH_ITEMS", 25)
    split = everything()
    assert split == one_run
    cites = one_run[0][0]
    assert any(re.search(r"\d{4}[a-z]\)$", c) for c in cites.values()), "the sample should need year suffixes"
    assert any(re.match(r"\([A-D]\. ", c) for c in cites.values()), "the sample should need initials"


def test_a_thousand_items() -> None:
    items = _generated(1000, seed=11, distinct=2000)
    started = time.perf_counter()
    cites, entries = cite_all(items)
    elapsed = time.perf_counter() - started
    assert len(cites) == 1000
    assert sorted(e.key for e in entries) == sorted(i["id"] for i in items)
    assert all(c.startswith("(") and c.endswith(")") for c in cites.values())
    print(f"cite_all over 1,000 items: {elapsed:.2f} s")
