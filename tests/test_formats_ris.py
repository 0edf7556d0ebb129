"""RIS: the Scopus corpus export, the quirks of EndNote, Web of Science, Rayyan and Ovid, broken
files, and writing records back."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import rispy

from evidence.errors import InvalidInput
from evidence.formats import FORMATS, ParseResult, csljson, guess_format, ris, same_content
from evidence.formats.textio import read_text
from evidence.records import Contributor, Name, Record, SourceRecord

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ris"


def _parse(path: Path) -> ParseResult:
    return ris.parse(read_text(path), path.name)


def _plain(record: Record) -> Record:
    return dataclasses.replace(record, source=None, line=None)


@pytest.fixture(scope="module")
def scopus() -> ParseResult:
    return _parse(CORPUS / "scopus-export.ris")


# --- the Scopus corpus file --------------------------------------------------------------------


def test_scopus_counts(scopus) -> None:
    assert scopus.count == 836
    assert len(scopus.records) == 836
    assert scopus.problems == []
    assert scopus.warnings == []
    assert len({r.key for r in scopus.records}) == 836


def test_scopus_first_record(scopus) -> None:
    record = scopus.records[0]
    assert record.key == "pierrot2020forc"
    assert record.line == 1
    assert record.type == "article-journal"
    assert record.title == (
        "FORC signatures and switching-field distributions of dipolar coupled nanowire-based hysterons"
    )
    assert record.names("author") == [
        Name(family="Pierrot", given="A."),
        Name(family="Béron", given="F."),
        Name(family="Blon", given="T."),
    ]
    assert record.year == 2020
    assert record.date == "2020"
    assert record.container_title == "Journal of Applied Physics"
    assert (record.volume, record.issue) == ("128", "9")
    assert record.doi == "10.1063/5.0020407"
    assert record.url.startswith("https://www.scopus.com/inward/record.uri?eid=2-s2.0-85091557653")
    assert record.extra["J2"] == "J Appl Phys"
    assert record.extra["C7"] == "093903"
    assert record.extra["M3"] == "Article"
    assert record.extra["DB"] == "Scopus"
    assert record.source.format == "ris"
    assert record.source.entry_type == "JOUR"
    assert record.source.fields[:3] == [
        ("TI", record.title),
        ("T2", "Journal of Applied Physics"),
        ("J2", "J Appl Phys"),
    ]


def test_scopus_reference_lists_stay_intact_in_extra(scopus) -> None:
    export_date, references = scopus.records[0].extra["N1"]
    assert export_date == "Export Date: 15 October 2020"
    lines = references.split("\n")
    assert lines[0] == "References: Mayergoyz, I.D., (1986) Phys. Rev. Lett., 56, p. 1518;"
    assert lines[1] == "Preisach, F., (1935) Z. Phys., 94, p. 277;"
    assert lines[2] == (
        "Roberts, A.P., Heslop, D., Zhao, X., Pike, C.R., (2014) Rev. Geophys., 52, pp. 557-602. , "
        "https://doi.org/10.1002/2014RG000462;"
    )
    # Every line of the file is somewhere in the records: nothing cut, nothing dropped.
    text = read_text(CORPUS / "scopus-export.ris")
    longest = max(text.split("\n"), key=len)
    assert len(longest) == 902
    assert any(
        longest in value
        for r in scopus.records
        for value in (r.extra.get("N1", []) if isinstance(r.extra.get("N1"), list) else [r.extra.get("N1")])
        if value
    )


def test_scopus_pages_keywords_and_repeated_tags(scopus) -> None:
    with_pages = [r for r in scopus.records if r.pages]
    assert len(with_pages) == 468  # 473 SP lines, 5 of them empty
    assert all("-" in r.pages or r.pages.isdigit() for r in with_pages)
    assert sum(len(r.keywords) for r in scopus.records) == 2379
    assert sum(len(r.contributors) for r in scopus.records) == 3985
    assert sum(1 for r in scopus.records if r.doi) == 771


def test_scopus_names_without_comma(scopus) -> None:
    names = [c.name for r in scopus.records for c in r.contributors]
    assert Name(family="Tavakkoli", given="K.G.A.") in names  # "Tavakkoli K.G.A.": initials
    assert Name(literal="Aakansha") in names  # one word: kept whole


def test_scopus_generated_keys_are_unique_with_letter_suffixes(scopus) -> None:
    keys = [r.key for r in scopus.records]
    assert keys[1:4] == ["nguyen2020design", "nguyen2020effective", "nguyen2020designa"]


def test_scopus_round_trip_gives_equal_records(scopus) -> None:
    again = ris.parse(ris.write(scopus.records), "again.ris")
    assert again.count == 836
    assert [_plain(r) for r in again.records] == [_plain(r) for r in scopus.records]


def test_scopus_round_trip_without_source_gives_equal_records(scopus) -> None:
    # Written from the fields alone (as after an edit), the records still come back the same.
    bare = [dataclasses.replace(r, source=None) for r in scopus.records]
    again = ris.parse(ris.write(bare), "again.ris")
    assert [_plain(r) for r in again.records] == [_plain(r) for r in bare]


def test_unchanged_records_are_written_back_line_for_line(scopus) -> None:
    text = read_text(CORPUS / "scopus-export.ris")
    written = ris.write(scopus.records)
    original = [line.rstrip() for line in text.split("\n") if line.strip()]
    ours = [line.rstrip() for line in written.split("\n") if line.strip()]
    assert [line for line in ours if not line.startswith("ID  - ")] == original
    assert ours[:2] == ["TY  - JOUR", "ID  - pierrot2020forc"]


# --- exports of other tools --------------------------------------------------------------------


def test_endnote_with_bom_and_crlf() -> None:
    raw = (FIXTURES / "endnote-bom-crlf.ris").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    result = _parse(FIXTURES / "endnote-bom-crlf.ris")
    assert (result.count, len(result.records), result.problems, result.warnings) == (3, 3, [], [])
    article, chapter, thesis = result.records
    assert article.key == "17"  # EndNote's record number, from ID
    assert article.names() == [
        Name(family="Berg", given="Jan", particle="van der"),
        Name(family="Müller", given="Jürgen"),
        Name(literal="Nederlands Jeugdinstituut"),
    ]
    assert (article.year, article.date, article.pages) == (2019, "2019-05-03", "112-130")
    assert article.issn == "1234-5678"
    assert article.language == "Dutch"
    assert article.keywords == ["online counselling", "youth care"]
    assert article.extra == {"J2": "Tijdschr. Jeugdz.", "N1": "Received 12 March 2018"}
    assert chapter.type == "chapter"
    assert chapter.names("author") == [Name(family="Smith", given="John", suffix="Jr.")]
    assert chapter.names("editor") == [
        Name(family="Jones", given="Mary"),
        Name(family="O'Neill", given="Pat"),
    ]
    assert (chapter.container_title, chapter.pages, chapter.isbn) == (
        "Digital Social Work",
        "45-67",
        "978-90-2440-123-4",
    )
    assert (chapter.publisher, chapter.publisher_place, chapter.edition) == ("Boom", "Amsterdam", "2nd")
    assert (thesis.type, thesis.genre, thesis.publisher) == ("thesis", "PhD thesis", "Universiteit Utrecht")


def test_web_of_science() -> None:
    result = _parse(FIXTURES / "wos.ris")
    assert (result.count, len(result.records), result.problems) == (2, 2, [])
    article, paper = result.records
    assert article.key == "zhang2021social"
    assert article.date == "2021-06"  # "DA  - JUN" with "PY  - 2021"
    assert article.issn == "0140-1971"
    assert article.extra["SN"] == "1095-9254"  # the electronic ISSN: kept, not modelled
    assert article.extra["DA"] == "2023-01-15"  # the export date Web of Science writes in DA
    assert article.extra["AN"] == "WOS:000654321000001"
    assert (article.extra["J9"], article.extra["JI"]) == ("J ADOLESCENCE", "J. Adolesc.")
    assert article.abstract.startswith("Background: adolescents spend hours online.")
    assert paper.type == "paper-conference"
    assert paper.date == "2022-04-21"  # "DA  - APR 21"


def test_rayyan() -> None:
    result = _parse(FIXTURES / "rayyan.ris")
    assert (result.count, len(result.records), result.problems) == (2, 2, [])
    first, second = result.records
    assert first.key == "285730012"
    assert first.title == "Effectiveness of online counselling: a systematic review"
    assert first.names() == [Name(family="Brown", given="A."), Name(family="Taylor", given="B. C.")]
    assert (first.year, first.date) == (2018, "2018")  # "Y1  - 2018//"
    assert first.container_title == "Journal of Telemedicine and Telecare"
    assert first.abstract == "We reviewed 30 trials of online counselling."
    assert (first.volume, first.issue, first.pages, first.publisher) == ("24", None, None, None)
    assert first.extra == {
        "N1": 'RAYYAN-INCLUSION: {"Alice"=>"Included", "Bob"=>"Included"} | RAYYAN-LABELS: online,youth'
    }
    assert second.extra["N1"].startswith('RAYYAN-INCLUSION: {"Alice"=>"Excluded"}')


def test_ovid_continuation_lines() -> None:
    result = _parse(FIXTURES / "ovid.ris")
    assert (result.count, len(result.records), result.problems, result.warnings) == (2, 2, [], [])
    first, second = result.records
    assert first.title == (
        "Webcam counselling for adolescents with depression: a randomised controlled trial in three countries"
    )
    assert first.abstract == (
        "Objective: to test webcam counselling against face-to-face counselling for adolescents. "
        "Method: a randomised trial with 412 adolescents.\n\nResults: webcam counselling was not inferior."
    )
    assert first.names() == [Name(family="Kowalski", given="M."), Name(family="Lindqvist", given="Erik")]
    assert first.container_title == "Journal of Adolescent Health"
    assert first.extra["JA"] == "J Adolesc Health"
    assert first.doi == "10.1016/j.jadohealth.2018.09.001"  # "DO  - http://dx.doi.org/10.1016/..."
    assert (first.issn, first.language, first.publisher_place) == ("1054-139X", "English", "United States")
    assert first.keywords == ["adolescent", "depression/th [Therapy]"]
    # The raw value keeps the file's lines, so the record can be written back as it was.
    assert dict(first.source.fields)["T1"] == (
        "Webcam counselling for adolescents with depression: a randomised\n"
        "      controlled trial in three countries"
    )
    assert second.pages == "e12345"
    again = ris.parse(ris.write(result.records), "again")
    assert [_plain(r) for r in again.records] == [_plain(r) for r in result.records]


def test_malformed_file_reports_each_broken_record_and_keeps_the_good_ones() -> None:
    result = _parse(FIXTURES / "malformed.ris")
    assert [r.title for r in result.records] == [
        "A good record",
        "The second good record",
        "The first record with this ID",
    ]
    assert [(p.line, p.key) for p in result.problems] == [
        (10, None),  # no ER before the next TY
        (20, None),  # no title
        (25, None),  # tags without a TY
        (34, "dup"),  # the same ID twice
        (39, None),  # the file ends inside the record
    ]
    assert "'ER  -'" in result.problems[0].message
    assert "no title" in result.problems[1].message
    assert "outside any record" in result.problems[2].message
    assert "line 29" in result.problems[3].message
    assert "ends inside this record" in result.problems[4].message
    assert all(p.source == "malformed.ris" for p in result.problems)
    assert [w.line for w in result.warnings] == [1]  # the provider header
    assert result.count == 8
    assert len(result.records) + len(result.problems) == result.count


@pytest.mark.parametrize(
    "text",
    [
        "",
        "TY  - JOUR\nTI  - t\nER  -",
        "TY  - JOUR\nTI  - t\nER  - \n\n\n",
        "TY  - JOUR\nTI  - t\n",
        "TY  - JOUR\nTI  - t\nTY  - JOUR\nTI  - u\nER  - ",
        "AU  - x\nER  -\nER  -\nTY  - GEN\nTI  - t\nER  - ",
        "junk\nTY  - JOUR\nER  - ",
    ],
)
def test_records_plus_problems_is_count(text: str) -> None:
    result = ris.parse(text, "t.ris")
    assert len(result.records) + len(result.problems) == result.count
    assert result.count == text.count("TY  -") + ("AU  - x" in text)


def test_er_with_or_without_trailing_space_and_publication_year_forms() -> None:
    text = (
        "TY  - JOUR\nTI  - One\nPY  - 2019///\nER  -\n"
        "TY  - JOUR\nTI  - Two\nPY  - 2019/05/03/\nER  - \n"
        "TY  - JOUR\nTI  - Three\nY1  - 2018/11//\nER  - \n"
        "TY  - JOUR\nTI  - Four\nPY  - 2019///Spring\nER  - \n"
    )
    one, two, three, four = ris.parse(text, "t").records
    assert (one.year, one.date) == (2019, "2019")
    assert (two.year, two.date) == (2019, "2019-05-03")
    assert (three.year, three.date) == (2018, "2018-11")
    assert (four.year, four.date, four.extra) == (2019, None, {"PY": "2019///Spring"})


def test_types_map_to_csl() -> None:
    types = {
        "JOUR": "article-journal", "BOOK": "book", "CHAP": "chapter", "CONF": "paper-conference",
        "CPAPER": "paper-conference", "RPRT": "report", "THES": "thesis", "ELEC": "webpage",
        "WEB": "webpage", "GEN": "document", "NEWS": "article-newspaper", "DATA": "dataset",
    }  # fmt: skip
    for ris_type, csl_type in types.items():
        (record,) = ris.parse(f"TY  - {ris_type}\nTI  - t\nER  - ", "t").records
        assert record.type == csl_type
    result = ris.parse("TY  - WHAT\nTI  - t\nER  - ", "t")
    assert result.records[0].type == "document"
    assert "unknown RIS type 'WHAT'" in result.warnings[0].message


def test_unmapped_and_repeated_tags_go_to_extra_verbatim() -> None:
    text = "TY  - JOUR\nTI  - t\nUR  - https://a\nUR  - https://b\nM1  - one\nC1  -  x  \nL1  - f.pdf\nER  - "
    (record,) = ris.parse(text, "t").records
    assert record.url == "https://a"
    assert record.extra == {"UR": "https://b", "M1": "one", "C1": "x", "L1": "f.pdf"}


def test_ids_that_cannot_be_citekeys_are_kept_in_extra() -> None:
    result = ris.parse("TY  - JOUR\nID  - 12 34\nTI  - Cats, dogs\nAU  - Ng, A.\nPY  - 2020\nER  - ", "t")
    (record,) = result.records
    assert record.key == "ng2020cats"
    assert record.extra == {"ID": "12 34"}
    assert "cannot be a citekey" in result.warnings[0].message
    again = ris.parse(ris.write([record]), "again")
    assert _plain(again.records[0]) == _plain(record)


def test_generated_keys_skip_articles_fold_accents_and_avoid_ids() -> None:
    text = (
        "TY  - JOUR\nTI  - The Über effect\nAU  - Ødegård, Å.\nPY  - 2020\nER  - \n"
        "TY  - JOUR\nID  - odegard2020uber\nTI  - Other\nER  - \n"
        "TY  - JOUR\nTI  - No author, no year\nER  - \n"
    )
    keys = [r.key for r in ris.parse(text, "t").records]
    assert keys == ["odegard2020ubera", "odegard2020uber", "anonndno"]


# --- writing -----------------------------------------------------------------------------------


def _record(**fields) -> Record:
    base = dict(
        key="vanbeek2021chat",
        type="article-journal",
        title="Chat counselling",
        contributors=[
            Contributor(Name(family="Beek", given="Gijs", particle="van")),
            Contributor(Name(literal="Nederlands Jeugdinstituut")),
            Contributor(Name(family="Jones", given="Mary"), "editor"),
        ],
        year=2021,
        date="2021-03",
        container_title="Journal of Social Work",
        volume="4",
        issue="2",
        pages="10-20",
        doi="10.1234/abc",
        url="https://example.org",
        issn="1234-5678",
        abstract="First paragraph.\n\nSecond paragraph.",
        language="en",
        note="A note",
        accessed="2024-01-09",
        keywords=["chat", "youth"],
        extra={"eprint": "2101.00001", "N1": ["one", "two"]},
    )
    base.update(fields)
    return Record(**base)


def test_write_from_fields() -> None:
    text = ris.write([_record()])
    assert text.split("\n") == [
        "TY  - JOUR",
        "ID  - vanbeek2021chat",
        "TI  - Chat counselling",
        "AU  - van Beek, Gijs",
        "AU  - Nederlands Jeugdinstituut",
        "A2  - Jones, Mary",
        "PY  - 2021",
        "DA  - 2021/03//",
        "T2  - Journal of Social Work",
        "VL  - 4",
        "IS  - 2",
        "SP  - 10",
        "EP  - 20",
        "DO  - 10.1234/abc",
        "UR  - https://example.org",
        "SN  - 1234-5678",
        "AB  - First paragraph.",
        "",
        "Second paragraph.",
        "LA  - en",
        "N1  - A note",
        "Y2  - 2024/01/09",
        "KW  - chat",
        "KW  - youth",
        "N1  - one",
        "N1  - two",
        "ER  - ",
        "",
        "",
    ]
    (back,) = ris.parse(text, "t").records
    assert back.key == "vanbeek2021chat"
    assert back.names() == [
        Name(family="Beek", given="Gijs", particle="van"),
        Name(literal="Nederlands Jeugdinstituut"),
    ]
    assert (back.date, back.accessed, back.pages, back.abstract) == (
        "2021-03",
        "2024-01-09",
        "10-20",
        "First paragraph.\n\nSecond paragraph.",
    )
    assert back.extra == {"N1": ["A note", "one", "two"]}  # eprint has no RIS tag


def test_an_independent_reader_reads_what_we_write() -> None:
    # rispy, another RIS reader, as a stand-in for Zotero and EndNote: same records, same fields.
    records = csljson.parse(read_text(CORPUS / "deep-review-references.csl.json"), "dr.json").records
    entries = rispy.loads(ris.write(records))
    assert len(entries) == len(records) == 614
    first = entries[0]
    assert (first["type_of_reference"], first["id"], first["year"]) == ("RPRT", "3qm8sXnB", "2011")
    assert first["title"] == records[0].title
    assert first["authors"] == ["Niu, Feng", "Recht, Benjamin", "Re, Christopher", "Wright, Stephen J."]
    # (8 arXiv titles have line breaks, which RIS carries as continuation lines; rispy joins them)
    assert [e["title"] for e in entries] == [" ".join(r.title.split()) for r in records]


def test_every_csl_type_has_a_ris_type() -> None:
    from evidence.records import CSL_TYPES

    assert set(ris.CSL_TO_RIS) == CSL_TYPES
    assert set(ris.CSL_TO_RIS.values()) <= set(ris.RIS_TO_CSL)


def test_an_edited_record_is_written_from_its_fields() -> None:
    (record,) = ris.parse("TY  - JOUR\nTI  - Old title\nAU  - Ng, A.\nXX  - kept\nER  - ", "t").records
    record.title = "New title"
    text = ris.write([record])
    assert "TI  - New title" in text and "Old title" not in text
    assert "XX  - kept" in text


def test_a_renamed_record_keeps_its_fields_and_gets_its_new_key() -> None:
    (record,) = ris.parse("TY  - BOOK\nID  - a1\nT1  - A book\nER  - ", "t").records
    record.key = "a1-2"  # renamed on import because a1 was taken
    assert ris.write([record]) == "TY  - BOOK\nID  - a1-2\nT1  - A book\nER  - \n\n"


def test_continuation_lines_that_look_like_tags_are_protected() -> None:
    record = _record(abstract="Line one\nER  - not the end", extra={})
    (back,) = ris.parse(ris.write([record]), "t").records
    assert back.title == "Chat counselling"
    assert back.abstract == "Line one ER - not the end"


def test_same_content_ignores_provenance_but_not_fields() -> None:
    a = _record()
    b = dataclasses.replace(a, key="other", line=7, source=SourceRecord("ris", "JOUR"), doi="10.1234/ABC")
    assert same_content(a, b)
    assert not same_content(a, dataclasses.replace(a, volume="5"))


# --- the registry ------------------------------------------------------------------------------


def test_registry_parses_and_writes_ris() -> None:
    spec = FORMATS["ris"]
    assert (spec.name, spec.extensions) == ("ris", (".ris",))
    result = spec.parse("TY  - JOUR\nTI  - t\nER  - ", "t.ris")
    assert spec.write(result.records).startswith("TY  - JOUR\n")


@pytest.mark.parametrize(
    ("text", "filename", "expected"),
    [
        ("TY  - JOUR\nTI  - t\nER  - ", None, "ris"),
        ("\ufeff\nTY  - JOUR\n", "x.txt", "ris"),
        ("@article{a, title={t}}", None, "bibtex"),
        ("% comment\n  @Book{b,\n}", "refs.txt", "bibtex"),
        ('[{"id": "a", "type": "book"}]', None, "csljson"),
        ('{"id": 1, "title": "t"}', "x.bib", "csljson"),
        ("[]", None, "csljson"),
        # content that fits two formats: the extension decides, else the first marker
        ("TY  - JOUR\nAB  - see\n@article{x,\n}\nER  - ", "refs.bib", "bibtex"),
        ("TY  - JOUR\nAB  - see\n@article{x,\n}\nER  - ", None, "ris"),
        ("", "empty.ris", "ris"),
    ],
)
def test_guess_format(text: str, filename: str | None, expected: str) -> None:
    assert guess_format(text, filename) == expected


@pytest.mark.parametrize("text", ["just some text", '{"name": "not csl"}', ""])
def test_guess_format_refuses_what_it_cannot_tell(text: str) -> None:
    with pytest.raises(InvalidInput) as info:
        guess_format(text, "notes.txt")
    message = info.value.problems[0].message
    assert "BibTeX (.bib, .bibtex)" in message and "RIS (.ris)" in message and "CSL-JSON" in message
    assert info.value.problems[0].source == "notes.txt"
