"""The query runner (media_atlas/atlas.py): named queries with documented grain and bound parameters, counts,
pages, facets and their errors."""

import re

import pytest
import streamlit as st

from media_atlas import DATA_DIR
from media_atlas.atlas import QueryError, query_names, query_parameters, query_sql, summed_facet, without_final_order
from media_atlas.model import stored_views
from media_atlas.ui import app
from tests.conftest import TODAY_PARAMS

PARAMS = TODAY_PARAMS | {
    "compare_as_of": "2015-01-01",
    "entity_id": "albayrak-media-group",
    "entity_ids": ["albayrak-media-group"],
    "person_ids": ["ahmet-albayrak"],
}


def test_count_and_page_agree_with_the_full_query(atlas):
    everything = atlas.query("outlets", **TODAY_PARAMS)
    assert atlas.count("outlets", **TODAY_PARAMS) == len(everything)
    page = atlas.page("outlets", limit=3, offset=2, **TODAY_PARAMS)
    assert list(page.outlet_id) == list(everything.outlet_id[2:5])


def test_every_query_documents_grain_and_parameters():
    for name in query_names():
        header = query_sql(name).splitlines()[0]
        assert header.startswith("-- One row"), name
        documented = (
            set(query_sql(name).split("params:", 1)[1].splitlines()[0].replace("$", "").replace(",", " ").split())
            if query_parameters(query_sql(name))
            else set()
        )
        assert query_parameters(query_sql(name)) <= documented | {"page_limit", "page_offset"}, name


def test_unknown_query_and_missing_parameter_are_clear_errors(atlas):
    with pytest.raises(QueryError, match="no query named 'nope'"):
        atlas.query("nope")
    with pytest.raises(QueryError, match="needs parameter"):
        atlas.query("outlets")


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


def test_where_keeps_the_rows_whose_column_equals_a_bound_value(atlas):
    params = {"entity_id": "albayrak-media-group", "as_of": TODAY_PARAMS["as_of"]}
    chain = atlas.query("entity_chain", **params)
    up = chain[chain.direction == "up"]
    assert 0 < len(up) < len(chain)
    kept = atlas.page("entity_chain", limit=50, where={"direction": "up"}, **params)
    assert list(zip(kept.owner_id, kept.owned_id, strict=True)) == list(zip(up.owner_id, up.owned_id, strict=True))
    assert atlas.count("entity_chain", where={"direction": "up"}, **params) == len(up)
    by_depth = atlas.facet("entity_chain", ["depth"], where={"direction": "up", "interest": "control"}, **params)
    assert by_depth.rows.sum() == (up.interest == "control").sum()
    # The value is bound, never pasted into the SQL; the column is matched whole.
    assert atlas.count("entity_chain", where={"direction": "up' or true or '"}, **params) == 0
    with pytest.raises(QueryError):
        atlas.count("entity_chain", where={"direct": "up"}, **params)


def test_a_chain_read_up_never_walks_down(atlas):
    """Kept to the rows up, the chain's plan reads none of the tables its 'down' part reads: DuckDB folds the bound
    direction into the query and drops that branch (for the biggest group at a million outlets, 390,000 links)."""
    params = {"entity_id": "albayrak-media-group", "as_of": TODAY_PARAMS["as_of"]}

    def tables_read(where: dict | None) -> set[str]:
        plan = atlas._execute("entity_chain", "explain {query}", params, where=where).fetchall()[0][1]
        return set(re.findall(r"Table: (?:\w+\.)*(\w+)\b", plan)) & {stored.view for stored in stored_views()}

    down_only = {"holding_periods_by_owner", "owner_closure", "ever_owners"}
    assert down_only <= tables_read(None)
    assert tables_read({"direction": "up"}) == {"holding_periods", "owner_closure_by_owned"}
    assert not down_only & tables_read({"direction": "up"})


def test_a_facet_summed_over_fewer_columns_is_that_facet(atlas):
    params = {key: PARAMS[key] for key in query_parameters(query_sql("outlets"))}
    finer = atlas.facet("outlets", ["country", "media_type", "founded"], **params)
    for columns in (["country", "media_type"], ["media_type"]):
        assert summed_facet(finer, columns).equals(atlas.facet("outlets", columns, **params)), columns
