"""Outlets: the filtered outlets and their controlling groups on any date."""

from media_atlas.atlas import query_parameters, query_sql, without_final_order
from media_atlas.ui import tables
from tests.conftest import TODAY_PARAMS
from tests.page_runs import run_page, shown_names

PARAMS = TODAY_PARAMS | {
    "compare_as_of": "2015-01-01",
    "entity_id": "albayrak-media-group",
    "entity_ids": ["albayrak-media-group"],
    "person_ids": ["ahmet-albayrak"],
}


def test_outlet_filters_by_country_type_and_text(atlas):
    params = TODAY_PARAMS | {"countries": ["TR"], "media_types": ["magazine"], "q": "bilge"}
    rows = atlas.query("outlets", **params)
    assert list(rows.outlet_id) == ["bilge-cocuk", "bilge-minik"]


def test_another_dates_groups_are_read_only_where_a_group_is_read(atlas):
    """Each outlet's group on a date outside the stored window is read from its control periods and joined to the
    outlets (a tenth of a second at a million outlets): a count or a facet by country plans none of it, while the rows,
    and a group filter, need it."""
    sql = without_final_order(query_sql("outlets"))
    earlier = PARAMS | {"as_of": "2015-01-01", "countries": [], "groups": [], "media_types": [], "q": ""}

    def reads_periods(statement: str, params: dict) -> bool:
        plan = atlas.connection.cursor().execute("explain " + statement.format(sql), params).fetchall()
        return any("control_periods_built" in row[1] for row in plan)

    params = {key: earlier[key] for key in query_parameters(sql)}
    assert not reads_periods("select count(*) from ({})", params)
    assert not reads_periods("select country, count(*) from ({}) group by all", params)
    assert reads_periods("select * from ({})", params)
    assert reads_periods("select count(*) from ({})", params | {"groups": ["albayrak-holding"]})
    stored_on = atlas.connection.cursor().execute("select stored_on from stored_window").fetchall()[0][0]
    assert not reads_periods("select * from ({})", params | {"as_of": stored_on})
    # The network's walk reads the matching outlets inside a recursive CTE, where DuckDB drops no join: it asks for
    # another date's groups only to filter by them.
    sql = query_sql("ownership_network")
    assert not reads_periods("select * from ({})", params)
    assert reads_periods("select * from ({})", params | {"groups": ["albayrak-holding"]})


def test_a_sort_orders_every_matching_row_not_one_page_and_lives_in_the_url(small_world, monkeypatch):
    monkeypatch.setattr(tables, "PAGE_SIZE", 3)
    # As listed: by type, country and founding date, the order the outlets are stored in.
    as_listed = run_page("pages/1_Outlets.py")
    assert shown_names(as_listed.dataframe[0].value.name) == ["Trend News Agency", "Anadolu Agency", "Hürriyet"]
    app = run_page("pages/1_Outlets.py", **{"outlets-sort": "founded ↓"})
    assert app.selectbox(key="outlets-sort").value == "founded ↓"
    latest = app.dataframe[0].value
    assert list(zip(shown_names(latest.name), latest.founded, strict=True)) == [
        ("Kanal 7", "1993"),
        ("Star TV", "1989-03-01"),
        ("Hürriyet", "1948-05-01"),
    ]
    app.selectbox(key="outlets-sort").select("founded ↑").run()
    assert list(app.dataframe[0].value.founded) == ["1920-04-06", "1948-05-01", "1989-03-01"]
