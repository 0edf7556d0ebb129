"""Importing bibliographies: nothing lost, nothing duplicated, every record accounted for."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from evidence.errors import InvalidInput
from evidence.exporting import export_references
from evidence.formats import FORMATS
from evidence.importer import import_file, parse_file
from evidence.models import Contributor, Person, Reference
from evidence.queries import EvidenceFilter
from evidence.refstore import load_references, to_record
from evidence.store import Store, open_store
from tests.conftest import CORPUS

FIXTURES = Path(__file__).parent / "fixtures"


def _fingerprint(store: Store) -> str:
    """Everything the import could touch, as one hash: equal hashes mean nothing changed."""
    digest = hashlib.sha256()
    with store.engine.connect() as conn:
        for table in ("reference", "person", "contributor"):
            for row in conn.execute(text(f"SELECT * FROM {table} ORDER BY 1, 2")):
                digest.update(repr(tuple(v for v in row if not hasattr(v, "isoformat"))).encode())
    return digest.hexdigest()


def _count(store: Store, model: type) -> int:
    with store.session() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


@pytest.mark.parametrize(
    ("name", "records"),
    [
        ("tugboat.bib", 4839),
        ("zotero-bbt-user-library-7166.bib", 7166),
        ("xampl.bib", 36),
        ("scopus-export.ris", 836),
        ("deep-review-references.csl.json", 615),
    ],
)
def test_every_record_of_a_real_file_is_imported_or_reported(
    name: str, records: int, sqlite_url: str
) -> None:
    store = open_store(sqlite_url)
    with store.session() as session:
        report = import_file(session, CORPUS / name, skip_invalid=True)
    assert report.records == records
    assert report.imported + report.merged + report.skipped == records
    assert report.skipped == len(report.problems)
    assert all(p.line is not None and p.message for p in report.problems)
    assert _count(store, Reference) == report.imported
    before = _fingerprint(store)
    with store.session() as session:  # the same file again: merged, never duplicated, nothing changes
        again = import_file(session, CORPUS / name, skip_invalid=True)
    assert again.imported == 0 and again.merged == report.imported + report.merged
    assert _fingerprint(store) == before
    store.close()


def test_by_default_one_bad_record_means_nothing_is_written(store: Store) -> None:
    path = FIXTURES / "bibtex" / "malformed.bib"
    with pytest.raises(InvalidInput) as info, store.session() as session:
        import_file(session, path)
    message = str(info.value)
    assert "nothing was written" in message and "--skip-invalid" in message
    assert {p.key for p in info.value.problems} >= {"notitle"}
    assert all(p.line for p in info.value.problems)
    assert _count(store, Reference) == 0 and _count(store, Person) == 0


def test_skip_invalid_imports_the_good_and_reports_the_bad(store: Store) -> None:
    path = FIXTURES / "bibtex" / "malformed.bib"
    with store.session() as session:
        report = import_file(session, path, skip_invalid=True)
    assert report.imported == 3
    assert report.imported + report.skipped == report.records
    with store.session() as session:
        assert set(session.scalars(select(Reference.citekey))) == {"good1", "good2", "good3"}
    lines = {p.line for p in report.problems}
    source = path.read_text(encoding="utf-8").splitlines()
    # Each reported line is where the bad record starts in the file.
    assert all(source[line - 1].lstrip().startswith("@") for line in lines)


def test_duplicate_keys_in_a_file_are_problems_naming_both_lines(store: Store) -> None:
    with pytest.raises(InvalidInput) as info, store.session() as session:
        import_file(session, FIXTURES / "bibtex" / "duplicates.bib")
    dup = [p for p in info.value.problems if p.key == "smith2020"]
    assert dup and "smith2020" in dup[0].message and "line" in dup[0].message
    assert _count(store, Reference) == 0


def test_latin1_file_is_decoded_without_mojibake(store: Store) -> None:
    with store.session() as session:
        import_file(session, FIXTURES / "bibtex" / "latin1.bib")
    with store.session() as session:
        ref = load_references(session, ["muller1999"])[0]
        assert ref.title == "Über die Größe der Änderung"
        assert ref.publisher_place == "Zürich"
        assert [c.person.family for c in ref.contributors] == ["Müller", "Ångström"]


def test_undecodable_file_is_refused_with_a_message(store: Store, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="encoding"), store.session() as session:
        import_file(session, FIXTURES / "encodings" / "binary.bin", fmt="ris")


def test_merge_across_formats_by_doi_fills_missing_fields(store: Store, tmp_path: Path) -> None:
    bib = tmp_path / "a.bib"
    bib.write_text("@article{suler2004,\n  author = {Suler, John},\n  title = {The Online Disinhibition "
                   "Effect},\n  year = {2004},\n  doi = {10.1089/1094931041291295}\n}\n", encoding="utf-8")
    ris = tmp_path / "b.ris"
    ris.write_text("TY  - JOUR\nAU  - Suler, John\nTI  - The online disinhibition effect\nPY  - 2004\n"
                   "JO  - CyberPsychology & Behavior\nVL  - 7\nIS  - 3\nSP  - 321\nEP  - 326\n"
                   "DO  - https://doi.org/10.1089/1094931041291295\nER  - \n", encoding="utf-8")
    with store.session() as session:
        import_file(session, bib)
    with store.session() as session:
        report = import_file(session, ris)
    assert (report.imported, report.merged) == (0, 1)
    assert report.merges[0]["into"] == "suler2004" and "DOI" in report.merges[0]["why"]
    with store.session() as session:
        ref = load_references(session, ["suler2004"])[0]
        assert ref.container_title == "CyberPsychology & Behavior" and ref.volume == "7"
        assert ref.title == "The Online Disinhibition Effect"  # what was there is kept
    assert _count(store, Reference) == 1


def test_merge_by_title_year_and_first_author(store: Store, tmp_path: Path) -> None:
    first = tmp_path / "first.bib"
    first.write_text("@book{vdt2016,\n  author = {van der Tier, Michelle and Potting, Marianne},\n"
                     "  title = {Klik voor hulp},\n  year = {2016}\n}\n", encoding="utf-8")
    second = tmp_path / "second.json"
    second.write_text(json.dumps([{"id": "tier-klik", "type": "book", "title": "Klik voor Hulp!",
                                   "author": [{"family": "Tier", "given": "Michelle",
                                               "non-dropping-particle": "van der"}],
                                   "issued": {"date-parts": [[2016]]}, "publisher": "Movisie"}]),
                      encoding="utf-8")
    with store.session() as session:
        import_file(session, first)
    with store.session() as session:
        report = import_file(session, second)
    assert report.merged == 1 and report.merges[0]["into"] == "vdt2016"
    with store.session() as session:
        assert load_references(session, ["vdt2016"])[0].publisher == "Movisie"


def test_a_citekey_taken_by_another_work_gets_a_new_key(store: Store, tmp_path: Path) -> None:
    for i, title in enumerate(("One work", "Another work entirely")):
        path = tmp_path / f"{i}.bib"
        path.write_text(f"@misc{{smith2020,\n  author = {{Smith, A.}},\n  title = {{{title}}},\n"
                        f"  year = {{2020}}\n}}\n", encoding="utf-8")
        with store.session() as session:
            report = import_file(session, path)
    assert report.renamed == [{"key": "smith2020", "new_key": "smith2020-2"}]
    assert any("already used" in w.message for w in report.warnings)
    with store.session() as session:
        assert session.scalar(select(Reference.title).where(Reference.citekey == "smith2020-2")) == (
            "Another work entirely")


def test_people_are_shared_across_references(store: Store) -> None:
    with store.session() as session:
        import_file(session, CORPUS / "xampl.bib", skip_invalid=True)
    with store.session() as session:
        knuth = session.scalars(select(Person).where(Person.family == "Knuth")).all()
        assert len(knuth) == 1
        assert session.scalar(select(func.count()).select_from(Contributor)
                              .where(Contributor.person_id == knuth[0].id)) > 1


def test_bibtex_import_export_import_keeps_every_field(tmp_path: Path) -> None:
    """Import a real file, export it, import the export elsewhere: the same references, same fields."""
    first = open_store(f"sqlite:///{tmp_path / 'one.sqlite'}")
    with first.session() as session:
        imported = import_file(session, CORPUS / "xampl.bib", skip_invalid=True)
        keys = list(session.scalars(select(Reference.citekey)))
    merged_into = {m["into"] for m in imported.merges}
    with first.session() as session:
        exported = FORMATS["bibtex"].write([to_record(r) for r in load_references(session, keys)])
    (tmp_path / "out.bib").write_text(exported, encoding="utf-8")
    second = open_store(f"sqlite:///{tmp_path / 'two.sqlite'}")
    with second.session() as session:
        report = import_file(session, tmp_path / "out.bib")
    assert report.imported == len(keys) and not report.problems
    with first.session() as s1, second.session() as s2:
        a = {r.citekey: to_record(r) for r in load_references(s1, keys)}
        b = {r.citekey: to_record(r) for r in load_references(s2, keys)}
    assert a.keys() == b.keys()
    for key in a:
        ra, rb = a[key], b[key]
        ra.line = rb.line = None
        if key in merged_into:
            # Merging filled fields, so the export is regenerated rather than the raw entry replayed.
            ra.source = rb.source = None
        assert ra == rb, key
    first.close()
    second.close()


def test_export_refs_of_the_bundled_set(bundled_store: Store) -> None:
    with bundled_store.session() as session:
        bib = export_references(session, EvidenceFilter(topics=("disadvantages",)), "bibtex")
        ris = export_references(session, EvidenceFilter(topics=("disadvantages",)), "ris")
        csl = export_references(session, EvidenceFilter(topics=("disadvantages",)), "csljson")
    keys = {r.key for r in FORMATS["bibtex"].parse(bib.data.decode(), "x").records}
    assert "sheombar2019samenvatting" in keys and "nji2015onlinehulp" in keys
    assert {r.key for r in FORMATS["ris"].parse(ris.data.decode(), "x").records} == keys
    assert {item["id"] for item in json.loads(csl.data)} == keys


def test_parse_file_guesses_the_format(tmp_path: Path) -> None:
    for name, fmt in (("xampl.bib", "bibtex"), ("scopus-export.ris", "ris"),
                      ("deep-review-references.csl.json", "csljson")):
        copy = tmp_path / "no-extension"
        copy.write_bytes((CORPUS / name).read_bytes())
        assert parse_file(copy)[0] == fmt


def _search_ids(store: Store, word: str) -> set[int]:
    from evidence.search import search

    with store.session() as session:
        hits = search(session, word)
    return {int(i) for i in hits.loc[hits["kind"] == "reference", "id"]} if len(hits) else set()


def test_imported_references_are_searchable_and_later_ones_too(store: Store, tmp_path: Path) -> None:
    # On SQLite the import indexes its rows in one statement with the insert trigger dropped;
    # the trigger must be back afterwards, so a reference added later is indexed as before.
    path = tmp_path / "two.bib"
    path.write_text("@article{a1, title={Zorgmijders online}, author={Smit, A.}, year=2020}\n"
                    "@article{a2, title={Chatten met jongeren}, author={Bakker, B.}, year=2021,\n"
                    "  abstract={Over zorgmijders en chat}}\n", encoding="utf-8")  # fmt: skip
    with store.session() as session:
        import_file(session, path)
    with store.session() as session:
        ids = dict(session.execute(select(Reference.citekey, Reference.id)).all())
        session.add(Reference(citekey="later", entry_type="book", title="Zorgmijders in de wijk"))
    with store.session() as session:
        later = session.scalar(select(Reference.id).where(Reference.citekey == "later"))
    assert _search_ids(store, "zorgmijders") == {ids["a1"], ids["a2"], later}
    if store.engine.dialect.name == "sqlite":
        with store.engine.begin() as conn:  # FTS5's own consistency check raises if out of step
            conn.exec_driver_sql("INSERT INTO search_reference(search_reference) VALUES('integrity-check')")


def test_a_rolled_back_import_leaves_no_rows_and_the_search_index_intact(store: Store) -> None:
    with store.sessionmaker() as session:
        report = import_file(session, CORPUS / "xampl.bib", skip_invalid=True)
        assert report.imported > 0
        session.rollback()
    assert _count(store, Reference) == 0 and _count(store, Contributor) == 0
    with store.session() as session:
        session.add(Reference(citekey="after", entry_type="book", title="Disinhibition online"))
    assert len(_search_ids(store, "disinhibition")) == 1
