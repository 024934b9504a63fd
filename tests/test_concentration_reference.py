"""Market concentration held to a reference in Python that groups every outlet of every market on the date, as the
rule states it: each outlet counts for its controlling group or as a group of its own. The model reads the groups'
sizes from stored periods and lists outlets without a group only where they can be among the four largest; these
tests check that shortcut on the shipped atlas and on a random world full of ties, outlets without owners, audience
figures and changes of owner, on every date something changes."""

import random
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
import pytest

from media_atlas.atlas import Atlas
from tests.small_worlds import built_atlas, link, org, outlet

ALL = {"countries": [], "media_types": []}
NUMBERS = ("outlets", "published_size", "groups", "coverage", "audience_listed", "cr4", "hhi")
TEXTS = ("basis", "risk_band", "audience_period", "published_period")


def rounded(value: float, digits: int) -> float:
    """Rounded as DuckDB rounds: halves away from zero."""
    return float(Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


def reference(atlas: Atlas, as_of: str) -> dict[tuple, dict]:
    """Each market on as_of, computed from every outlet existing then and its controlling group for that date."""
    cursor = atlas.connection.cursor()
    outlets = cursor.execute(
        """
        select outlets.outlet_id, outlets.name, outlets.country, outlets.media_type, controlling.group_id,
            entities.name as group_name
        from outlets
        left join controlling_groups_computed($day) as controlling on controlling.outlet_id = outlets.outlet_id
        left join entities on entities.entity_id = controlling.group_id
        where outlets.country is not null
            and (outlets.founded is null or first_day(outlets.founded) <= first_day($day))
            and (outlets.closed is null or first_day(outlets.closed) > first_day($day))
        """,
        {"day": as_of},
    ).df()
    audience = cursor.execute("select outlet_id, market, period, share_pct from audience").df()
    sizes = cursor.execute("select country, media_type, period, outlets from market_sizes").df()
    rules = atlas.query("model_rules").iloc[0]
    found = {}
    for (country, media_type), market in outlets.groupby(["country", "media_type"]):
        market = market.assign(
            key=market.group_id.fillna(market.outlet_id), label=market.group_name.fillna(market.name)
        )
        figures = audience[
            audience.outlet_id.isin(market.outlet_id)
            & (audience.market == country)
            & (audience.period <= as_of)
            & (audience.period.str[:4].astype(int) >= int(as_of[:4]) - 1)
        ]
        period = figures.period.max() if len(figures) else None
        groups = market.groupby("key").agg(
            outlets=("outlet_id", "size"), known=("group_id", "count"), label=("label", "first")
        )
        if period is None:
            groups["share"] = 100.0 * groups.outlets / len(market)
            groups["audience"] = 0.0
        else:
            latest = figures[figures.period == period].merge(market[["outlet_id", "key", "group_id"]], on="outlet_id")
            groups["audience"] = latest.groupby("key").share_pct.sum().reindex(groups.index).fillna(0)
            audience_in_groups = latest[latest.group_id.notna()].share_pct.sum()
            groups["share"] = groups.audience
        ranked = sorted(groups.itertuples(), key=lambda group: (-group.share, group.Index))[:4]
        published = sizes[(sizes.country == country) & (sizes.media_type == media_type) & (sizes.period <= as_of)]
        published = published.sort_values("period").iloc[-1] if len(published) else None
        in_groups = int(market.group_id.notna().sum())
        if period is None:
            base = max(len(market), 0 if published is None else int(published.outlets))
            coverage = rounded(100.0 * in_groups / base, 1)
        else:
            listed = groups.audience.sum()
            coverage = rounded(100.0 * audience_in_groups / listed, 1) if listed else None
        cr4 = rounded(sum(group.share for group in ranked), 2)
        if (period is None and len(market) < rules.min_outlets) or (coverage or 0) < rules.min_coverage:
            band = "insufficient data"
        else:
            band = "low" if cr4 < rules.cr4_low_below else "medium" if cr4 < rules.cr4_medium_below else "high"
        found[country, media_type] = {
            "basis": "outlet count" if period is None else "audience share",
            "outlets": len(market),
            "published_size": None if published is None else int(published.outlets),
            "published_period": None if published is None else published.period,
            "groups": len(groups),
            "coverage": coverage,
            "audience_listed": None if period is None else rounded(groups.audience.sum(), 1),
            "cr4": cr4,
            "hhi": rounded(float((groups.share**2).sum()), 2),
            "risk_band": band,
            "audience_period": period,
            "top_groups": [(group.label, rounded(group.share, 1)) for group in ranked],
        }
    return found


def shown(atlas: Atlas, as_of: str) -> dict[tuple, dict]:
    rows = atlas.query("concentration", as_of=as_of, **ALL).astype(object)
    rows = rows.where(rows.notna(), None)
    found = {}
    for row in rows.to_dict("records"):
        named = [part.rsplit(" ", 1) for part in row["top_groups"].split("; ")]
        found[row["country"], row["media_type"]] = row | {
            "top_groups": [(name, float(share.rstrip("%"))) for name, share in named]
        }
    return found


def assert_same_markets(atlas: Atlas, as_of: str) -> None:
    expected, found = reference(atlas, as_of), shown(atlas, as_of)
    assert found.keys() == expected.keys(), as_of
    for market, row in expected.items():
        got = found[market]
        assert {name: got[name] for name in TEXTS} == {name: row[name] for name in TEXTS}, (as_of, market)
        for name in NUMBERS:
            assert (got[name] is None) == (row[name] is None), (as_of, market, name)
            assert got[name] is None or got[name] == pytest.approx(row[name], abs=0.011), (as_of, market, name)
        assert [label for label, _ in got["top_groups"]] == [label for label, _ in row["top_groups"]], (as_of, market)
        assert [share for _, share in got["top_groups"]] == pytest.approx(
            [share for _, share in row["top_groups"]], abs=0.051
        ), (as_of, market)


@pytest.mark.parametrize("as_of", ["2026-11-27", "2018-06-30", "2015-01-01", "2005-01-01", "1990-01-01"])
def test_the_shipped_atlas_concentration_is_the_reference(atlas, as_of):
    assert_same_markets(atlas, as_of)


def random_world(seed: int) -> dict[str, list[dict]]:
    """Two countries by three media types of a few outlets each; a few groups, some of one outlet, whose outlets change
    hands, open and close over the years; outlets with no owner; audience figures in one country's markets."""
    rng = random.Random(seed)
    years = list(range(2010, 2024))
    outlets, links, audience = [], [], []
    organisations = [org(f"g{n:02d}", rng.choice(["TR", "AZ"])) for n in range(12)]
    for n in range(90):
        country, media_type = rng.choice(["TR", "AZ"]), rng.choice(["tv", "radio", "newspaper"])
        founded = str(rng.choice(years)) if rng.random() < 0.5 else None
        closed = str(int(founded) + rng.randint(1, 8)) if founded and rng.random() < 0.3 else None
        outlet_id = f"o{n:03d}"
        outlets.append(outlet(outlet_id, media_type, country, founded, closed))
        if rng.random() < 0.6:
            change = str(rng.choice(years))
            # Some owners are outlets: an outlet on its own that controls others is one group with them.
            owners = [organisation["org_id"] for organisation in organisations] + [
                row["outlet_id"] for row in outlets[:-1]
            ][:8]
            first, second = rng.sample(owners, 2)
            links.append(link(first, outlet_id, 100, end=change if rng.random() < 0.5 else None))
            if links[-1]["end_date"]:
                links.append(link(second, outlet_id, 100, start=change))
        if country == "AZ" and rng.random() < 0.4:
            for year in rng.sample(years, 3):
                audience.append(
                    {"outlet_id": outlet_id, "market": "AZ", "period": str(year), "share_pct": rng.choice([0, 5, 10])}
                )
    return {"organisations": organisations, "outlets": outlets, "ownership": links, "audience": audience}


@pytest.fixture(scope="module", params=[1, 2])
def random_atlas(request, tmp_path_factory) -> Atlas:
    return built_atlas(tmp_path_factory.mktemp(f"random-{request.param}") / "data", random_world(request.param))


def test_a_random_world_concentration_is_the_reference_on_every_date_something_changes(random_atlas):
    cursor = random_atlas.connection.cursor()
    changes = cursor.execute(
        """
        select distinct day from (
            select unnest([founded, closed]) as day from outlets
            union all select unnest([start_date, end_date]) from ownership
            union all select period from audience
        ) where day is not null
        """
    ).fetchall()
    days = sorted({(day + "-01-01")[:10] for (day,) in changes})
    days += [str(pd.Timestamp(day) - pd.Timedelta(days=1))[:10] for day in days]
    assert len(days) > 20
    for day in sorted(days):
        assert_same_markets(random_atlas, day)
