# ruff: noqa: RUF001 -- Turkish names: the dotless i is data, not a typo.
"""Ownership: the network, a chain with effective shares, and how the network is laid out and labelled."""

import pandas as pd
import pytest

from media_atlas.ui.charts import (
    layered_positions,
    share_label,
)
from tests.conftest import TODAY_PARAMS
from tests.page_runs import run_page, shown_names, table_counts


def test_following_an_entity_shows_its_chain_and_neighbours(small_world):
    app = run_page("pages/3_Ownership.py", in_app=True, entity="hayat gorsel")
    assert app.selectbox(key="entity-choice").value == "Hayat Görsel Yayıncılık (organisation, TR)"
    assert table_counts(app) == ["**18** ownership links", "**5** links in the chain"]
    chain = app.dataframe[1].value
    links = zip(shown_names(chain.owner_name), shown_names(chain.owned_name), chain.share, strict=True)
    assert sorted(links) == [
        ("Hayat Görsel Yayıncılık", "Kanal 7", ""),  # unknown: a blank cell
        ("Mustafa Çelik", "Hayat Görsel Yayıncılık", "25%"),
        ("Zahid Akman", "Hayat Görsel Yayıncılık", "25%"),
        ("Zekeriya Karaman", "Hayat Görsel Yayıncılık", "25%"),
        ("İsmail Karahan", "Hayat Görsel Yayıncılık", "25%"),
    ]


def test_network_ranks_each_owner_s_links_by_name_then_interest(atlas):
    """Two interests of one owner in one entity (Turkuvaz's control and shareholding in ATV) get fixed ranks, so the
    first N rows (what the network draws) are the same on every run."""
    links = atlas.query("ownership_network", **(TODAY_PARAMS | {"countries": ["TR"]}))
    keys = ["owned_name", "owned_id", "interest", "start_date", "end_date", "share_min", "share_max", "source_id"]
    for _, owned in links.groupby("owner_id"):
        assert list(owned.sort_values(keys, na_position="last").rank_in_owner) == list(range(1, len(owned) + 1))
    atv = links[(links.owner_id == "turkuvaz-media-group") & (links.owned_id == "atv-turkey")]
    assert list(atv.interest) == ["control", "shareholding"]


@pytest.mark.parametrize(
    ("low", "high", "label"),
    [(51.0, 51.0, "51%"), (25.0, 30.5, "25\u201330.5%"), (None, None, ""), (float("nan"), float("nan"), "")],
)
def test_share_labels(low, high, label):
    assert share_label(low, high) == label


def test_owners_sit_above_what_they_own_even_around_a_cycle():
    links = pd.DataFrame(
        {
            "owner_id": ["holding", "group", "group", "a", "b"],
            "owned_id": ["group", "tv", "paper", "b", "a"],
        }
    )
    positions = layered_positions(links)
    assert positions["tv"][1] == positions["paper"][1] == 0.0
    assert positions["group"][1] == 1.0
    assert positions["holding"][1] == 2.0
    assert {positions["a"][1], positions["b"][1]} == {0.0, 1.0}
