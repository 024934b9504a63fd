"""What the build stores for speed (the views STORED lists, each a table of the view's name) equals what the rules
compute."""

from media_atlas.filters import no_filters
from media_atlas.model import stored_views
from tests.conftest import TODAY_PARAMS
from tests.small_worlds import built_atlas, link, org, outlet
from tests.test_lookthrough import date_before


def test_a_stored_rule_is_a_table_of_its_name_in_place_of_its_view(atlas):
    """The rules below a stored view and the named queries read it by the rule's name, whether it is stored or not: the
    build leaves a table of that name, sorted as STORED declares, and no view."""
    cursor = atlas.connection.cursor()
    tables = {row[0] for row in cursor.execute("select table_name from duckdb_tables()").fetchall()}
    views = {row[0] for row in cursor.execute("select view_name from duckdb_views() where not internal").fetchall()}
    stored = {each.view for each in stored_views()}
    assert stored <= tables and not stored & views
    assert "ownership_claims" in views  # a rule not stored stays a view
    assert not [name for name in tables if name.endswith("_stored")]


def test_stored_outlet_rows_group_sizes_and_counts_match_the_computed_ones(atlas):
    """Today's outlets with their groups, group sizes and counts per market, read from the stored periods, are what
    the rules for one date compute."""
    cursor = atlas.connection.cursor()
    stored_on = TODAY_PARAMS["as_of"]
    differing = cursor.execute(
        """
        with stored as (
            select outlet_id, group_id, group_name
            from outlet_rows_as_of($day)
            where group_id is not null and exists_from <= first_day($day) and exists_until > first_day($day)
        ),
        computed as (
            select controlling.outlet_id, controlling.group_id, entities.name
            from controlling_groups_computed($day) as controlling
            join entities on entities.entity_id = controlling.group_id
        )
        select count(*) from ((from stored except from computed) union all (from computed except from stored))
        """,
        {"day": stored_on},
    ).fetchall()[0][0]
    assert differing == 0
    sizes = "select group_id, group_name, country, outlets from {} order by group_id"
    stored = cursor.execute(sizes.format("group_sizes_as_of($day)"), {"day": stored_on}).fetchall()
    computed = cursor.execute(sizes.format("group_sizes_computed($day)"), {"day": stored_on}).fetchall()
    assert stored == computed and len(stored) > 10
    counts = "select country, media_type, outlets from {} order by all"
    stored = cursor.execute(counts.format("outlet_counts_as_of($day)"), {"day": stored_on}).fetchall()
    raw = "(select country, media_type, count(*) as outlets from outlets_as_of($day) group by all)"
    computed = cursor.execute(counts.format(raw), {"day": stored_on}).fetchall()
    assert stored == computed and sum(row[2] for row in stored) > 100


def test_stored_periods_give_the_computed_holdings_and_groups_on_every_date_something_changes_hands(atlas):
    """Any date's holdings, groups and listed outlets (each founded one once, with its group) are read from the periods
    the build stores; computed from that date's links they are the same on every date an interest starts or ends and
    the day before it, and every date an outlet that owns something, or that the curated layer says is owned, opens or
    closes."""
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
    # The app asks for whole dates (a partial date's first day); the outlets' rows hold their periods as dates.
    whole_days = sorted({(day + "-01-01")[:10] for day in days})
    on_whole_days = ("controlling_groups", "group_sizes", "market_groups", "interest_counts")
    for rows, on in (("holdings", days), *((rows, whole_days) for rows in on_whole_days)):
        assert [day for day in on if cursor.execute(differing.format(rows), {"day": day}).fetchall()[0][0]] == []
    listed = """
        with listed as (select outlet_id, group_id from outlet_rows_as_of($day) where exists_from <= first_day($day)),
        computed as (
            select outlets.outlet_id, controlling.group_id
            from outlets
            left join controlling_groups_computed($day) as controlling on controlling.outlet_id = outlets.outlet_id
            where outlets.founded is null or outlets.founded <= $day
        )
        select count(*) from ((from listed except all from computed) union all (from computed except all from listed))
    """
    assert [day for day in whole_days if cursor.execute(listed, {"day": day}).fetchall()[0][0]] == []
    # The counts per market and per group and media type change whenever any outlet opens or closes: every tenth such
    # day, and the days above.
    openings = sorted(dates("select founded from outlets union select closed from outlets"))
    counted_days = sorted(set(whole_days) | {(day + "-01-01")[:10] for day in openings[::10]})
    assert len(counted_days) > 200
    for counts in ("outlet_counts", "group_media_type_counts", "market_groups"):
        changed = [
            day for day in counted_days if cursor.execute(differing.format(counts), {"day": day}).fetchall()[0][0]
        ]
        assert changed == [], counts


def test_a_group_counts_an_outlet_by_media_type_only_while_it_exists(tmp_path):
    """The stored counts per group and media type (what the Overview and Ownership pages read unfiltered) count an
    outlet only from its founding to its closing, though its owner's claim runs before and after; as the outlets
    matching no filter, counted one by one, on each side of every change."""
    atlas = built_atlas(
        tmp_path / "data",
        {
            "organisations": [org("org-holding")],
            "outlets": [
                outlet("outlet-late", founded="2005-03", closed="2012"),
                outlet("outlet-always", media_type="radio"),
                outlet("outlet-radio", media_type="radio", founded="1999"),
            ],
            "ownership": [
                link("org-holding", "outlet-late", 100, start="2000-01-01", end="2020-01-01"),
                link("org-holding", "outlet-always", 60, start="2001-06-01"),
                link("org-holding", "outlet-radio", 51, start="1995-01-01", end="2010-05-01"),
            ],
        },
    )
    days = [
        "1999-12-31",
        "2000-01-01",
        "2002-01-01",
        "2005-03-01",
        "2010-05-01",
        "2012-01-01",
        "2019-06-01",
        "2021-01-01",
    ]
    expected = {
        "1999-12-31": {("org-holding", "radio"): 1},
        "2000-01-01": {("org-holding", "radio"): 1},
        "2002-01-01": {("org-holding", "radio"): 2},
        "2005-03-01": {("org-holding", "radio"): 2, ("org-holding", "tv"): 1},
        "2010-05-01": {("org-holding", "radio"): 1, ("org-holding", "tv"): 1},
        "2012-01-01": {("org-holding", "radio"): 1},
        "2019-06-01": {("org-holding", "radio"): 1},
        "2021-01-01": {("org-holding", "radio"): 1},
    }
    for day in days:
        rows = atlas.connection.cursor().execute(
            "select group_id, media_type, outlets from group_media_type_counts_as_of($day)", {"day": day}
        )
        stored = {(group_id, media_type): outlets for group_id, media_type, outlets in rows.fetchall()}
        listed = atlas.query("group_media_types", **no_filters(day))
        assert stored == expected[day], day
        assert listed.set_index(["group_id", "media_type"]).outlets.to_dict() == expected[day], day
        counted = atlas.query("outlets", **no_filters(day)).dropna(subset=["group_id"])
        assert counted.groupby(["group_id", "media_type"]).size().to_dict() == expected[day], day


def test_a_period_between_partial_dates_of_the_same_day_lists_no_row(tmp_path):
    """A group that holds from '2006' until '2006-01' holds on no day: the outlet is listed by one row on any date, in
    an order two builds store alike, and the next group follows on from the first."""
    atlas = built_atlas(
        tmp_path / "data",
        {
            "organisations": [org("org-before"), org("org-between"), org("org-after")],
            "outlets": [outlet("outlet-sold")],
            "ownership": [
                link("org-before", "outlet-sold", 100, start="2000", end="2006"),
                link("org-between", "outlet-sold", 100, start="2006", end="2006-01"),
                link("org-after", "outlet-sold", 100, start="2006-01"),
            ],
        },
    )
    cursor = atlas.connection.cursor()
    rows = cursor.execute(
        "select listed_from, group_id from outlet_rows where outlet_id = 'outlet-sold' order by listed_from"
    ).fetchall()
    assert [group for _, group in rows] == ["org-before", "org-after"]
    for day, group in (("2005-12-31", "org-before"), ("2006-01-01", "org-after"), ("2030-01-01", "org-after")):
        listed = cursor.execute("select group_id from outlet_rows_as_of($day)", {"day": day}).fetchall()
        assert listed == [(group,)], day
