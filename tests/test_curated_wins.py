"""Curated wins (model/rules.sql § claims) on the shipped data: where the curated layer claims an ownership of an
entity, what the imported layers claim about it is set aside, shown as such, and never makes a controlling group."""

import duckdb

AS_OF = "2026-12-07"


def ownership_claims(shipped_db) -> list[tuple[str, str, str]]:
    """(owner, owned, layer) of every shareholding or control claim that is not a 0% stake, on any date."""
    with duckdb.connect(str(shipped_db), read_only=True) as con:
        return con.execute(
            "select owner_id, owned_id, layer from ownership"
            " where interest in ('shareholding', 'control') and coalesce(share_max, 1) > 0"
        ).fetchall()


def imported_only_holders(claims: list[tuple[str, str, str]]) -> dict[str, set[str]]:
    """For each entity the curated layer claims an ownership of: the holders only the other layers name."""
    curated = {(owner, owned) for owner, owned, layer in claims if layer == "curated"}
    curated_owned = {owned for _, owned in curated}
    found: dict[str, set[str]] = {}
    for owner, owned, layer in claims:
        if layer != "curated" and owned in curated_owned and (owner, owned) not in curated:
            found.setdefault(owned, set()).add(owner)
    return found


def above_curated_holders(claims: list[tuple[str, str, str]], owned_id: str) -> set[str]:
    """The curated holders of `owned_id` and everyone any layer names above them."""
    owners_of: dict[str, set[str]] = {}
    for owner, owned, _ in claims:
        owners_of.setdefault(owned, set()).add(owner)
    reached = {owner for owner, owned, layer in claims if owned == owned_id and layer == "curated"}
    frontier = set(reached)
    while frontier:
        frontier = {owner for held in frontier for owner in owners_of.get(held, set())} - reached
        reached |= frontier
    return reached


def test_an_imported_owner_of_a_curated_entity_never_controls_it(atlas, shipped_db):
    """An outlet's controlling group is one of its curated holders or above one, never a holder only another layer
    names (an imported claim may name a holder higher up the curated chain: that one does control)."""
    claims = ownership_claims(shipped_db)
    set_aside = imported_only_holders(claims)
    assert "toplum-tv" in set_aside  # iptv-org names an owner the curated sources do not
    controlling = atlas.query("controlling_groups", as_of=AS_OF)
    checked = controlling[controlling.outlet_id.isin(set_aside)]
    assert len(checked) > 10
    for row in checked.itertuples():
        assert row.group_id in above_curated_holders(claims, row.outlet_id), row.outlet_id


def test_each_set_aside_claim_is_shown_with_its_reason(atlas, shipped_db):
    for owned_id, holders in imported_only_holders(ownership_claims(shipped_db)).items():
        history = atlas.query("entity_history", entity_id=owned_id, as_of=AS_OF)
        owners = history[(history.line == "owner") & history.interest.isin(["shareholding", "control"])]
        shown = owners[owners.holder_id.isin(holders) & (owners.layer != "curated") & (owners.share_max != 0)]
        assert set(shown.status) == {"set aside: curated wins"}, owned_id


def test_toplum_tv_is_held_by_its_founder_not_by_its_chief_editor(atlas):
    """iptv-org lists Toplum TV's chief editor as its owner; the curated sources name Alasgar Mammadli its founder
    (учредитель), and her as chief editor since May 2022."""
    history = atlas.query("entity_history", entity_id="toplum-tv", as_of=AS_OF)
    owners = history[history.line == "owner"]
    assert {(row.holder_id, row.layer, row.status) for row in owners.itertuples()} == {
        ("alasgar-mammadli", "curated", "counts"),
        ("khadija-ismayilova", "iptv-org", "set aside: curated wins"),
    }
    # CPJ's statement (2024-03-12) is the earliest source naming him: before it, nobody is known to control it.
    for as_of, groups in (("2023-06-01", []), ("2024-06-01", ["alasgar-mammadli"]), (AS_OF, ["alasgar-mammadli"])):
        controlling = atlas.query("controlling_groups", as_of=as_of)
        assert controlling[controlling.outlet_id == "toplum-tv"].group_id.tolist() == groups, as_of
    roles = atlas.query("entity_roles", entity_ids=["toplum-tv"], person_ids=[])
    assert ("khadija-ismayilova", "Chief editor", "2022-05") in {
        (row.person_id, row.role, row.start_date) for row in roles.itertuples()
    }
