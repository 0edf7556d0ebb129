"""URL parameters <-> the Explore view: odd input becomes a warning, never an error."""

from __future__ import annotations

import pytest

from evidence._dashboard.state import View, parse_view
from evidence.queries import EvidenceFilter
from tests.test_dashboard_fixtures import ROOT

TOPICS = {"advantages", "disadvantages", "dropout-and-adherence"}


def test_a_view_survives_the_round_trip_through_the_url() -> None:
    view = View(
        EvidenceFilter(
            topics=("disadvantages",),
            stances=("supports", "mixed"),
            designs=("rct",),
            certainties=("very low",),
            verification=("verified",),
            ref_types=("book",),
            languages=("nl",),
            kinds=("disadvantage",),
            year_from=2010,
            year_to=2020,
            query='dropout "online help"',
        ),
        search_text='dropout "online help"',
        page=3,
        group="claims",
        sort="year",
    )
    params = view.params(lang="nl")
    assert params["topic"] == ["disadvantages"] and params["cert"] == ["very low"]
    assert params["lang"] == "nl" and params["page"] == "3"
    as_lists = {k: v if isinstance(v, list) else [v] for k, v in params.items()}
    assert parse_view(as_lists, TOPICS) == view


def test_defaults_stay_out_of_the_url() -> None:
    assert View().params() == {}
    assert parse_view({}, TOPICS) == View()


@pytest.mark.parametrize(
    ("params", "expected", "warning"),
    [
        ({"topic": ["nope", "advantages"]}, EvidenceFilter(topics=("advantages",)), "Unknown topic 'nope'"),
        ({"stance": ["proves"]}, EvidenceFilter(), "Unknown value 'proves' for Stance"),
        ({"design": ["<script>"]}, EvidenceFilter(), "Unknown value '<script>'"),
        ({"y0": ["twenty"], "y1": ["2020"]}, EvidenceFilter(year_to=2020), "Year 'twenty'"),
        ({"y0": ["2020"], "y1": ["2010"]}, EvidenceFilter(), "range 2020-2010 is empty"),
        ({"y0": ["-5"]}, EvidenceFilter(), "Year '-5'"),
        ({"q": ["*"]}, EvidenceFilter(), "nothing to search for"),
        ({"q": ["x" * 10_000]}, EvidenceFilter(), "10,000 characters"),
        ({"type": ["t" * 500]}, EvidenceFilter(), "Unknown value"),
    ],
)
def test_odd_parameters_are_reported_and_ignored(params, expected, warning) -> None:
    view = parse_view(params, TOPICS)
    assert view.flt == expected
    assert len(view.warnings) == 1 and warning in view.warnings[0]


def test_text_that_only_looks_odd_is_searched_as_text() -> None:
    for text in ('"unbalanced quote', "'; DROP TABLE claim; --", "NEAR(a b)", "anonimiteit*"):
        view = parse_view({"q": [text]}, TOPICS)
        assert view.flt.query == text and not view.warnings
        assert view.search_text == text


def test_view_parameters_fall_back_quietly() -> None:
    view = parse_view({"page": ["-3"], "group": ["tables"], "sort": ["random()"]}, TOPICS)
    assert (view.page, view.group, view.sort, view.warnings) == (1, "links", "claim", ())
    assert parse_view({"page": ["many"]}, TOPICS).page == 1
    assert parse_view({"stance": ["supports", "supports"]}, TOPICS).flt.stances == ("supports",)


def test_warnings_speak_the_interface_language() -> None:
    view = parse_view({"topic": ["nope"]}, TOPICS, "nl")
    assert view.warnings == ("Onbekend onderwerp 'nope' in de URL: dat filter is genegeerd.",)


def test_every_interface_text_exists_in_both_languages() -> None:
    import re
    import string

    from evidence._dashboard.i18n import STRINGS, VOCAB
    from evidence.models import CERTAINTIES, CLAIM_KINDS, STANCES, STUDY_DESIGNS, VERIFICATION_STATUSES

    for key, texts in STRINGS.items():
        assert set(texts) == {"nl", "en"}, key
        fields = [{f for _, f, _, _ in string.Formatter().parse(texts[lang]) if f} for lang in ("nl", "en")]
        assert fields[0] == fields[1], key
    for vocab, values in (("stance", STANCES), ("design", STUDY_DESIGNS), ("cert", CERTAINTIES),
                          ("verif", VERIFICATION_STATUSES), ("kind", CLAIM_KINDS)):  # fmt: skip
        assert set(values) <= set(VOCAB[vocab]), vocab
    folder = ROOT / "dashboard"
    pages = [*folder.glob("views/*.py"), folder / "app.py", folder / "ui.py", folder / "state.py"]
    call = re.compile(r"""\bt(?:_count)?\(\s*["']([a-z_-]+)["']""")
    used = {key for page in pages for key in call.findall(page.read_text())}
    assert used and used <= set(STRINGS)


def test_counts_of_one_read_in_the_singular() -> None:
    from evidence._dashboard.i18n import t_count

    assert [t_count("n_links", "en", n) for n in (0, 1, 2, 1234)] == [
        "0 evidence links", "1 evidence link", "2 evidence links", "1,234 evidence links"]
    assert t_count("n_links", "nl", 1) == "1 bewijslink"
