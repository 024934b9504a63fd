"""Look-through ownership and controlling groups on hand-built graphs with known answers, and on random graphs
against a small, obviously correct Python reference. Every database is built from CSV by the production build."""

import itertools
from collections import defaultdict
from datetime import date, timedelta

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from media_atlas.atlas import Atlas
from tests.small_worlds import SOURCE, SOURCE_ROW, built_atlas, link, org, outlet

ON = "2020-06-01"

ORGS = [
    "chain-a", "chain-b", "chain-c", "diamond-top", "diamond-left", "diamond-right", "cycle-x", "cycle-y",
    "range-p", "range-q", "unknown-u", "unknown-v", "old-owner", "new-owner", "network", "printer", "wiki-owner",
    "over-1", "over-2",
]  # fmt: skip
DEEP = [f"deep-{n:03d}" for n in range(103)]  # 102 links among owners, over the cap of 100
LONG = [f"long-{n:02d}" for n in range(31)]  # 30 links among owners, as real registers hold, under the cap
OUTLETS = ["chain-tv", "diamond-tv", "cycle-tv", "range-tv", "unknown-tv", "dated-tv", "wiki-only-tv", "over-tv"]
CURATED_LINKS = [
    link("chain-a", "chain-b", 50),
    link("chain-b", "chain-c", 50),
    link("chain-c", "chain-tv", 50),
    link("diamond-top", "diamond-left", 60),
    link("diamond-top", "diamond-right", 40),
    link("diamond-left", "diamond-tv", 50),
    link("diamond-right", "diamond-tv", 50),
    link("cycle-x", "cycle-y", 50),
    link("cycle-y", "cycle-x", 50),
    link("cycle-y", "cycle-tv", 100),
    link("range-p", "range-q", 40, 60),
    link("range-q", "range-tv", 50),
    link("unknown-u", "unknown-v"),
    link("unknown-v", "unknown-tv", 50),
    link("old-owner", "dated-tv", 100, start="2001", end="2019-12"),
    link("new-owner", "dated-tv", 100, start="2021-01-01"),
    link("network", "chain-tv", interest="affiliation"),
    link("printer", "chain-tv", interest="publisher"),
    link("over-1", "over-tv", 60),
    link("over-2", "over-tv", 50),
]
DEEP_LINKS = [link(owner, owned, 100) for owner, owned in itertools.pairwise([*DEEP, "deep-tv"])]
LONG_LINKS = [link(owner, owned, 100) for owner, owned in itertools.pairwise([*LONG, "long-tv"])]
# Another layer's claims: ignored where the curated layer speaks about the same owned entity.
WIKIDATA_LINKS = [link("wiki-owner", "chain-tv", 100), link("wiki-owner", "wiki-only-tv", 100)]


@pytest.fixture(scope="module")
def graph_atlas(tmp_path_factory) -> Atlas:
    organisations = [org(name) for name in ORGS + DEEP + LONG]
    outlets = [outlet(name) for name in [*OUTLETS, "deep-tv", "long-tv"]]
    curated = {"organisations": organisations, "outlets": outlets, "ownership": CURATED_LINKS + DEEP_LINKS + LONG_LINKS}
    return built_atlas(tmp_path_factory.mktemp("graph") / "data", curated, wikidata={"ownership": WIKIDATA_LINKS})


def lookthrough(atlas: Atlas, as_of: str = ON) -> dict[tuple[str, str], tuple]:
    rows = atlas.query("lookthrough", as_of=as_of)
    assert not rows.duplicated(["owner_id", "owned_id"]).any(), "one row per pair"
    return {
        (row.owner_id, row.owned_id): (_number(row.effective_min), _number(row.effective_max), row.depth, row.paths)
        for row in rows.itertuples()
    }


def _number(value):
    return None if value != value else float(value)  # NaN (unknown) → None


def test_a_chain_of_three_halves_is_one_eighth(graph_atlas):
    pairs = lookthrough(graph_atlas)
    assert pairs["chain-a", "chain-tv"] == (12.5, 12.5, 3, 1)
    assert pairs["chain-a", "chain-c"] == (25.0, 25.0, 2, 1)
    assert pairs["chain-c", "chain-tv"] == (50.0, 50.0, 1, 1)


def test_a_diamond_sums_its_two_paths(graph_atlas):
    assert lookthrough(graph_atlas)["diamond-top", "diamond-tv"] == (50.0, 50.0, 2, 2)


def test_a_cycle_is_stopped_and_reported(graph_atlas):
    pairs = lookthrough(graph_atlas)
    cycle = {pair: value for pair, value in pairs.items() if pair[0].startswith("cycle")}
    assert cycle == {
        ("cycle-x", "cycle-y"): (50.0, 50.0, 1, 1),
        ("cycle-y", "cycle-x"): (50.0, 50.0, 1, 1),
        ("cycle-y", "cycle-tv"): (100.0, 100.0, 1, 1),
        ("cycle-x", "cycle-tv"): (50.0, 50.0, 2, 1),
    }
    findings = graph_atlas.query("data_quality", as_of=ON)
    cycles = findings[findings["check"] == "ownership cycle"]
    assert list(cycles.entity_id) == ["cycle-x", "cycle-y"]
    assert list(cycles.detail) == [
        "owns itself through a cycle of 2 links: cycle-x → cycle-y → cycle-x",
        "owns itself through a cycle of 2 links: cycle-y → cycle-x → cycle-y",
    ]
    assert set(cycles.source_url) == {"https://example.org/fixture"}


def test_a_chain_of_thirty_links_is_followed_to_its_top(graph_atlas):
    assert lookthrough(graph_atlas)["long-00", "long-tv"] == (100.0, 100.0, 31, 1)
    groups = graph_atlas.query("controlling_groups", as_of=ON)
    assert dict(zip(groups.outlet_id, groups.group_id, strict=True))["long-tv"] == "long-00"


def test_paths_are_cut_at_the_depth_cap_and_reported(graph_atlas):
    cap = graph_atlas.connection.cursor().execute("select lookthrough_depth_cap()").fetchall()[0][0]
    assert cap == 100
    pairs = lookthrough(graph_atlas)
    assert pairs["deep-000", "deep-100"] == (100.0, 100.0, 100, 1)
    assert ("deep-000", "deep-101") not in pairs
    assert pairs["deep-002", "deep-tv"] == (100.0, 100.0, 101, 1)  # the last link into an outlet comes on top
    findings = graph_atlas.query("data_quality", as_of=ON)
    cut = findings[findings["check"] == "depth cap reached"]
    assert list(zip(cut.entity_id, cut.detail, strict=True)) == [
        ("deep-000", "a path of 100 links from it to deep-100 was not followed further"),
        ("deep-001", "a path of 100 links from it to deep-101 was not followed further"),
    ]


def test_ranges_multiply_as_ranges(graph_atlas):
    min_share, max_share, depth, _ = lookthrough(graph_atlas)["range-p", "range-tv"]
    assert (min_share, max_share, depth) == (pytest.approx(20.0), pytest.approx(30.0), 2)


def test_an_unknown_share_makes_the_effective_share_unknown_not_zero(graph_atlas):
    pairs = lookthrough(graph_atlas)
    assert pairs["unknown-u", "unknown-tv"] == (None, None, 2, 1)
    assert pairs["unknown-u", "unknown-v"] == (None, None, 1, 1)


def test_interests_count_only_between_their_start_and_end(graph_atlas):
    owners_of_dated = {owner for owner, owned in lookthrough(graph_atlas) if owned == "dated-tv"}
    assert owners_of_dated == set()
    assert ("old-owner", "dated-tv") in lookthrough(graph_atlas, "2019-11-30")
    assert ("new-owner", "dated-tv") in lookthrough(graph_atlas, "2021-01-01")
    assert ("old-owner", "dated-tv") not in lookthrough(graph_atlas, "2019-12")


def test_affiliations_publishers_and_overruled_layers_are_not_ownership(graph_atlas):
    owners_of_chain_tv = {owner for owner, owned in lookthrough(graph_atlas) if owned == "chain-tv"}
    assert owners_of_chain_tv == {"chain-a", "chain-b", "chain-c"}
    assert lookthrough(graph_atlas)["wiki-owner", "wiki-only-tv"] == (100.0, 100.0, 1, 1)


def test_controlling_groups_follow_the_controlling_chain_to_its_top(graph_atlas):
    groups = graph_atlas.query("controlling_groups", as_of=ON)
    assert dict(zip(groups.outlet_id, groups.group_id, strict=True)) == {
        "chain-tv": "chain-a",  # 50% is the largest known share at each step
        # no diamond-tv: its two owners hold 50% each, so neither controls it
        "cycle-tv": "cycle-x",  # the walk stops before cycle-y comes round again
        "range-tv": "range-p",
        "unknown-tv": "unknown-u",  # the sole owner of unknown share controls
        "wiki-only-tv": "wiki-owner",
        "over-tv": "over-1",
        "deep-tv": "deep-002",  # the walk from its owner deep-102 stops at the depth cap, 100 links up
        "long-tv": "long-00",
    }
    assert set(
        graph_atlas.query("controlling_groups", as_of="2022-01-01").query("outlet_id == 'dated-tv'").group_id
    ) == {"new-owner"}


def test_shares_over_100_percent_are_reported(graph_atlas):
    findings = graph_atlas.query("data_quality", as_of=ON)
    over = findings[findings["check"] == "shares over 100%"]
    assert list(over.entity_id) == ["over-tv"]
    assert list(over.detail) == ["known shares of its owners add up to 110.0%: over-1 60.0%, over-2 50.0%"]


def test_entity_chain_goes_up_to_the_top_and_down_to_everything_held(graph_atlas):
    chain = graph_atlas.query("entity_chain", entity_id="chain-b", as_of=ON)
    rows = [(r.direction, r.depth, r.owner_id, r.owned_id, r.share_min, r.effective_min) for r in chain.itertuples()]
    assert rows == [
        ("up", 1, "chain-a", "chain-b", 50.0, 50.0),
        ("down", 1, "chain-b", "chain-c", 50.0, 50.0),
        ("down", 2, "chain-c", "chain-tv", 50.0, 25.0),
    ]
    up = graph_atlas.query("entity_chain", entity_id="diamond-tv", as_of=ON)
    assert sorted(zip(up.owner_id, up.effective_min, strict=True)) == [
        ("diamond-left", 50.0),
        ("diamond-right", 50.0),
        ("diamond-top", 50.0),
        ("diamond-top", 50.0),
    ]


def test_one_entitys_lookthrough_is_the_whole_lookthrough_filtered_to_it(graph_atlas):
    """lookthrough_into and lookthrough_from, which entity_chain and entity_portfolio read, give exactly the rows of
    the whole look-through whose owned entity, or owner, is the one asked for: every entity, on three dates."""
    cursor = graph_atlas.connection.cursor()
    entities = [row[0] for row in cursor.execute("select entity_id from entities order by entity_id").fetchall()]
    found = {"into": 0, "from": 0}
    for day in (ON, "2010-01-01", "2022-01-01"):
        whole = cursor.execute("select * from lookthrough_as_of($day)", {"day": day}).fetchall()
        for entity_id in entities:
            params = {"day": day, "entity_id": entity_id}
            into = cursor.execute("select * from lookthrough_into($day, $entity_id)", params).fetchall()
            held = cursor.execute("select * from lookthrough_from($day, $entity_id)", params).fetchall()
            assert sorted(into) == sorted(row for row in whole if row[1] == entity_id), (day, entity_id)
            assert sorted(held) == sorted(row for row in whole if row[0] == entity_id), (day, entity_id)
            found["into"] += len(into)
            found["from"] += len(held)
    assert found["into"] == found["from"] > 100


def records(frame: pd.DataFrame) -> list[tuple]:
    """Rows as tuples, every missing value as None (a page and a whole result convert them differently)."""
    return [tuple(None if pd.isna(value) else value for value in row) for row in frame.itertuples(index=False)]


def test_a_chains_count_and_pages_are_those_of_its_rows(graph_atlas):
    """The profile counts the chain and shows a page of it in its own order (Atlas.count and Atlas.page wrap the
    query): the count is the number of rows and each page is the next rows of the whole chain, for every entity."""
    cursor = graph_atlas.connection.cursor()
    entities = [row[0] for row in cursor.execute("select entity_id from entities order by entity_id").fetchall()]
    longest = 0
    for entity_id in entities:
        params = {"entity_id": entity_id, "as_of": ON}
        rows = graph_atlas.query("entity_chain", **params)
        assert graph_atlas.count("entity_chain", **params) == len(rows), entity_id
        for offset in (0, 2):
            page = graph_atlas.page("entity_chain", limit=2, offset=offset, **params)
            assert records(page) == records(rows.iloc[offset : offset + 2]), (entity_id, offset)
        longest = max(longest, len(rows))
    assert longest > 4


def test_each_link_of_a_chain_is_named_as_its_two_entities_are(graph_atlas):
    """The chain names a link's ends from the entities it reaches and the one asked for, not by looking both ends up
    among every entity: each row's names and types are its two entities', for every entity on three dates."""
    cursor = graph_atlas.connection.cursor()
    named = {row[0]: row[1:] for row in cursor.execute("select entity_id, name, entity_type from entities").fetchall()}
    links = 0
    for day in (ON, "2010-01-01", "2022-01-01"):
        for entity_id in named:
            chain = graph_atlas.query("entity_chain", entity_id=entity_id, as_of=day)
            for row in chain.itertuples():
                assert (row.owner_name, row.owner_type) == named[row.owner_id], (day, entity_id, row.owner_id)
                assert (row.owned_name, row.owned_type) == named[row.owned_id], (day, entity_id, row.owned_id)
            links += len(chain)
    assert links > 50


def test_a_chain_of_entities_of_one_name_pages_in_one_order(tmp_path):
    """Outlets of one name held alike tie on everything the chain lists them by but their ids: the ids order them,
    so paging through the chain one row at a time meets every row once, in the order of the whole chain."""
    twins = [f"twin-{letter}" for letter in "fedcba"]  # written to the CSV against the order of their ids
    world = built_atlas(
        tmp_path / "data",
        {
            "organisations": [org("twin-owner")],
            "outlets": [outlet(twin) | {"name": "Kanal 1"} for twin in twins],
            "ownership": [link("twin-owner", twin, 100) for twin in twins],
        },
    )
    params = {"entity_id": "twin-owner", "as_of": ON}
    chain = world.query("entity_chain", **params)
    assert list(chain.owned_id) == sorted(twins)
    paged = [world.page("entity_chain", limit=1, offset=offset, **params).owned_id[0] for offset in range(len(twins))]
    assert paged == sorted(twins)


def test_entity_neighbours_list_every_direct_interest(graph_atlas):
    rows = graph_atlas.query("entity_neighbours", entity_id="chain-tv", as_of=ON)
    assert sorted(zip(rows.owner_id, rows.interest, rows.counts_as_ownership, strict=True)) == [
        ("chain-c", "shareholding", True),
        ("network", "affiliation", False),
        ("printer", "publisher", False),
        ("wiki-owner", "shareholding", False),
    ]


# --- random graphs against a reference -------------------------------------------------------------------------

NODES = ["org-1", "org-2", "org-3", "org-4", "org-5", "tv-1", "tv-2", "tv-3"]
# A holder made of many small ones (free float): it never controls.
DISPERSED = "org-5"
# An organisation whose founding and dissolution may be known: it holds nothing outside its life.
DATED_ORGANISATION = "org-4"
REFERENCE_DAYS = ("2020-06-01", "2025-01-01")
# An undated claim holds from its source's date: published, else retrieved; the fixture's own source has none.
DATED_SOURCES = {
    "report-2015": SOURCE_ROW | {"source_id": "report-2015", "url": "https://example.org/2015", "published_on": "2015"},
    "page-2022": SOURCE_ROW | {"source_id": "page-2022", "url": "https://example.org/2022", "retrieved_on": "2022-06"},
}
SOURCE_DATES = {SOURCE: None, "report-2015": "2015", "page-2022": "2022-06"}


def date_before(iso: str) -> date:
    """The day before a full or partial ISO date (a partial date means its first day)."""
    return date.fromisoformat((iso + "-01-01")[:10]) - timedelta(days=1)


# Control is read from stored periods on any date: each date the random graphs use, and the day before it.
CHANGE_DAYS = ("1990", "2010", "2015", "2019", "2020-06-01", "2021", "2021-03", "2022-06", "2030")
CONTROL_DAYS = sorted(
    {day for changed_on in CHANGE_DAYS for day in (changed_on, str(date_before(changed_on)))} | set(REFERENCE_DAYS)
)


def is_ownership(row: dict) -> bool:
    """A shareholding or control that is not a 0% stake."""
    return row["interest"] in ("shareholding", "control") and (row["share_max"] is None or row["share_max"] > 0)


def holds(row: dict, day: str) -> bool:
    """Whether a claim is asserted on day: from its start, or its source's date when it has none, until its end."""
    start = row["start_date"] or SOURCE_DATES[row["source_id"]]
    return (start is None or start <= day) and (row["end_date"] is None or row["end_date"] > day)


def reference_edges(rows: list[dict], lives: dict[str, dict], day: str) -> dict[tuple[str, str], tuple]:
    """The holdings that count on day, one edge per pair with the largest known shares: ownership claims (curated
    wins), and in an entity that no claim says anyone holds, its operators' claims: on a date with one operator it
    holds the entity whole (a control), with several each holds an unknown share. A claim counts only while both its
    parties exist (lives: founded and closed or dissolved, by id)."""

    def exists(entity):
        dates = lives.get(entity)
        if dates is None:
            return True
        return (dates["founded"] is None or dates["founded"] <= day) and (
            dates["closed"] is None or dates["closed"] > day
        )

    curated_owned = {r["owned_id"] for r in rows if r["layer"] == "curated" and is_ownership(r)}
    held = {r["owned_id"] for r in rows if is_ownership(r)}
    running = [
        r
        for r in rows
        if r["interest"] == "operator" and r["owned_id"] not in held and holds(r, day) and exists(r["owner_id"])
    ]
    operators = defaultdict(set)
    for r in running:
        operators[r["owned_id"]].add(r["owner_id"])
    counted = [r for r in rows if is_ownership(r) and (r["layer"] == "curated" or r["owned_id"] not in curated_owned)]
    counted += [
        r | ({"interest": "control", "share_min": 100.0, "share_max": 100.0} if len(operators[r["owned_id"]]) == 1
             else {"interest": "shareholding", "share_min": None, "share_max": None})
        for r in running
    ]  # fmt: skip
    shares = defaultdict(list)
    for r in counted:
        if not holds(r, day):
            continue
        if not (exists(r["owner_id"]) and exists(r["owned_id"])):
            continue
        shares[r["owner_id"], r["owned_id"]].append(r)
    return {
        pair: (
            max((r["share_min"] for r in claims if r["share_min"] is not None), default=None),
            max((r["share_max"] for r in claims if r["share_max"] is not None), default=None),
            any(r["interest"] == "control" for r in claims),
        )
        for pair, claims in shares.items()
    }


def reference_lookthrough(edges) -> dict[tuple[str, str], tuple]:
    """Every simple path, enumerated: products along it, sums across paths, unknown if any path is unknown."""
    children = defaultdict(list)
    for (owner, owned), (share_min, share_max, _) in edges.items():
        children[owner].append((owned, share_min, share_max))
    paths = defaultdict(list)

    def walk(start, node, visited, effective_min, effective_max):
        for child, share_min, share_max in children[node]:
            if child in visited:
                continue
            next_min = None if effective_min is None or share_min is None else effective_min * share_min / 100
            next_max = None if effective_max is None or share_max is None else effective_max * share_max / 100
            paths[start, child].append((next_min, next_max, len(visited)))
            walk(start, child, [*visited, child], next_min, next_max)

    for start in list(children):
        walk(start, start, [start], 100.0, 100.0)

    def total(values):
        return None if None in values else min(sum(values), 100.0)

    return {
        pair: (total([p[0] for p in found]), total([p[1] for p in found]), min(p[2] for p in found), len(found))
        for pair, found in paths.items()
    }


def reference_controlling_groups(edges, outlets: dict[str, dict], day: str) -> dict[str, str]:
    """The top of each existing outlet's chain of controlling owners: a majority or explicit control, else the largest
    known share held by one owner alone, else a sole owner; a dispersed holder never controls."""
    by_owned = defaultdict(list)
    for (owner, owned), (share_min, _, control) in edges.items():
        if not owner.endswith(DISPERSED):
            by_owned[owned].append((owner, share_min, control))
    controller = {}
    for owned, owners in by_owned.items():
        controlling = [o for o in owners if o[2] or (o[1] or 0) > 50]
        known = sorted((o for o in owners if o[1] is not None), key=lambda o: -o[1])
        if controlling:
            controller[owned] = min(controlling, key=lambda o: (-(o[1] if o[1] is not None else -1), o[0]))[0]
        elif known and (len(known) == 1 or known[0][1] > known[1][1]):
            controller[owned] = known[0][0]
        elif len(owners) == 1:
            controller[owned] = owners[0][0]
    groups = {}
    for outlet_id, dates in outlets.items():
        exists = (dates["founded"] is None or dates["founded"] <= day) and (
            dates["closed"] is None or dates["closed"] > day
        )
        if not exists or outlet_id not in controller:
            continue
        visited = [outlet_id]
        while visited[-1] in controller and controller[visited[-1]] not in visited:
            visited.append(controller[visited[-1]])
        groups[outlet_id] = visited[-1]
    return groups


share_ranges = st.one_of(
    st.just((None, None)),
    st.sampled_from([0.0, 10.0, 25.0, 40.0, 50.0, 60.0, 75.0, 100.0]).map(lambda s: (s, s)),
    st.sampled_from([(0.0, 10.0), (20.0, 40.0), (45.0, 55.0), (60.0, 80.0)]),
)
ownership_rows = st.fixed_dictionaries(
    {
        "owner_id": st.sampled_from(NODES[:6]),
        "owned_id": st.sampled_from(NODES),
        "interest": st.sampled_from(
            ["shareholding", "shareholding", "shareholding", "control", "publisher", "operator"]
        ),
        "shares": share_ranges,
        "start_date": st.sampled_from([None, None, "2010", "2021-03"]),
        "end_date": st.sampled_from([None, None, None, "2020-06-01", "2030"]),
        "layer": st.sampled_from(["curated", "curated", "wikidata"]),
        "source_id": st.sampled_from([SOURCE, SOURCE, *DATED_SOURCES]),
    }
).filter(lambda r: r["owner_id"] != r["owned_id"])
outlet_dates = st.fixed_dictionaries(
    {"founded": st.sampled_from([None, None, "1990", "2021"]), "closed": st.sampled_from([None, None, None, "2019"])}
).filter(lambda dates: dates["founded"] is None or dates["closed"] is None or dates["closed"] >= dates["founded"])


organisation_life = st.fixed_dictionaries(
    {"founded": st.sampled_from([None, None, "2015"]), "closed": st.sampled_from([None, None, "2022-06"])}
)
graphs = st.tuples(
    st.lists(ownership_rows, min_size=3, max_size=16),
    st.lists(outlet_dates, min_size=3, max_size=3),
    organisation_life,
)
GRAPHS_PER_BUILD = 3


def combined(graphs: list[tuple[list[dict], list[dict], dict]]) -> tuple[list[dict], dict[str, dict], dict[str, dict]]:
    """Several random graphs as one atlas: each graph's ids get its own prefix, so they never touch. Returns the claims,
    the outlets' dates and the dated organisations' (founded, and dissolved as `closed`)."""
    rows, outlets, organisations = [], {}, {}
    for number, (graph_rows, tv_dates, life) in enumerate(graphs):
        prefix = f"g{number}-"
        for r in graph_rows:
            if r["end_date"] is None or r["start_date"] is None or r["end_date"] >= r["start_date"]:
                shares = {"share_min": r["shares"][0], "share_max": r["shares"][1]}
                rows.append(r | shares | {"owner_id": prefix + r["owner_id"], "owned_id": prefix + r["owned_id"]})
        outlets |= {prefix + name: dates for name, dates in zip(NODES[5:], tv_dates, strict=True)}
        organisations[prefix + DATED_ORGANISATION] = life
    return rows, outlets, organisations


# Ten builds of three graphs each: thirty random graphs, at a third of the builds' cost.
@settings(max_examples=10, deadline=None)
@given(graph_list=st.lists(graphs, min_size=GRAPHS_PER_BUILD, max_size=GRAPHS_PER_BUILD))
def test_lookthrough_and_control_match_the_reference_on_random_graphs(tmp_path_factory, graph_list):
    rows, outlets, organisation_lives = combined(graph_list)
    lives = outlets | organisation_lives
    data = tmp_path_factory.mktemp("random") / "data"
    by_layer = {layer: [link(r["owner_id"], r["owned_id"], r["share_min"], r["share_max"], interest=r["interest"],
                             start=r["start_date"], end=r["end_date"]) | {"source_id": r["source_id"]}
                        for r in rows if r["layer"] == layer]
                for layer in ("curated", "wikidata")}  # fmt: skip
    organisations = [
        org(f"g{number}-{name}")
        | ({"kind": "dispersed"} if name == DISPERSED else {})
        | {"founded": lives.get(f"g{number}-{name}", {}).get("founded")}
        | {"dissolved": lives.get(f"g{number}-{name}", {}).get("closed")}
        for number in range(GRAPHS_PER_BUILD)
        for name in NODES[:5]
    ]
    outlet_rows = [outlet(name, **dates) for name, dates in outlets.items()]
    curated = {"sources": [SOURCE_ROW, *DATED_SOURCES.values()], "organisations": organisations}
    curated |= {"outlets": outlet_rows, "ownership": by_layer["curated"]}
    atlas = built_atlas(data, curated, wikidata={"ownership": by_layer["wikidata"]})

    for day in REFERENCE_DAYS:
        edges = reference_edges(rows, lives, day)
        expected = reference_lookthrough(edges)
        actual = lookthrough(atlas, day)
        assert actual.keys() == expected.keys()
        for pair, (effective_min, effective_max, depth, paths) in expected.items():
            assert actual[pair] == (pytest.approx(effective_min), pytest.approx(effective_max), depth, paths), pair
        for entity_id in ("g0-org-1", "g1-org-2", "g2-tv-1"):
            assert chain_reach(atlas, entity_id, day) == approx_reach(expected, entity_id), entity_id
    for day in CONTROL_DAYS:
        groups = atlas.query("controlling_groups", as_of=day)
        expected_groups = reference_controlling_groups(reference_edges(rows, lives, day), outlets, day)
        assert dict(zip(groups.outlet_id, groups.group_id, strict=True)) == expected_groups, day
    atlas.connection.close()


def chain_reach(atlas: Atlas, entity_id: str, day: str) -> dict[tuple[str, str], tuple]:
    """What entity_chain says each entity in the chain holds of $entity_id (up) or $entity_id holds of it (down)."""
    chain = atlas.query("entity_chain", entity_id=entity_id, as_of=day)
    return {
        (row.owner_id, entity_id) if row.direction == "up" else (entity_id, row.owned_id): (
            _number(row.effective_min),
            _number(row.effective_max),
            row.depth,
        )
        for row in chain.itertuples()
    }


def approx_reach(expected: dict, entity_id: str) -> dict[tuple[str, str], tuple]:
    return {
        pair: (pytest.approx(effective_min), pytest.approx(effective_max), depth)
        for pair, (effective_min, effective_max, depth, _) in expected.items()
        if entity_id in pair
    }


def test_the_reference_agrees_with_the_hand_computed_answers():
    chain = {("a", "b"): (50.0, 50.0, False), ("b", "c"): (50.0, 50.0, False), ("c", "tv"): (50.0, 50.0, False)}
    assert reference_lookthrough(chain)["a", "tv"] == (12.5, 12.5, 3, 1)
    cycle = {("x", "y"): (50.0, 50.0, False), ("y", "x"): (50.0, 50.0, False)}
    assert reference_lookthrough(cycle) == {("x", "y"): (50.0, 50.0, 1, 1), ("y", "x"): (50.0, 50.0, 1, 1)}
