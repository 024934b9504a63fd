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


def test_every_date_reads_the_stored_outlet_rows_alone_in_their_order(atlas):
    """On any date the outlets and their groups are one filter of the stored rows (a row per outlet and period of its
    group): no join and no sort, so a CSV of all of them is written as read, whatever the date."""
    sql = without_final_order(query_sql("outlets"))
    params = {key: PARAMS[key] for key in query_parameters(sql)} | {"countries": [], "media_types": [], "q": ""}
    for as_of in ("1990-01-01", "2015-01-01", TODAY_PARAMS["as_of"]):
        for groups in ([], ["demiroren-holding"]):
            statement = f"explain select * from ({sql})"
            plan = " ".join(
                row[1]
                for row in atlas.connection.cursor()
                .execute(statement, params | {"as_of": as_of, "groups": groups})
                .fetchall()
            )
            assert "outlet_rows" in plan
            assert "JOIN" not in plan and "ORDER" not in plan and "control_periods" not in plan, (as_of, groups)


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
