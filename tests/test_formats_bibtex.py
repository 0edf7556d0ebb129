"""BibTeX / BibLaTeX: the real corpus files, a hand-written fixture per failure mode, round trips."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from evidence.errors import Problem
from evidence.formats import ParseResult
from evidence.formats.bibtex import parse, write
from evidence.formats.latex import decode, decode_verbatim, encode
from evidence.records import Contributor, Name, Record, SourceRecord

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "bibtex"

#: file -> (entries per the corpus README, keys of the entries that are problems)
CORPUS_FILES = {
    "xampl.bib": (36, ["whole-journal", "misc-minimal", "random-note-crossref"]),
    "tugboat.bib": (4839, ["Anonymous:TB10-3-445", "Anonymous:TB10-3-461", "Anonymous:TB12-2-124"]),
    "zotero-bbt-user-library-7166.bib": (7166, []),
}


@pytest.fixture(scope="module")
def corpus() -> dict[str, ParseResult]:
    return {name: parse((CORPUS / name).read_text(encoding="utf-8"), name) for name in CORPUS_FILES}


def by_key(result: ParseResult) -> dict[str, Record]:
    return {r.key: r for r in result.records}


def fixture(name: str) -> ParseResult:
    return parse((FIXTURES / name).read_text(encoding="utf-8"), name)


def without_lines(records: list[Record]) -> list[Record]:
    return [dataclasses.replace(r, line=None) for r in records]


# --- the real corpus ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_every_entry_is_a_record_or_a_problem(corpus: dict[str, ParseResult], name: str) -> None:
    result = corpus[name]
    count, problem_keys = CORPUS_FILES[name]
    assert result.count == count
    assert len(result.records) + len(result.problems) == count
    assert [p.key for p in result.problems] == problem_keys
    assert all(p.source == name and p.line for p in result.problems)


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_round_trip_gives_the_same_records(corpus: dict[str, ParseResult], name: str) -> None:
    first = corpus[name]
    text = write(first.records)
    again = parse(text, "written.bib")
    assert again.problems == []
    assert without_lines(again.records) == without_lines(first.records)  # source fields included
    assert write(again.records) == text  # idempotent, byte for byte


def test_xampl_problems_say_what_and_where(corpus: dict[str, ParseResult]) -> None:
    assert [str(p) for p in corpus["xampl.bib"].problems] == [
        "xampl.bib:43 (whole-journal): missing title; add a title field",
        "xampl.bib:226 (misc-minimal): missing title; add a title field",
        "xampl.bib:358 (random-note-crossref): missing title; add a title field",
    ]
    assert corpus["xampl.bib"].warnings == []


def test_xampl_crossref_children_inherit_from_their_parents(corpus: dict[str, ParseResult]) -> None:
    records = by_key(corpus["xampl.bib"])
    # the parent has no title (a problem), yet its child still inherits from it
    article = records["article-crossref"]
    assert (article.container_title, article.volume, article.issue, article.year, article.date) == (
        "G-Animal's Journal",
        "41",
        "7",
        1986,
        "1986-07",
    )
    assert article.extra["key"] == ""  # the child's own (empty) key overrides the parent's "GAJ"
    # BibLaTeX's mapping: a book part's booktitle is its parent book's title
    inbook = records["inbook-crossref"]
    assert inbook.container_title == "The Art of Computer Programming"
    assert inbook.publisher == "Addison-Wesley"
    assert inbook.names() == [Name(family="Knuth", given="Donald E.")]
    assert records["book-crossref"].publisher == "Addison-Wesley"
    collection = records["incollection-crossref"]
    assert [n.family for n in collection.names("editor")] == ["Lipcoll", "Lawrie", "Sameh"]
    assert (collection.container_title, collection.publisher, collection.date) == (
        "High Speed Computer and Algorithm Organization",
        "Academic Press",
        "1977-09",
    )
    paper = records["inproceedings-crossref"]
    assert paper.container_title == "Proc. Fifteenth Annual ACM Symposium on the Theory of Computing"
    assert paper.publisher_place == "Boston"
    assert paper.publisher is None  # its own organization = "" is present, so not inherited
    # inherited fields travel with the child, after its own
    assert [n for n, _ in paper.source.fields][:6] == [
        "crossref",
        "author",
        "title",
        "organization",
        "pages",
        "note",
    ]
    assert ("booktitle", "Proc. Fifteenth Annual ACM Symposium on the Theory of Computing") in (
        paper.source.fields
    )


def test_xampl_macros_concatenation_and_months(corpus: dict[str, ParseResult]) -> None:
    records = by_key(corpus["xampl.bib"])
    # "Proc. Fifteenth Annual ACM" # STOC, where STOC's value starts with a space
    assert records["inproceedings-minimal"].container_title == (
        "Proc. Fifteenth Annual ACM Symposium on the Theory of Computing"
    )
    assert records["proceedings-full"].extra["organization"] == ("The OX Association for Computing Machinery")
    assert records["inbook-full"].date == "1973-01-10"  # "10~" # jan
    assert records["manual-full"].date == "1986-04/1986-05"  # apr # "-" # may
    assert records["unpublished-full"].date == "1988-11/1988-12"  # nov # ", " # dec
    article = records["article-full"]
    assert article.date == "1986-07"
    assert ("month", "jul") in article.source.fields  # the macro stays a macro ...
    assert "  month = jul," in write([article]).splitlines()  # ... and is written bare
    # {\noopsort{1973c}}1981: the sort key is not part of the year
    assert records["book-full"].year == 1981
    assert records["whole-set"].date == "1968/1990"  # {\switchargs{--90}{1968}}


def test_xampl_accents_and_types(corpus: dict[str, ParseResult]) -> None:
    records = by_key(corpus["xampl.bib"])
    assert records["mastersthesis-minimal"].names()[0].given == "Édouard"
    assert [n.family for n in records["unpublished-full"].names()] == ["Ünderwood", "Ñet", "P̄ot"]
    assert records["techreport-full"].names()[0].family == "Térrific"
    assert records["techreport-full"].title == "An O(n log n / log log n) Sorting Algorithm"
    assert records["phdthesis-full"].title == "Fighting Fire with Fire: Festooning French Phrases"
    types = {key: r.type for key, r in records.items()}
    assert types["article-full"] == "article-journal"
    assert types["inbook-full"] == types["incollection-full"] == "chapter"
    assert types["booklet-full"] == "pamphlet"
    assert types["manual-full"] == "report"
    assert types["inproceedings-full"] == "paper-conference"
    assert types["proceedings-full"] == "book"
    assert types["misc-full"] == "document"
    assert types["unpublished-full"] == "manuscript"
    assert (records["mastersthesis-minimal"].genre, records["phdthesis-minimal"].genre) == (
        "Master's thesis",
        "PhD thesis",
    )
    assert records["phdthesis-full"].genre == "PhD Dissertation"  # its own type field
    assert records["techreport-full"].extra["number"] == "7"  # a report number is not an issue
    assert records["inbook-full"].extra["type"] == "Section"  # in a chapter, type is not a genre


def test_tugboat_names_accents_and_macros(corpus: dict[str, ParseResult]) -> None:
    records = by_key(corpus["tugboat.bib"])
    assert records["Laan:TB9-3-271"].names()[0] == Name(family="Laan", given="C. G.", particle="van der")
    assert records["Bechtolsheim:TB10-3-329"].names() == [
        Name(family="Bechtolsheim", given="Stephan", particle="von")
    ]
    # "Harry L. {Baldwin, Jr.}": the braces make "Baldwin, Jr." one family name, as in BibTeX
    assert records["Baldwin:TB13-3-272"].names() == [Name(family="Baldwin, Jr.", given="Harry L.")]
    assert records["Jurgensen:TB5-2-91"].names()[0].family == "Jürgensen"
    assert [n.family for n in records["Lawson:TB2-1-20"].names()] == ["Lawson", "Zabala", "Díaz"]
    assert records["Spivak:TB1-1-10"].title == "AMS-TeX—“A very friendly product”"
    palais = records["Palais:TB1-1-3"]
    assert palais.line == 289
    assert (palais.container_title, palais.volume, palais.issue, palais.pages, palais.date) == (
        "TUGboat",
        "1",
        "1",
        "3–7",
        "1980-10",
    )
    assert ("pages", "3--7") in palais.source.fields
    assert palais.issn == "0896-3207"
    assert palais.url == "https://tug.org/TUGboat/tb01-1/tb01pres.pdf"
    # every other field is kept raw, under its lower-cased name; ack-bnb # " and " # ack-nhfb
    assert palais.extra["issn-l"] == "0896-3207"
    assert palais.extra["journal-url"] == "https://tug.org/TUGboat/"
    assert palais.extra["issue"] == "1"
    acknowledgement = palais.extra["acknowledgement"]
    assert acknowledgement.startswith("Barbara N. Beeton, American Mathematical Society,")
    assert " and Nelson H. F. Beebe, University of Utah," in acknowledgement


def test_tugboat_duplicate_fields_are_problems(corpus: dict[str, ParseResult]) -> None:
    problems = corpus["tugboat.bib"].problems
    assert str(problems[0]) == (
        'tugboat.bib:21126 (Anonymous:TB10-3-445): field "acknowledgement", "bibsource" appears '
        "more than once in this entry; keep one"
    )
    assert problems[1].line == 21150


def test_zotero_library_case_protection_names_and_accents(corpus: dict[str, ParseResult]) -> None:
    records = by_key(corpus["zotero-bbt-user-library-7166.bib"])
    abbasi = records["abbasi_2013"]
    assert abbasi.title == (
        "The Fabrication of White Light-Emitting Diodes Using the "
        "n-ZnO/NiO/p-GaN Heterojunction with Enhanced Luminescence."
    )
    assert abbasi.publisher == "Nanoscale Research Letters"  # {{...}} around a publisher
    assert abbasi.extra == {"pmid": "23849302"}
    assert abbasi.container_title == "Nanoscale Res. Lett."
    assert abbasi.date == "2013-01"
    assert records["abdollahi_2018"].names()[1] == Name(family="Vásquez-Sancho", given="Fabián")
    assert records["abdollahi_2018"].extra["archiveprefix"] == "arXiv"
    # Better BibTeX braces family names with particles: "van" is then part of the family name
    assert Name(family="van Helvoort", given="Antonius T J") in records["ahtapodov_2012"].names()
    assert records["ahtapodov_2012"].names()[3].family == "Mjåland"
    assert records["adomi_1991"].names()[-1] == Name(family="Morkoç", given="Hadis")
    # a brace-wrapped person is, by BibTeX's rules, a literal name
    assert records["arunv.thathachary_2014"].names()[0] == Name(literal="Arun V. Thathachary")
    assert records["adachi_2013"].title.endswith("Using a Ga–Al Flux")  # \textendash{}
    assert records["Abrashuly_2019"].doi == "10.1103/physrevapplied.11.014051"


# --- fixtures ----------------------------------------------------------------------------------


def test_malformed_file_reports_each_bad_entry_and_keeps_the_good_ones() -> None:
    result = fixture("malformed.bib")
    assert [r.key for r in result.records] == ["good1", "good2", "good3"]
    assert result.count == 6
    assert [(p.line, p.key) for p in result.problems] == [(10, "broken1"), (22, "broken2"), (26, "notitle")]
    assert result.problems[0].message.startswith("could not read this entry (Unexpected block start")
    assert result.problems[0].message.endswith("check its braces, quotes and commas")
    assert result.problems[2].message == "missing title; add a title field"
    assert [str(w) for w in result.warnings] == [
        'malformed.bib:31 (good3): undefined @string macro "undefinedmacro" in field "journal"; '
        'kept as the text "undefinedmacro"'
    ]
    assert by_key(result)["good3"].container_title == "undefinedmacro"


def test_duplicate_keys_fields_and_macros() -> None:
    result = fixture("duplicates.bib")
    assert [r.key for r in result.records] == ["smith2020", "later2021"]
    assert result.count == 5
    assert result.problems == [
        Problem(
            'field "title" appears more than once in this entry; keep one', "duplicates.bib", 10, "jones2019"
        ),
        Problem(
            'duplicate citekey "smith2020" (first defined on line 3); rename one of them',
            "duplicates.bib",
            17,
            "smith2020",
        ),
        # BibTeX field names are case-insensitive, bibtexparser's are not
        Problem(
            'field "title" appears more than once in this entry; keep one', "duplicates.bib", 23, "case2018"
        ),
    ]
    records = by_key(result)
    assert records["smith2020"].title == "The first smith2020"
    # a macro redefined later takes effect from there on, as in BibTeX (and case-insensitively)
    assert (records["smith2020"].publisher, records["later2021"].publisher) == ("First Press", "Second Press")
    assert [w.message for w in result.warnings] == [
        '@string "PUB" is defined again (first on line 1); the new value is used from here on'
    ]


def test_latin1_file_parses_once_decoded() -> None:
    data = (FIXTURES / "latin1.bib").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # the fixture really is Latin-1, for the import tests
    result = parse(data.decode("latin-1"), "latin1.bib")
    assert result.problems == []
    record = result.records[0]
    assert record.names() == [Name(family="Müller", given="Jürgen"), Name(family="Ångström", given="Åsa")]
    assert record.title == "Über die Größe der Änderung"
    assert (record.publisher, record.publisher_place) == ("Éditions Françaises", "Zürich")


def test_biblatex_fields() -> None:
    result = fixture("biblatex.bib")
    assert result.problems == []
    records = by_key(result)
    article = records["vanbeek2019"]
    assert article.title == "Online Hulpverlening: Een overzicht"
    assert article.container_title == "Tijdschrift voor Jeugdhulp"  # journaltitle
    assert (article.date, article.year) == ("2019/2020", 2019)
    assert article.issue == "3"
    assert article.pages == "45–67"
    assert article.language == "dutch"  # langid
    assert article.doi == "10.1234/abc.def"
    assert article.keywords == ["chat", "e-health", "jongeren"]
    assert article.verification_status == "verified"
    assert article.verification_note == "Checked against the PDF, p. 3"
    assert article.extra == {}
    assert article.names() == [
        Name(family="Beek", given="Gijs", particle="van"),
        Name(family="Vries", given="Anna", particle="de"),
    ]
    online = records["nji2021"]
    assert online.type == "webpage"
    assert online.names() == [Name(literal="Nederlands Jeugdinstituut")]
    assert (online.date, online.accessed) == ("2021-05", "2023-01-15")
    assert online.url == "https://www.nji.nl/chat_hulp"
    assert online.publisher == "Nederlands Jeugdinstituut"  # organization, for want of a publisher
    thesis = records["jansen2018"]
    assert (thesis.type, thesis.genre, thesis.publisher, thesis.publisher_place, thesis.date) == (
        "thesis",
        "PhD thesis",
        "Universiteit Utrecht",
        "Utrecht",
        "2018-06-01",
    )
    report = records["trimbos2017"]
    assert (report.type, report.genre, report.date) == ("report", "Research report", "2017-05")
    assert report.extra == {"number": "R-123"}
    paper = records["lee2016"]
    assert paper.container_title == "Proceedings of the Conference on Things"  # parent's title
    assert (paper.publisher, paper.publisher_place, paper.year) == ("ACM", "New York", 2016)
    assert paper.names("editor") == [Name(family="Smith", given="Jane")]
    assert paper.doi is None  # a paper does not have its proceedings' DOI
    assert records["magazine2022"].type == "article-magazine"
    assert [(w.key, w.message) for w in result.warnings] == [
        ("orphan2016", 'crossref "missing-proceedings" is not in this file; nothing is inherited'),
        ("orphan2016", 'xref "also-missing" is not in this file'),
    ]


def test_names() -> None:
    record = fixture("names.bib").records[0]
    assert record.names() == [
        Name(family="Neumann", given="John", particle="von", suffix="Jr."),
        Name(family="Beek", given="Gijs", particle="van"),  # "Gijs van Beek"
        Name(family="Beek", given="Gijs", particle="van"),  # "van Beek, Gijs"
        Name(literal="Nederlands Jeugdinstituut"),
        Name(literal="World Health Organization"),  # double braces inside the field's braces
        Name(literal="Barnes and Noble"),  # an "and" inside braces does not split
        Name(family="Vallée Poussin", given="Charles Louis Xavier Joseph", particle="de la"),
        Name(family="Masterly", given="Édouard"),
        Name(family="Plato"),
        Name(literal="others"),  # BibTeX's et al., kept as a marker
    ]
    assert record.names("editor") == [Name(family="Beek", given="G. van")]
    line = next(x for x in write([record]).splitlines() if x.startswith("  author"))
    assert line.endswith("Plato and others},")


def test_canonical_file_is_written_back_unchanged() -> None:
    text = (FIXTURES / "canonical.bib").read_text(encoding="utf-8")
    result = parse(text, "canonical.bib")
    assert result.problems == [] and result.warnings == []
    assert write(result.records) == text
    lee = by_key(result)["lee2016"]
    assert lee.title == "A paper with 50% more $ and _underscores_"
    assert lee.extra == {"month": "Spring", "custom-field": r"kept verbatim: {\TeX}"}  # not a date
    assert lee.names()[1] == Name(family="Neumann", given="John", particle="von", suffix="Jr.")


def test_every_fixture_counts_every_entry() -> None:
    for path in sorted(FIXTURES.glob("*.bib")):
        result = parse(path.read_bytes().decode("utf-8", errors="replace"), path.name)
        assert len(result.records) + len(result.problems) == result.count, path.name


# --- writing -----------------------------------------------------------------------------------


def test_write_uses_the_records_verification_over_the_source() -> None:
    text = (FIXTURES / "canonical.bib").read_text(encoding="utf-8")
    record = parse(text).records[0]
    record.verification_status = "disputed"
    record.verification_note = "Page 4, not 3 & so on"
    lines = write([record]).splitlines()
    assert lines[-4:] == [
        "  keywords = {chat, e-health},",
        "  verification = {disputed},",
        r"  verificationnote = {Page 4, not 3 \& so on}",
        "}",
    ]
    record.verification_status = "unknown"
    record.verification_note = None
    assert "verification" not in write([record])
    book = parse(text).records[1]
    book.verification_status = "verified"
    assert write([book]).splitlines()[-2:] == ["  verification = {verified}", "}"]


def test_write_generates_bibtex_for_records_from_other_formats() -> None:
    record = Record(
        key="nji2021",
        type="report",
        title="Online hulp: 50% & meer -- ZnO en COVID-19",
        contributors=[
            Contributor(Name(literal="Nederlands Jeugdinstituut")),
            Contributor(Name(family="Beek", given="Gijs", particle="van")),
            Contributor(Name(family="Neumann", given="John", particle="von", suffix="Jr.")),
            Contributor(Name(family="de la Cruz", given="Ana")),
            Contributor(Name(literal="others")),
            Contributor(Name(family="Smith", given="A."), role="editor"),
        ],
        year=2021,
        date="2021-05",
        publisher="NJi",
        publisher_place="Utrecht",
        pages="12–15",
        genre="Factsheet",
        doi="10.1/abc_d",
        url="https://nji.nl/a_b?x=1%20",
        accessed="2023-01-02",
        keywords=["chat", "jongeren"],
        extra={"N1": "A note {with} braces", "custom": ["a", "b"]},
        verification_status="verified",
        verification_note="p. 3 ~ checked",
        source=SourceRecord(format="ris", entry_type="RPRT", fields=[("TY", "RPRT")]),
    )
    text = write([record])
    assert text == "\n".join(
        [
            "@techreport{nji2021,",
            "  author = {{Nederlands Jeugdinstituut} and van Beek, Gijs and von Neumann, Jr., John"
            " and {de la Cruz}, Ana and others},",
            "  editor = {Smith, A.},",
            r"  title = {Online hulp: 50\% \& meer -{}- {ZnO} en {COVID-19}},",
            "  pages = {12--15},",
            "  institution = {NJi},",
            "  address = {Utrecht},",
            "  year = {2021},",
            "  month = may,",
            "  type = {Factsheet},",
            "  doi = {10.1/abc_d},",
            "  url = {https://nji.nl/a_b?x=1%20},",
            "  urldate = {2023-01-02},",
            "  keywords = {chat, jongeren},",
            "  custom = {a, b},",
            r"  n1 = {A note \{with\} braces},",
            "  verification = {verified},",
            r"  verificationnote = {p. 3 \textasciitilde{} checked}",
            "}",
            "",
        ]
    )
    again = parse(text).records[0]
    for attr in (
        "type",
        "title",
        "year",
        "date",
        "publisher",
        "publisher_place",
        "pages",
        "genre",
        "doi",
        "url",
        "accessed",
        "keywords",
        "verification_status",
        "verification_note",
    ):
        assert getattr(again, attr) == getattr(record, attr), attr
    assert again.contributors == record.contributors
    assert write(parse(text).records) == text


def test_write_layout() -> None:
    records = [
        Record(key="a", type="book", title="One", year=2001),
        Record(key="b", type="thesis", title="Two", genre="Master's thesis", date="2019-05-03", year=2019),
    ]
    assert write(records) == (
        "@book{a,\n  title = {One},\n  year = {2001}\n}\n"
        "\n"
        "@mastersthesis{b,\n  title = {Two},\n  year = {2019},\n  date = {2019-05-03}\n}\n"
    )
    assert write([]) == ""


# --- LaTeX -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"{\"o}", "ö"),
        (r"Gro\ss e", "Große"),
        (r"{\'\i}", "í"),
        (r"Morko{\c c}", "Morkoç"),
        (r"{\v S}koda", "Škoda"),
        (r"\AA ngstr\"om", "Ångström"),
        (r"{{ZnO}} films", "ZnO films"),
        (r"A \& B", "A & B"),
        ("109--160", "109–160"),
        ("``quoted''", "“quoted”"),
        (r"{\TeX} hax and \TeX hax", "TeX hax and TeXhax"),  # TeX eats the space after a command
        (r"An {$O(n \log n)$} algorithm", "An O(n log n) algorithm"),
        (r"$^{13}$C", "13C"),
        (r"\emph{Nature} and \textbf{x}", "Nature and x"),
        (r"\XML{} and \acro{PDF}", "XML and PDF"),
        (r"Volume~2", "Volume 2"),
        (r"e-mail: \path|bnb@math.ams.org|", "e-mail: bnb@math.ams.org"),
        (r"DVIto\kern-.15em VDU", "DVItoVDU"),
        ("plain  text\n with  spaces", "plain text with spaces"),
    ],
)
def test_decode(latex: str, text: str) -> None:
    assert decode(latex) == text


def test_encode_round_trips_through_decode() -> None:
    text = r"A & B_c {x} 50% $5 #1 ~ ^ back\slash -- --- ``q''"
    assert decode(encode(text)) == text
    assert decode_verbatim(r"\url{https://a.org/b\_c}") == "https://a.org/b_c"


def test_an_edited_record_is_written_from_its_fields() -> None:
    records = fixture("canonical.bib").records
    paper = records[2]
    paper.title = "An edited title about ZnO"
    assert write([paper]) == "\n".join(
        [
            "@inproceedings{lee2016,",  # the entry type as read, not the CSL default
            "  author = {Lee, Kim and von Neumann, Jr., John},",
            "  title = {An edited title about {ZnO}},",
            "  booktitle = {Proceedings of the Conference on Things},",
            "  pages = {1--10},",
            "  year = {2016},",
            r"  custom-field = {kept verbatim: {\TeX}},",  # BibTeX's own extras stay LaTeX
            "  month = {Spring}",
            "}",
            "",
        ]
    )
    entries = (FIXTURES / "canonical.bib").read_text(encoding="utf-8").split("\n\n")
    assert write(records[:2]) == "\n\n".join(entries[:2]) + "\n"  # the others are untouched
