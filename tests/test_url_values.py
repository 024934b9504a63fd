"""Values a link puts in the filters: codes and labels both accepted (any case or accents), the URL rewritten to
the labels, and every value that matches nothing said on the page instead of silently dropped."""

import datetime as dt

import pytest

from media_atlas.ui.url_values import matched
from tests.page_runs import run_page, shown_names, table_counts

UNFILTERED = ["**12** outlets"]


def warnings(app) -> list[str]:
    return [warning.value for warning in app.warning]


@pytest.mark.parametrize("spelling", ["TV", "tv", "Tv"])
def test_a_media_type_by_code_or_label(small_world, spelling):
    app = run_page("pages/1_Outlets.py", type=spelling)
    assert table_counts(app) == ["**5** outlets"]
    assert app.sidebar.multiselect(key="type").value == ["tv"]
    assert app.query_params["type"] == "TV"
    assert warnings(app) == []


@pytest.mark.parametrize("spelling", ["TR", "tr", "Türkiye", "turkiye"])
def test_a_country_by_code_or_name(small_world, spelling):
    app = run_page("pages/1_Outlets.py", country=spelling)
    assert table_counts(app) == ["**11** outlets"]
    assert app.sidebar.multiselect(key="country").value == ["Türkiye"]
    assert app.query_params["country"] == "Türkiye"


def test_a_group_by_id_or_name_and_codes_mixed_with_labels(small_world):
    by_id = run_page("pages/1_Outlets.py", group="demiroren-holding", type=["tv", "Newspaper"])
    by_name = run_page("pages/1_Outlets.py", group="Demirören Holding", type=["TV", "newspaper"])
    for app in (by_id, by_name):
        assert app.sidebar.multiselect(key="group").value == ["Demirören Holding"]
        assert app.sidebar.multiselect(key="type").value == ["tv", "newspaper"]
        assert sorted(shown_names(app.dataframe[0].value.name)) == ["CNN Türk", "Hürriyet", "Kanal D", "Milliyet"]
        assert warnings(app) == []


def test_values_that_match_nothing_are_reported_and_the_rest_applied(small_world):
    app = run_page("pages/1_Outlets.py", country=["XX", "AZ"], type=["podcast"], group="no-such-group")
    assert warnings(app) == [
        "Link: unknown country 'XX' ignored.",
        "Link: unknown controlling group 'no-such-group' ignored.",
        "Link: unknown media type 'podcast' ignored.",
    ]
    assert table_counts(app) == ["**1** outlet"]
    assert app.query_params["country"] == "Azerbaijan"
    assert "type" not in app.query_params and "group" not in app.query_params


def test_the_notice_stays_for_the_session(small_world):
    app = run_page("pages/1_Outlets.py", country="XX")
    assert table_counts(app) == UNFILTERED
    app.sidebar.text_input(key="q").set_value("kanal").run()
    assert warnings(app) == ["Link: unknown country 'XX' ignored."]
    assert table_counts(app) == ["**2** outlets"]


@pytest.mark.parametrize(
    ("as_of", "notice"),
    [
        ("2015-13-01", "Link: as_of: invalid date '2015-13-01' ignored; write YYYY-MM-DD."),
        ("yesterday", "Link: as_of: invalid date 'yesterday' ignored; write YYYY-MM-DD."),
        ("20150101", "Link: as_of: invalid date '20150101' ignored; write YYYY-MM-DD."),
        ("2015-W01-1", "Link: as_of: invalid date '2015-W01-1' ignored; write YYYY-MM-DD."),
        ("2999-01-01", f"Link: as_of: date '2999-01-01' ignored: it must be from 1600-01-01 to {dt.date.today()}."),
    ],
)
def test_an_invalid_date_is_reported(small_world, as_of, notice):
    app = run_page("pages/1_Outlets.py", as_of=as_of)
    assert warnings(app) == [notice]
    assert app.sidebar.date_input(key="as_of").value == dt.date.today()


def test_matching_ignores_case_accents_and_spaces():
    accepted = {"Türkiye": "Türkiye", "TR": "Türkiye", "AZ": "Azerbaijan"}
    assert matched(["tr", " TÜRKIYE ", "az", "XX", ""], accepted) == (["Türkiye", "Azerbaijan"], ["XX", ""])


@pytest.mark.parametrize(
    ("founded", "notice"),
    [
        (["abc", "1990"], "Link: founded: 'abc, 1990' ignored; give two years from 1920 to 1993."),
        (["1200", "1990"], "Link: founded: '1200, 1990' ignored; give two years from 1920 to 1993."),
        ("1950", "Link: founded: '1950' ignored; give two years from 1920 to 1993."),
    ],
)
def test_a_founding_period_that_does_not_fit_is_reported(small_world, founded, notice):
    app = run_page("pages/1_Outlets.py", founded=founded)
    assert warnings(app) == [notice]
    assert table_counts(app) == UNFILTERED
    assert app.sidebar.slider(key="founded").value == (1920, 1993)


def test_a_founding_period_that_fits_filters_without_a_notice(small_world):
    app = run_page("pages/1_Outlets.py", founded=["1940", "1990"])
    assert (warnings(app), table_counts(app)) == ([], ["**2** outlets"])
