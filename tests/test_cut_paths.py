"""A chain of 110 links, longer than the depth cap of 100: wherever an effective share through it is shown (the
look-through, the chain table, the profile, the CSV downloads), the path cut at the cap is flagged."""

import csv
import io
import itertools

import pytest

from media_atlas.atlas import Atlas
from tests.page_runs import AS_OF, open_chain, run_page, shown_names
from tests.small_worlds import built_atlas, link, org, outlet

TALL = [f"tall-{n:03d}" for n in range(110)]  # 109 links among owners, then one into the outlet: 110 links
LINKS = [link(owner, owned, 100, start="2001") for owner, owned in itertools.pairwise([*TALL, "tall-tv"])]


@pytest.fixture(scope="module")
def tall_atlas(tmp_path_factory) -> Atlas:
    curated = {"organisations": [org(name) for name in TALL], "outlets": [outlet("tall-tv")], "ownership": LINKS}
    return built_atlas(tmp_path_factory.mktemp("tall") / "data", curated)


def test_the_look_through_flags_the_pairs_whose_path_reached_the_cap(tall_atlas):
    rows = tall_atlas.query("lookthrough", as_of=AS_OF)
    pairs = {(row.owner_id, row.owned_id): (row.depth, bool(row.cut)) for row in rows.itertuples()}
    # The outlet's owners are followed up to 100 links among owners; the walk stops at tall-009.
    assert pairs["tall-009", "tall-tv"] == (101, True)
    assert ("tall-008", "tall-tv") not in pairs
    # tall-000's holdings are followed down 100 links, to tall-100, which holds more.
    assert pairs["tall-000", "tall-100"] == (100, True)
    assert ("tall-000", "tall-101") not in pairs
    assert pairs["tall-050", "tall-tv"] == (60, False)
    assert pairs["tall-108", "tall-109"] == (1, False)
    cut = {pair for pair, (_, is_cut) in pairs.items() if is_cut}
    assert cut == {(f"tall-{n:03d}", f"tall-{n + 100:03d}") for n in range(10)} | {("tall-009", "tall-tv")}


def test_the_chain_flags_the_owner_where_the_walk_up_stopped(tall_atlas):
    chain = tall_atlas.query("entity_chain", entity_id="tall-tv", as_of=AS_OF)
    assert set(chain.direction) == {"up"}
    assert len(chain) == 101 and chain.depth.max() == 101
    assert list(chain[chain.cut].owner_id) == ["tall-009"]
    # Any date reads the same stored paths: the same flag in 2005; nothing before the links start.
    earlier = tall_atlas.query("entity_chain", entity_id="tall-tv", as_of="2005-06-01")
    assert list(earlier[earlier.cut].owner_id) == ["tall-009"] and len(earlier) == 101
    assert tall_atlas.query("entity_chain", entity_id="tall-tv", as_of="2000-12-31").empty


def test_the_csv_downloads_carry_the_flag(tall_atlas):
    for name, params, key in (
        ("entity_chain", {"entity_id": "tall-tv", "as_of": AS_OF}, "owner_id"),
        ("entity_portfolio", {"entity_id": "tall-009", "as_of": AS_OF}, "outlet_id"),
        ("lookthrough", {"as_of": AS_OF}, "owner_id"),
    ):
        rows = list(csv.DictReader(io.StringIO(tall_atlas.csv_bytes(name, **params).decode("utf-8"))))
        flagged = {row[key] for row in rows if row["cut"] == "true"}
        assert flagged and {row["cut"] for row in rows} <= {"true", "false"}, name
        if name != "lookthrough":
            assert flagged == {"tall-009" if name == "entity_chain" else "tall-tv"}, name


def test_the_profile_flags_the_cut_where_it_shows_the_owners_and_the_chain(tall_atlas, monkeypatch):
    monkeypatch.setenv("MEDIA_ATLAS_DB", str(tall_atlas.db_path))
    app = open_chain(run_page("pages/8_Profile.py", id="tall-tv"), "tall-tv")
    warnings = [warning.value for warning in app.warning]
    assert len(warnings) == 2, warnings  # above the ultimate owners and above the chain's table
    assert warnings[0].startswith("1 of these owners marked “cut at depth cap”: a path of ownership through them")
    assert warnings[1].startswith("1 of these links in the chain marked “cut at depth cap”")
    owners = app.dataframe[1].value
    assert shown_names(owners.owner_name) == ["Tall 009"] and list(owners.cut) == [True]
    chain = next(table.value for table in app.dataframe if "direction" in table.value)
    # Its first page, nearest first, has the column; the cut row is on the last page, which the warning counts.
    assert len(chain) == 50 and not chain.cut.any()
    held = run_page("pages/8_Profile.py", id="tall-009")
    assert any(warning.value.startswith("1 of these outlets held marked") for warning in held.warning)
    # Where no row is cut, neither warning nor column: a column of empty boxes would say nothing. Tall 050's paths
    # run 50 links up and 60 down, all under the cap.
    uncut = run_page("pages/8_Profile.py", id="tall-050")
    assert not uncut.warning
    assert uncut.dataframe and all("cut" not in table.value for table in uncut.dataframe)
