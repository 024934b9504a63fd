"""The shortcuts Atlas takes for speed change no answer: a count or facet skips the query's final sort, and a facet
asks for the query's columns only when it fails."""

import pytest

from media_atlas.database import QueryError, query_names, query_parameters, query_sql, without_final_order
from tests.conftest import TODAY_PARAMS

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
    kept = [
        "select * from final order by name limit 5",
        "select * from final order by name offset 5",
        "select * from t order by (select 1)",
        "select * from t order by owned_id = $entity_id desc",
        "select row_number() over (order by name) from t",
        "select * from t order by name -- the names",
    ]
    assert [without_final_order(sql) for sql in kept] == kept


def test_facet_counts_add_up_to_the_table_and_name_a_missing_column(atlas):
    params = {key: PARAMS[key] for key in query_parameters(query_sql("outlets"))}
    facet = atlas.facet("outlets", ["country", "media_type"], **params)
    assert facet.rows.sum() == atlas.count("outlets", **params)
    assert list(facet.rows) == sorted(facet.rows, reverse=True)
    with pytest.raises(QueryError, match=r"^query 'outlets' has no column\(s\): nope, Not A Column$"):
        atlas.facet("outlets", ["country", "nope", "Not A Column"], **params)
