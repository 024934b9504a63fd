"""The shortcuts Atlas takes for speed change no answer: a count or facet skips the query's final sort, and a facet
asks for the query's columns only when it fails."""

import pytest
import streamlit as st

from media_atlas import DATA_DIR
from media_atlas.atlas import QueryError, query_names, query_parameters, query_sql, without_final_order
from media_atlas.ui import app
from tests.conftest import TODAY_PARAMS
from tests.test_lookthrough import date_before

PARAMS = TODAY_PARAMS | {
    "compare_as_of": "2015-01-01",
    "entity_id": "albayrak-media-group",
    "entity_ids": ["albayrak-media-group"],
}


@pytest.mark.parametrize("name", query_names())
def test_count_without_the_final_sort_counts_every_row(atlas, name):
    params = {key: PARAMS[key] for key in query_parameters(query_sql(name))}
    assert atlas.count(name, **params) == len(atlas.query(name, **params))


def test_only_a_final_order_by_is_dropped():
    assert without_final_order("select * from final\norder by name, outlet_id\n") == "select * from final\n"
    assert without_final_order("select * from t order by kind = 'outlet', name") == "select * from t "
    assert without_final_order("select * from t order by owned_id = $entity_id desc") == "select * from t "
    kept = [
        "select * from final order by name limit 5",
        "select * from final order by name offset 5",
        "select * from t order by (select 1)",
        "select row_number() over (order by name) from t",
        "select * from t order by name -- the names",
        "select * from t order by kind = 'outlet'' limit 1', name",
    ]
    assert [without_final_order(sql) for sql in kept] == kept


def test_facet_counts_add_up_to_the_table_and_name_a_missing_column(atlas):
    params = {key: PARAMS[key] for key in query_parameters(query_sql("outlets"))}
    facet = atlas.facet("outlets", ["country", "media_type"], **params)
    assert facet.rows.sum() == atlas.count("outlets", **params)
    assert list(facet.rows) == sorted(facet.rows, reverse=True)
    with pytest.raises(QueryError, match=r"^query 'outlets' has no column\(s\): nope, Not A Column$"):
        atlas.facet("outlets", ["country", "nope", "Not A Column"], **params)


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
    assert not reads_periods("select * from ({})", params | {"as_of": TODAY_PARAMS["as_of"]})
    # The network's walk reads the matching outlets inside a recursive CTE, where DuckDB drops no join: it asks for
    # another date's groups only to filter by them.
    sql = query_sql("ownership_network")
    assert not reads_periods("select * from ({})", params)
    assert reads_periods("select * from ({})", params | {"groups": ["albayrak-holding"]})


def test_pages_cut_from_blocks_are_the_query_pages(shipped_db, atlas, monkeypatch):
    """The dashboard fetches rows in blocks and cuts pages from them: a page across two blocks, and the count
    taken from a short first block, are what the database answers directly."""
    monkeypatch.setenv("MEDIA_ATLAS_DB", str(shipped_db))
    monkeypatch.setenv("MEDIA_ATLAS_DATA", str(DATA_DIR))
    st.cache_data.clear()
    across = app.page("outlets", 50, app.PAGE_BLOCK - 20, **TODAY_PARAMS)
    expected = atlas.page("outlets", limit=50, offset=app.PAGE_BLOCK - 20, **TODAY_PARAMS)
    assert across.outlet_id.tolist() == expected.outlet_id.tolist()
    azerbaijan = TODAY_PARAMS | {"countries": ["AZ"]}
    assert app.count("outlets", **azerbaijan) == atlas.count("outlets", **azerbaijan) < app.PAGE_BLOCK
    assert app.count("outlets", **TODAY_PARAMS) == atlas.count("outlets", **TODAY_PARAMS) > app.PAGE_BLOCK


def test_stored_outlet_rows_group_sizes_and_counts_match_the_computed_ones(atlas):
    """What the build stores for its day is what the macros compute for any other day."""
    cursor = atlas.connection.cursor()
    built_on = cursor.execute("select built_on from build_window").fetchall()[0][0]
    differing = cursor.execute(
        """
        with stored as (select outlet_id, group_id, group_name from outlet_rows_built where group_id is not null),
        computed as (
            select controlling.outlet_id, controlling.group_id, entities.name
            from controlling_groups_computed($day) as controlling
            join entities on entities.entity_id = controlling.group_id
        )
        select count(*) from ((from stored except from computed) union all (from computed except from stored))
        """,
        {"day": built_on},
    ).fetchall()[0][0]
    assert differing == 0
    sizes = "select group_id, group_name, country, outlets from {} order by group_id"
    stored = cursor.execute(sizes.format("group_sizes_built")).fetchall()
    computed = cursor.execute(sizes.format("group_sizes_computed($day)"), {"day": built_on}).fetchall()
    assert stored == computed and len(stored) > 10
    counts = "select country, media_type, outlets from {} order by all"
    stored = cursor.execute(counts.format("outlet_counts_built")).fetchall()
    raw = "(select country, media_type, count(*) as outlets from outlets_as_of($day) group by all)"
    computed = cursor.execute(counts.format(raw), {"day": built_on}).fetchall()
    assert stored == computed and sum(row[2] for row in stored) > 100


def test_stored_periods_give_the_computed_holdings_and_groups_on_every_date_something_changes_hands(atlas):
    """Any date's holdings and groups are read from the periods the build stores; computed from that date's links
    they are the same on every date an interest starts or ends and the day before it, and every date an outlet that
    owns something, or that the curated layer says is owned, opens or closes."""
    cursor = atlas.connection.cursor()

    def dates(sql: str) -> set[str]:
        rows = cursor.execute(f"select * from ({sql}) as dates(day) where day is not null").fetchall()
        return {row[0] for row in rows}

    interests = dates("select start_date from ownership union select end_date from ownership")
    owning = "from outlets semi join ownership on ownership.owner_id = outlets.outlet_id"
    held = "from outlets semi join ownership on ownership.owned_id = outlets.outlet_id and ownership.layer = 'curated'"
    outlets = dates(
        f"select founded {owning} union select closed {owning} union select founded {held} union select closed {held}"
    )
    days = sorted(interests | {str(date_before(day)) for day in interests} | outlets)
    differing = """
        with periods as (select * from {0}_as_of($day)),
        computed as (select * from {0}_computed($day))
        select count(*) from ((from periods except all from computed) union all (from computed except all from periods))
    """
    assert len(days) > 60
    for rows in ("controlling_groups", "holdings"):
        assert [day for day in days if cursor.execute(differing.format(rows), {"day": day}).fetchall()[0][0]] == []
