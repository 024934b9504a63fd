# ruff: noqa: RUF001 -- Turkish names: the dotless i is data, not a typo.
"""The sidebar filters: set from the URL, applied to every view, reset together; the group pickers at scale."""

import datetime as dt

from media_atlas.atlas import query_names, query_parameters, query_sql
from media_atlas.filters import no_filters
from media_atlas.ui import sidebar
from tests.page_runs import AS_OF, run_page, shown_cells, shown_names, table_counts


def test_the_url_sets_country_and_the_table_shows_exactly_its_outlets(small_world):
    app = run_page("pages/1_Outlets.py", country="Azerbaijan")
    assert app.sidebar.multiselect(key="country").value == ["Azerbaijan"]
    assert table_counts(app) == ["**1** outlet"]
    assert shown_names(app.dataframe[0].value.name) == ["Trend News Agency"]


def test_media_type_and_an_earlier_date_show_the_owners_of_that_date(small_world):
    app = run_page("pages/1_Outlets.py", type="TV", as_of="2015-01-01")
    table = shown_cells(app.dataframe[0])
    assert table_counts(app) == ["**5** outlets"]
    assert sorted(shown_names(table.name)) == ["CNN Türk", "Kanal 7", "Kanal D", "NTV", "Star TV"]
    groups = dict(zip(shown_names(table.name), shown_names(table.group_name), strict=True))
    # Claims hold from their start, or an undated one from its source's date: Doğan's link to its holding and its
    # undated claim on Kanal D, both cited from a 2018 report, are not asserted in 2015.
    assert groups["CNN Türk"] == "Doğan Media Group"
    assert groups["Kanal D"] == ""  # blank: no group
    assert groups["Star TV"] == "Doğuş Media Group"
    # Each name links to its profile, which opens with the same filters.
    assert "Profile?id=cnn-turk&type=TV&as_of=2015-01-01#CNN Türk" in list(table.name)


def test_group_filter_by_name_and_reset_clears_every_filter(small_world):
    app = run_page("pages/1_Outlets.py", group="Demirören Holding", q="kanal")
    assert shown_names(app.dataframe[0].value.name) == ["Kanal D"]
    app.sidebar.button[0].click().run()
    assert table_counts(app) == ["**12** outlets"]
    assert app.sidebar.multiselect(key="group").value == []
    assert app.sidebar.text_input(key="q").value == ""


def test_with_many_groups_the_pickers_list_the_largest_and_a_find_box_reaches_the_rest(small_world, monkeypatch):
    """Past GROUPS_LISTED the browser gets the largest groups only; typing part of a name (any case or accents)
    lists the others, and a chosen group stays listed when the find box changes or a link names it."""
    monkeypatch.setattr(sidebar, "GROUPS_LISTED", 2)
    app = run_page("pages/1_Outlets.py")
    groups = app.sidebar.multiselect(key="group")
    assert groups.options == ["Demirören Holding", "Albayrak Group Holding"]
    app.sidebar.text_input(key="group-find").input("DOGUS").run()
    assert app.sidebar.multiselect(key="group").options == ["Doğuş Holding"]
    app.sidebar.multiselect(key="group").select("Doğuş Holding").run()
    app.sidebar.text_input(key="group-find").input("").run()
    picker = app.sidebar.multiselect(key="group")
    assert picker.options == ["Demirören Holding", "Albayrak Group Holding", "Doğuş Holding"]
    assert picker.value == ["Doğuş Holding"]
    assert sorted(shown_names(app.dataframe[0].value.name)) == ["NTV", "Star TV"]

    linked = run_page("pages/1_Outlets.py", group="Hayat Görsel Yayıncılık")
    assert linked.sidebar.multiselect(key="group").value == ["Hayat Görsel Yayıncılık"]
    assert table_counts(linked) == ["**1** outlet"]

    profile = run_page("pages/2_Groups.py", profile="Doğuş Holding")
    assert profile.selectbox(key="profile").options == ["Demirören Holding", "Albayrak Group Holding", "Doğuş Holding"]
    assert profile.header[0].value == "Doğuş Holding"
    # The largest group stays first, the selectbox's default, which Streamlit leaves out of the URL: a group found
    # in the box is never the default, so a link names it.
    profile.text_input(key="profile-find").input("hayat gorsel").run()
    assert profile.selectbox(key="profile").options == [
        "Demirören Holding",
        "Hayat Görsel Yayıncılık",
        "Doğuş Holding",
    ]


def test_a_find_box_that_matches_no_group_leaves_the_largest(small_world, monkeypatch):
    """Demirören Media Group was the top of Milliyet's chain in 2015 and is no group today (Demirören Holding is
    above it): moving the date drops it from the picker, and with nothing matching the find box the profile falls
    back to the largest group instead of failing."""
    monkeypatch.setattr(sidebar, "GROUPS_LISTED", 1)
    app = run_page("pages/2_Groups.py", as_of="2015-01-01", profile="Demirören Media Group")
    app.text_input(key="profile-find").input("zzz").run()
    assert app.selectbox(key="profile").options == ["Doğan Media Group", "Demirören Media Group"]
    app.sidebar.date_input(key="as_of").set_value(dt.date.fromisoformat(AS_OF)).run()
    assert not app.exception, app.exception
    assert app.selectbox(key="profile").options == ["Demirören Holding"]
    assert app.header[0].value == "Demirören Holding"


def test_queries_taking_the_sidebar_filters_share_one_definition_of_them():
    """Every query with the sidebar's parameters reads outlets through the one macro, which applies them all."""
    sidebar = set(no_filters(AS_OF))
    takers = [name for name in query_names() if query_parameters(query_sql(name)) == sidebar]
    assert {"outlets", "outlet_events", "ownership_network"} <= set(takers)
    for name in takers:
        sql = " ".join(query_sql(name).split())
        call = (
            "from outlets_matching( $as_of, $countries::varchar[], $groups::varchar[], $media_types::varchar[], "
            "$founded_from, $founded_to, $q ) as outlets"
        )
        assert call in sql, name


def test_the_outlet_filter_macro_takes_exactly_the_declared_filters(atlas):
    """outlets_matching (model/rules.sql § listings) is the SQL side of the filters in media_atlas/filters.py."""
    cursor = atlas.connection.cursor()
    macro = "select parameters from duckdb_functions() where function_name = 'outlets_matching'"
    parameters = cursor.execute(macro).fetchall()[0][0]
    assert set(parameters) == set(no_filters("2026-11-27"))


def test_the_filters_are_carried_to_the_next_page_and_every_page_link_carries_them(small_world):
    """Streamlit drops the URL parameters bound to the last page's widgets on a move to another page."""
    app = run_page("pages/3_Ownership.py", in_app=True, country="Azerbaijan")
    assert {link.proto.page: link.proto.query_string for link in app.sidebar.get("page_link")}["Outlets"] == (
        "country=Azerbaijan&as_of=2026-11-27"
    )
    app.switch_page("pages/1_Outlets.py")
    del app.query_params["country"]
    app.run()
    assert app.sidebar.multiselect(key="country").value == ["Azerbaijan"]
    assert table_counts(app) == ["**1** outlet"]
