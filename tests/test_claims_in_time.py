"""The rules that decide which claims are ownership and on which dates (model/rules.sql § claims and § control): a claim
holds from its start, or an undated one from its source's date; a 0% stake is not ownership; a dispersed holder
(free float) never controls; a licensee passes its owners' interests to the outlet it runs."""

import pandas as pd
import pytest

from media_atlas.atlas import Atlas
from tests.small_worlds import SOURCE_ROW, built_atlas, link, org, outlet

SOURCE_2018 = SOURCE_ROW | {"source_id": "report-2018", "url": "https://example.org/2018", "published_on": "2018-03"}
RETRIEVED_2020 = SOURCE_ROW | {"source_id": "page-2020", "url": "https://example.org/2020", "retrieved_on": "2020"}
ORGANISATIONS = [org(name) for name in ("seller", "buyer", "archive-owner", "zero-holder", "family")]
ORGANISATIONS += [org(name) for name in ("licensee", "investor", "partner-a", "partner-b", "holder")]
ORGANISATIONS += [org("free-float") | {"kind": "dispersed"}]
ORGANISATIONS += [org(name) for name in ("first-licensee", "second-licensee", "first-owner", "second-owner")]
ORGANISATIONS += [org("dissolved-company") | {"dissolved": "2019"}, org("young-company") | {"founded": "2016"}]
CLAIMS = [
    link("seller", "sold-tv", 100, interest="control", end="2018-05-16") | {"source_id": "report-2018"},
    link("buyer", "sold-tv", 100, interest="control", start="2018-05-16") | {"source_id": "report-2018"},
    link("archive-owner", "undated-tv", 100) | {"source_id": "page-2020"},
    link("zero-holder", "zero-tv", 0),
    link("free-float", "listed-tv", 60),
    link("family", "listed-tv", 40),
    link("free-float", "floated-tv", 100),
    # A register's shape: the channel is attached to its licensee, and ownership runs above the licensee.
    link("investor", "licensee", 60),
    link("licensee", "licensed-tv", interest="operator"),
    link("partner-a", "joint-tv", interest="operator"),
    link("partner-b", "joint-tv", interest="operator"),
    link("holder", "held-tv", 100),
    link("licensee", "held-tv", interest="operator"),
    # A licence passed on in 2010, and one renewed in 2012: one operator on each date.
    link("first-owner", "first-licensee", 100),
    link("second-owner", "second-licensee", 70),
    link("first-licensee", "passed-tv", interest="operator", end="2010"),
    link("second-licensee", "passed-tv", interest="operator", start="2010"),
    link("second-licensee", "renewed-tv", interest="operator", end="2012"),
    link("second-licensee", "renewed-tv", interest="operator", start="2012"),
    # A holder's life bounds its claims: a page retrieved in 2020 about a company dissolved in 2019, and a claim from
    # 2010 about a company founded in 2016.
    link("dissolved-company", "orphaned-tv", 100) | {"source_id": "page-2020"},
    link("young-company", "young-tv", 100, start="2010"),
]
OUTLETS = [outlet(name) for name in ("sold-tv", "undated-tv", "zero-tv", "listed-tv", "floated-tv")]
OUTLETS += [outlet(name) for name in ("licensed-tv", "joint-tv", "held-tv", "passed-tv", "renewed-tv")]
OUTLETS += [outlet(name) for name in ("orphaned-tv", "young-tv")]


@pytest.fixture(scope="module")
def claims_atlas(tmp_path_factory) -> Atlas:
    curated = {"sources": [SOURCE_ROW, SOURCE_2018, RETRIEVED_2020], "organisations": ORGANISATIONS}
    curated |= {"outlets": OUTLETS, "ownership": CLAIMS}
    return built_atlas(tmp_path_factory.mktemp("claims") / "data", curated)


NO_FILTERS = {"countries": [], "groups": [], "media_types": [], "founded_from": None, "founded_to": None, "q": ""}


def groups_on(atlas: Atlas, as_of: str) -> dict[str, str]:
    groups = atlas.query("controlling_groups", as_of=as_of)
    return dict(zip(groups.outlet_id, groups.group_id, strict=True))


def owners_on(atlas: Atlas, as_of: str) -> set[tuple[str, str]]:
    rows = atlas.query("lookthrough", as_of=as_of)
    return set(zip(rows.owner_id, rows.owned_id, strict=True))


@pytest.mark.parametrize(
    ("as_of", "sold_tv", "undated_tv"),
    [
        ("2015-01-01", None, None),  # no source says who held either channel in 2015
        ("2018-04-01", "seller", None),  # the 2018 report's date, before the sale
        ("2019-01-01", "buyer", None),  # after the sale
        ("2021-01-01", "buyer", "archive-owner"),  # the undated claim holds from its source's retrieval, 2020
    ],
)
def test_claims_hold_from_their_start_or_their_sources_date(claims_atlas, as_of, sold_tv, undated_tv):
    groups = groups_on(claims_atlas, as_of)
    assert (groups.get("sold-tv"), groups.get("undated-tv")) == (sold_tv, undated_tv)
    owners = owners_on(claims_atlas, as_of)
    assert (("archive-owner", "undated-tv") in owners) == (undated_tv is not None)


def test_a_zero_percent_stake_is_not_ownership(claims_atlas):
    assert "zero-tv" not in groups_on(claims_atlas, "2021-01-01")
    assert ("zero-holder", "zero-tv") not in owners_on(claims_atlas, "2021-01-01")
    neighbours = claims_atlas.query("entity_neighbours", entity_id="zero-tv", as_of="2021-01-01")
    assert list(zip(neighbours.owner_id, neighbours.counts_as_ownership, strict=True)) == [("zero-holder", False)]


def test_free_float_never_controls_but_its_share_is_looked_through(claims_atlas):
    """60% in free float beside a 40% family stake: the family controls; a channel wholly floated has no group."""
    groups = groups_on(claims_atlas, "2021-01-01")
    assert groups["listed-tv"] == "family"
    assert "floated-tv" not in groups
    shares = claims_atlas.query("lookthrough", as_of="2021-01-01").set_index(["owner_id", "owned_id"])
    assert shares.loc[("free-float", "listed-tv"), "effective_min"] == 60
    assert pd.notna(shares.loc[("family", "listed-tv"), "effective_max"])


def test_a_sole_licensee_passes_its_owners_interests_to_the_outlet(claims_atlas):
    shares = claims_atlas.query("lookthrough", as_of="2021-01-01").set_index(["owner_id", "owned_id"])
    assert tuple(shares.loc[("investor", "licensed-tv"), ["effective_min", "effective_max"]]) == (60, 60)
    assert tuple(shares.loc[("licensee", "licensed-tv"), ["effective_min", "effective_max"]]) == (100, 100)
    assert groups_on(claims_atlas, "2021-01-01")["licensed-tv"] == "investor"


def test_joint_operators_hold_unknown_shares_and_an_owned_outlets_operator_nothing(claims_atlas):
    shares = claims_atlas.query("lookthrough", as_of="2021-01-01").set_index(["owner_id", "owned_id"])
    assert shares.loc[("partner-a", "joint-tv"), ["effective_min", "effective_max"]].isna().all()
    groups = groups_on(claims_atlas, "2021-01-01")
    assert "joint-tv" not in groups
    assert groups["held-tv"] == "holder"
    assert ("licensee", "held-tv") not in shares.index


@pytest.mark.parametrize(
    ("as_of", "passed_to"), [("2005-01-01", ("first-owner", 100)), ("2015-01-01", ("second-owner", 70))]
)
def test_a_sole_operator_on_each_date_holds_the_outlet_whole(claims_atlas, as_of, passed_to):
    """A licence passed on or renewed is two claims, but one operator on any date: whoever runs the channel then holds
    it whole, and its owners' interests pass through."""
    shares = claims_atlas.query("lookthrough", as_of=as_of).set_index(["owner_id", "owned_id"])
    owner, share = passed_to
    assert tuple(shares.loc[(owner, "passed-tv"), ["effective_min", "effective_max"]]) == (share, share)
    assert tuple(shares.loc[("second-owner", "renewed-tv"), ["effective_min", "effective_max"]]) == (70, 70)
    former = "second-owner" if owner == "first-owner" else "first-owner"
    assert (former, "passed-tv") not in shares.index
    groups = groups_on(claims_atlas, as_of)
    assert (groups["passed-tv"], groups["renewed-tv"]) == (owner, "second-owner")


@pytest.mark.parametrize(
    ("as_of", "young_tv"), [("2012-01-01", None), ("2017-01-01", "young-company"), ("2021-01-01", "young-company")]
)
def test_a_company_holds_nothing_before_its_founding_or_after_its_dissolution(claims_atlas, as_of, young_tv):
    """The dissolved company's claim is sourced after its dissolution, so no date supports it; the young company's
    claim starts before its founding and counts from it."""
    assert groups_on(claims_atlas, as_of).get("young-tv") == young_tv
    assert (("young-company", "young-tv") in owners_on(claims_atlas, as_of)) == (young_tv is not None)
    assert "orphaned-tv" not in groups_on(claims_atlas, as_of)
    assert ("dissolved-company", "orphaned-tv") not in owners_on(claims_atlas, as_of)
    history = claims_atlas.query("entity_history", entity_id="orphaned-tv", as_of=as_of)
    assert history.status.str.startswith("on no date").all() and not history.on_as_of.any()
    quality = claims_atlas.query("data_quality", as_of=as_of)
    on_no_date = quality[quality["check"] == "claim on no date"]
    assert set(on_no_date.entity_id) == {"orphaned-tv"} and set(on_no_date.source_id) == {"page-2020"}
    network = claims_atlas.query("ownership_network", **NO_FILTERS | {"as_of": as_of})
    assert "dissolved-company" not in set(network.owner_id)
    assert ("young-company" in set(network.owner_id)) == (young_tv is not None)


@pytest.mark.parametrize(
    ("outlet_id", "statuses"),
    [
        ("licensed-tv", {"licensee": "counts: licensee"}),
        ("joint-tv", {"partner-a": "counts: licensee", "partner-b": "counts: licensee"}),
        ("held-tv", {"holder": "counts", "licensee": "does not own"}),
        ("zero-tv", {"zero-holder": "does not own"}),
    ],
)
def test_an_outlets_history_says_which_claims_count_and_why(claims_atlas, outlet_id, statuses):
    history = claims_atlas.query("entity_history", entity_id=outlet_id, as_of="2021-01-01")
    owners = history[history.line == "owner"]
    assert dict(zip(owners.holder_id, owners.status, strict=True)) == statuses
