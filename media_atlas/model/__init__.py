"""The model: the ownership rules in SQL (rules.sql), which the build creates in the database, one section per
concept, read top to bottom (each section uses only what the sections above it define); and, declared apart from the
rules, what the build stores for speed.

A rule is a view or a macro. STORED lists the views whose rows the build stores: each becomes a table of its own
name, its rows sorted for the lookups that read it, so the rules below it and the named queries read it by the rule's
name whether it is stored or not (and DuckDB binds one table, not a view over it). Each stored view holds periods (its
rows with the dates they hold in), so any date reads it with a filter and nothing stored depends on the day the build
runs.

Where each rule is stated, in reading order:
- which interests are ownership: `is_ownership` (§ claims: a shareholding or control, not a 0% stake);
- when a claim holds on a date: `claims`, `holds_on` (§ time: from its start, else its source's date, within
  the lives of its parties, `entity_lives`);
- curated wins and licensees: `ownership_claims` (§ claims), for one date `holdings_computed`;
- dispersed holders: `dispersed_holders` (§ claims), left out of control in `controlling_owner_as_of`;
- control: `majority_or_largest_owner`, `controlling_owner_as_of`, `controlling_groups_computed` (§ control);
- paths among owners and the depth cap: `lookthrough_depth_cap` (§ claims), `owner_closure` (§ paths);
- effective share: `lookthrough_over` (§ lookthrough), read whole by `lookthrough_as_of` and for one entity by
  `lookthrough_into` and `lookthrough_from`;
- what the tables list: `outlet_rows`, `outlets_matching`, the group sizes and counts (§ listings);
- concentration: `market_groups_computed`, `market_concentration` (§ concentration)."""

import itertools
import re
from dataclasses import dataclass
from pathlib import Path

MODEL_DIR = Path(__file__).resolve().parent
RULES_FILE = MODEL_DIR / "rules.sql"
SECTION_HEADING = re.compile(r"^-- § ([a-z_]+):", re.MULTILINE)
# attributes fused across layers → the entities → claims in time → which are ownership, curated wins → control →
# paths among owners → look-through → what the tables list → concentration
RULE_SECTIONS = (
    "attributes", "entities", "time", "claims", "control", "paths", "lookthrough", "listings", "concentration",
)  # fmt: skip


@dataclass(frozen=True)
class Stored:
    view: str  # the rule whose rows are stored
    order_by: str  # the order the lookups that read them want
    why: str  # what reads them
    frees: tuple[str, ...] = ()  # the build steps' tables the rows are made from, dropped once they are stored

    def sql(self) -> str:
        drops = "".join(f"drop table {table};\n" for table in self.frees)
        return f"""
create table {self.view}_stored as
    select * from {self.view}
    order by {self.order_by};

drop view {self.view};
alter table {self.view}_stored rename to {self.view};
{drops}"""


# What is stored after each section of the rules, for the sections below it.
STORED = {
    "entities": (
        Stored(
            "entities_by_name",
            "entity_type = 'outlet', name, entity_id",
            "a search reads every name; in the order it lists equal matches, similar names lie together, compress "
            "better and are read and sorted faster than in the order of their ids, which lookups by id need",
        ),
    ),
    "time": (
        Stored(
            "claims",
            "owned_id, owner_id, source_id",
            "the ownership rules, every network, history and export read claims with their dates narrowed to their "
            "parties' lives, joined once; one entity's claims lie in a few row groups",
        ),
    ),
    "claims": (
        Stored(
            "dispersed_holders",
            "entity_id",
            "control leaves these out of every date's owners: a few rows, not a scan of the organisations",
        ),
        Stored(
            "curated_claims",
            "owned_id",
            "curated wins is tested for every claim on every date against these, not by scanning the claims again",
        ),
        Stored(
            "interest_holders",
            "entity_id",
            "the network above a few outlets names its entities from these 220,000 holders (at 1M), not 1.35M",
        ),
        Stored(
            "interests_into_holders",
            "owned_id",
            "the network walks up through these claims among holders, a tenth of all links, on any date",
        ),
        Stored(
            "holding_periods",
            "owned_id",
            "any date's holdings are a filter of these; sorted by what is held, one entity's owners lie in a few row "
            "groups",
            frees=("kept_holdings", "holders", "claims_held"),
        ),
        Stored(
            "holding_periods_by_owner",
            "owner_id",
            "the same rows sorted by owner: what one entity holds lies in a few row groups",
        ),
    ),
    "paths": (
        Stored("ever_owners", "entity_id", "look-through starts its paths among owners from these"),
        Stored(
            "owner_edge_periods",
            "owned_id",
            "the links among owners with the spans they hold in, for the walk and its checks",
            frees=("holdings_into_owners",),
        ),
        Stored(
            "owner_closure",
            "owner_number",
            "every path among owners summed, with its dates: any date's look-through of one owner is a few row groups",
        ),
        Stored(
            "owner_closure_by_owned",
            "owned_number",
            "the same rows sorted by owned entity: the owners above one entity lie in a few row groups",
            frees=("owner_closure_numbered", "owner_numbers"),
        ),
    ),
    "listings": (
        Stored(
            "partnership_parties_named",
            "partnership_id, party_name",
            "every partnership view names its parties from these rows rather than from a million entities",
        ),
        Stored("partnerships_listed", "partnership_id", "the partnerships as listed, summed up once"),
        Stored(
            "outlet_rows",
            "media_type, country, founded, outlet_id, listed_from",
            "every outlet list, count and facet on any date reads these with a filter and joins nothing; sorted by "
            "type, country and founding date, a filter on them skips most row groups by their min/max statistics, "
            "and a CSV of every outlet is written in the order it is read (LISTED_AS_STORED)",
        ),
        Stored(
            "organisation_rows",
            "country, org_id",
            "the organisations as listed: a country filter skips most of the table, the name search reads the rest",
        ),
        Stored(
            "group_size_periods",
            "valid_until, valid_from, group_id",
            "the group filter's options and the organisations' outlet counts: a date reads the periods that hold on "
            "it (sorted by their end, a filter skips most row groups) instead of counting a million outlets",
        ),
        Stored(
            "group_media_type_periods",
            "valid_until, valid_from, group_id, media_type",
            "the largest groups by media type (Overview, Ownership) when only groups and types are filtered: a date "
            "reads the periods that hold on it instead of grouping a million outlets",
        ),
        Stored(
            "outlet_count_periods",
            "valid_until, valid_from, country, media_type",
            "the counts by country and type beside the filters and in the headline: a date reads the periods that "
            "hold on it instead of counting a million outlets",
        ),
        Stored(
            "interest_count_periods",
            "valid_until, valid_from",
            "the headline's count of ownership links on any date: a few thousand periods, not two million claims",
        ),
    ),
    "concentration": (
        Stored(
            "market_group_periods",
            "own, country, media_type",
            "each market's controlling groups and their outlets on a date are the periods that hold on it (a market "
            "filter skips most row groups), not a grouping of every outlet by its group",
        ),
        Stored(
            "audience_outlet_rows",
            "country, media_type, period",
            "the audience figures with their outlets' markets and groups: a few thousand rows, where joining the "
            "figures to the outlets' rows would scan every outlet",
        ),
    ),
}


# Named queries that list their rows in the order their stored table holds them (their final ORDER BY is its sort
# order, as STORED declares it): they read that table alone, with a filter, and DuckDB keeps the order it
# reads rows in through a filter, so every row is written out (a CSV of a million outlets) without sorting them again.
LISTED_AS_STORED = ("outlets",)


def stored_views() -> list[Stored]:
    return [stored for name in RULE_SECTIONS for stored in STORED.get(name, ())]


def rule_sections() -> dict[str, str]:
    """Each section of rules.sql by name, in reading order: the SQL from its heading (`-- § name: ...`) to the next."""
    text = RULES_FILE.read_text(encoding="utf-8")
    starts = [(match.group(1), match.start()) for match in SECTION_HEADING.finditer(text)]
    ends = [start for _, start in starts[1:]] + [len(text)]
    return {name: text[start:end] for (name, start), end in zip(starts, ends, strict=True)}


def model_sql() -> str:
    sections = rule_sections()
    if tuple(sections) != RULE_SECTIONS:
        raise ValueError(f"{RULES_FILE.name} has the sections {tuple(sections)}, not {RULE_SECTIONS}")
    parts = []
    for name, sql in sections.items():
        parts.append(sql)
        parts += [stored.sql() for stored in STORED.get(name, ())]
    return "\n".join(parts)


def rule_comment(name: str) -> str:
    """The comment that opens a section of the rules, below its heading: its rules as the SQL states them."""
    body = rule_sections()[name].splitlines()[1:]
    lines = itertools.takewhile(lambda line: line.startswith("--"), itertools.dropwhile(lambda line: not line, body))
    return "\n".join(line.removeprefix("--").removeprefix(" ") for line in lines).strip()
