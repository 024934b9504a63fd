"""A seeded synthetic media world in the curated table shapes, for the benchmark (`media-atlas bench`).

The shape imitates the real one: a few huge groups and a long tail, holding chains 1 to 6 deep, majority and
minority stakes with exact, ranged and unknown shares, dated changes of owner, a few control cycles, 200 real
countries, every media type, people with roles, partnerships, aliases, identifiers, audience figures and published
market sizes. Every row names a source. The same seed and scale always give the same files; they go to bench/out/,
which git ignores, and are labelled synthetic so they are never mistaken for facts.
"""

# ruff: noqa: RUF001 -- names with dotless i and other letters text search must fold are the point.
import json
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from media_atlas import PROJECT_ROOT
from media_atlas.bench.world import NAME_WORDS, ORG_LEVEL_FRACTIONS, SEED, World, ids, take
from media_atlas.build.schema import tables
from media_atlas.vocabulary import MEDIA_TYPES, ORGANISATION_KINDS, PARTNERSHIP_KINDS

SCALES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}
BENCH_OUT = PROJECT_ROOT / "bench" / "out"
LAYER = "synthetic"
# Bump when the generator's output changes, so cached folders are regenerated.
GENERATOR_VERSION = 6

# Weights of the vocabularies' values in the world; a value not listed is not generated.
MEDIA_TYPE_WEIGHTS = {"tv": 0.22, "radio": 0.2, "newspaper": 0.2, "magazine": 0.1, "online": 0.25, "news_agency": 0.03}
MEDIA_SUFFIX = {
    "tv": ("TV", "Channel", "Television"),
    "radio": ("Radio", "FM", "Sound"),
    "newspaper": ("Times", "Gazette", "Post", "Gazetesi"),
    "magazine": ("Magazine", "Weekly", "Review"),
    "online": ("Online", "News", "Haber"),
    "news_agency": ("Agency", "Ajansı", "Press"),
}
PERIODICITIES = ("daily", "weekly", "monthly")
ORG_KIND_WEIGHTS = {
    "holding": 0.1,
    "media_group": 0.15,
    "company": 0.6,
    "state": 0.03,
    "public_broadcaster": 0.02,
    "foundation": 0.05,
    "other": 0.05,
}
GROUP_WORDS = ("Holding", "Media Group", "Media", "Broadcasting", "Publishing", "Communications", "Investments")
ROLE_NAMES = ("Chair", "Chief Executive", "Editor-in-Chief", "Board Member", "Founder", "Director-General")
GIVEN_NAMES = ("Ahmet", "Ayşe", "Ilgar", "Maria", "João", "Li", "Olga", "Kwame", "Fatima", "Jürgen", "Anna", "Omar")
FAMILY_NAMES = ("Albayrak", "Huseynov", "Silva", "Müller", "Wang", "Ivanova", "Mensah", "Haddad", "Nowak", "Öztürk")

OUTLET_OWNER_LEVEL_WEIGHTS = (0.1, 0.25, 0.25, 0.2, 0.12, 0.08)
CONTROL_CYCLES = 10


def scale_rows(scale: str) -> int:
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; use one of: {', '.join(SCALES)}")
    return SCALES[scale]


def scale_dir(scale: str) -> Path:
    return BENCH_OUT / scale


def ensure_generated(scale: str, out_dir: Path | None = None) -> Path:
    """The data folder of `scale` under out_dir (default bench/out/<scale>), generated unless an identical one (same
    seed, version and size) is already there."""
    out_dir = out_dir or scale_dir(scale)
    data_dir, marker = out_dir / "data", out_dir / "generated.json"
    wanted = {"scale": scale, "outlets": scale_rows(scale), "seed": SEED, "version": GENERATOR_VERSION}
    if marker.exists() and json.loads(marker.read_text(encoding="utf-8")) == wanted:
        return data_dir
    marker.unlink(missing_ok=True)
    generate(scale_rows(scale), data_dir)
    marker.write_text(json.dumps(wanted), encoding="utf-8")
    return data_dir


def generate(outlets: int, folder: Path, seed: int = SEED) -> dict[str, int]:
    """Write every curated table of a synthetic world with `outlets` outlets to folder/<layer>/; return row counts."""
    world = World(outlets, seed)
    layer = folder / LAYER
    layer.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, rows in (
        ("sources", sources(world)),
        ("organisations", organisations(world)),
        ("outlets", outlet_rows(world)),
        ("people", people(world)),
        ("ownership", ownership(world)),
        ("roles", roles(world)),
        *partnership_tables(world),
        ("aliases", aliases(world)),
        ("identifiers", identifiers(world)),
        ("audience", audience(world)),
        ("market_sizes", market_sizes(world)),
    ):
        write_table(name, rows, layer / f"{name}.csv")
        written[name] = len(rows[next(iter(rows))])
    return written


def write_table(name: str, columns: dict[str, pa.Array], path: Path) -> None:
    """Write one table with exactly its CSV header; columns not given stay empty."""
    size = len(next(iter(columns.values())))
    header = tables()[name].csv_columns
    unknown = set(columns) - set(header)
    if unknown:
        raise ValueError(f"{name} has no column(s) {sorted(unknown)}")
    arrays = [columns[c].cast(pa.string()) if c in columns else pa.nulls(size, pa.string()) for c in header]
    rows = pa.table(arrays, names=list(header))
    quoted_path = str(path).replace("'", "''")
    # DuckDB quotes a value only when it must, as a person's CSV would; empty means unknown.
    with duckdb.connect() as con:
        con.register("table_rows", rows)
        con.execute(f"copy table_rows to '{quoted_path}' (header, delimiter ',')")


def sources(world: World) -> dict[str, pa.Array]:
    size = world.sources
    numbers = pa.array(np.arange(size)).cast(pa.string())
    return {
        "source_id": world.source_ids,
        "title": pc.binary_join_element_wise("Synthetic benchmark document", numbers, " "),
        "publisher": pa.array(["Media Ownership Atlas benchmark generator (synthetic, not facts)"] * size),
        "url": pc.binary_join_element_wise("https://example.org/media-atlas-bench/source", numbers, "/"),
        "published_on": world.partial_dates(world.rng.integers(2000, 2026, size)),
        "retrieved_on": pa.array(["2026-11-27"] * size),
    }


def organisations(world: World) -> dict[str, pa.Array]:
    size = world.organisations
    founded_years = world.rng.integers(1900, 2025, size)
    founded = world.maybe(world.partial_dates(founded_years), 0.7)
    dissolved = world.partial_dates(np.minimum(founded_years + world.rng.integers(1, 40, size), 2025))
    kinds = world.pick(ORGANISATION_KINDS, size, [ORG_KIND_WEIGHTS.get(kind, 0) for kind in ORGANISATION_KINDS])
    tops = world.org_level == 0
    kinds = pc.if_else(
        pa.array(tops), pa.array(np.where(world.rng.random(size) < 0.7, "holding", "media_group")), kinds
    )
    return {
        "org_id": world.org_ids,
        "name": world.names(size, GROUP_WORDS),
        "local_name": world.maybe(world.names(size, GROUP_WORDS), 0.2),
        "kind": kinds,
        "country": world.country_column(size),
        "founded": founded,
        "dissolved": pc.if_else(
            pc.and_(pc.is_valid(founded), pa.array(world.rng.random(size) < 0.05)), dissolved, pa.nulls(size, "string")
        ),
        "website": world.maybe(pc.binary_join_element_wise("https://", world.org_ids, ".example.org", ""), 0.5),
        "source_id": world.source_column(size),
    }


def outlet_rows(world: World) -> dict[str, pa.Array]:
    size = world.outlets
    weights = [MEDIA_TYPE_WEIGHTS.get(media_type, 0) for media_type in MEDIA_TYPES]
    media_index = world.rng.choice(len(MEDIA_TYPES), size=size, p=weights)
    media = pa.array(np.array(MEDIA_TYPES, dtype=object)[media_index])
    suffix_choice = world.rng.integers(0, 12, size)
    suffixes = np.array([MEDIA_SUFFIX[MEDIA_TYPES[m]][s % len(MEDIA_SUFFIX[MEDIA_TYPES[m]])] for m, s in
                         zip(media_index, suffix_choice, strict=True)], dtype=object)  # fmt: skip
    first = world.pick(NAME_WORDS, size)
    names = pc.binary_join_element_wise(first, pa.array(suffixes), " ")
    # Every date before the build day, which the validator requires, and a closing after its founding.
    founded_years = world.rng.integers(1900, 2025, size)
    founded = world.maybe(world.partial_dates(founded_years), 0.85)
    closed = world.partial_dates(np.minimum(founded_years + world.rng.integers(1, 60, size), 2025))
    closes = pc.and_(pc.is_valid(founded), pa.array(world.rng.random(size) < 0.1))
    printed = np.isin(media_index, (2, 3))
    periodicity = world.pick(PERIODICITIES, size)
    return {
        "outlet_id": world.outlet_ids,
        "name": names,
        "local_name": world.maybe(world.names(size, ("Haber", "Ekspres", "Xəbər", "Nachrichten")), 0.3),
        "media_type": media,
        "periodicity": pc.if_else(pa.array(printed), periodicity, pa.nulls(size, "string")),
        "country": world.country_column(size),
        "language": world.maybe(world.pick(("en", "tr", "az", "de", "fr", "es", "ru", "ar", "zh", "pt"), size), 0.6),
        "founded": founded,
        # A close date at least a year after founding, so (closed >= founded) holds at any precision.
        "closed": pc.if_else(closes, closed, pa.nulls(size, "string")),
        "website": world.maybe(pc.binary_join_element_wise("https://", world.outlet_ids, ".example.org", ""), 0.4),
        "source_id": world.source_column(size),
    }


def people(world: World) -> dict[str, pa.Array]:
    size = world.people
    return {
        "person_id": world.person_ids,
        "name": pc.binary_join_element_wise(world.pick(GIVEN_NAMES, size), world.pick(FAMILY_NAMES, size), " "),
        "country": world.maybe(world.country_column(size), 0.7),
        "source_id": world.source_column(size),
    }


def org_at_level(world: World, level: int, size: int) -> np.ndarray:
    """Indexes of organisations at `level`, skewed so a few get most picks."""
    members = np.flatnonzero(world.org_level == level)
    return members[world.skewed(size, len(members))]


def shares(world: World, size: int, low: float, high: float) -> tuple[np.ndarray, np.ndarray]:
    """share_min/share_max pairs: 70% exact, 15% a range, 15% unknown (NaN)."""
    exact = np.round(world.rng.uniform(low, high, size), 1)
    kind = world.rng.choice(3, size=size, p=(0.7, 0.15, 0.15))
    share_min = np.where(kind == 2, np.nan, exact)
    share_max = np.where(kind == 0, exact, np.where(kind == 1, np.minimum(exact + 10, 100), np.nan))
    return share_min, share_max


class Links:
    """Ownership rows collected in numpy columns, written out once."""

    def __init__(self):
        self.parts: list[dict] = []

    def add(self, owner, owned, interest, share_min=None, share_max=None, start=None, end=None) -> None:
        size = len(owned)
        self.parts.append(
            {
                "owner_id": owner,
                "owned_id": owned,
                "interest": interest if isinstance(interest, pa.Array) else pa.array([interest] * size),
                "share_min": pa.array(np.full(size, np.nan) if share_min is None else share_min, from_pandas=True),
                "share_max": pa.array(np.full(size, np.nan) if share_max is None else share_max, from_pandas=True),
                "start_date": start if start is not None else pa.nulls(size, pa.string()),
                "end_date": end if end is not None else pa.nulls(size, pa.string()),
            }
        )

    def columns(self) -> dict[str, pa.Array]:
        return {
            key: pa.concat_arrays([part[key].cast(self._type(key)) for part in self.parts]) for key in self.parts[0]
        }

    @staticmethod
    def _type(key: str) -> pa.DataType:
        return pa.float64() if key.startswith("share") else pa.string()


def ownership(world: World) -> dict[str, pa.Array]:
    links = Links()
    rng = world.rng
    # Each company below the top is held by one at the level above: the holding trees.
    world.parents = np.full(world.organisations, -1)
    for level in range(1, len(ORG_LEVEL_FRACTIONS)):
        members = np.flatnonzero(world.org_level == level)
        parents = org_at_level(world, level - 1, len(members))
        world.parents[members] = parents
        low, high = shares(world, len(members), 51, 100)
        interest = pc.if_else(pa.array(rng.random(len(members)) < 0.25), "control", "shareholding")
        links.add(take(world.org_ids, parents), take(world.org_ids, members), interest, low, high)
    # Minority stakes between companies, anywhere.
    # Minority stakes in companies below the top (a stake in a top company would make its holder its controller).
    minority = world.organisations // 3
    below_top = np.flatnonzero(world.org_level > 0)
    owned = below_top[rng.integers(0, len(below_top), minority)]
    owner = (owned + 1 + world.skewed(minority, world.organisations - 1)) % world.organisations
    links.add(take(world.org_ids, owner), take(world.org_ids, owned), "shareholding", *shares(world, minority, 1, 49))

    # Each outlet's main owner: a company at some level, or a person, or nobody known.
    size = world.outlets
    level = rng.choice(len(OUTLET_OWNER_LEVEL_WEIGHTS), size=size, p=OUTLET_OWNER_LEVEL_WEIGHTS)
    owner_index = np.empty(size, dtype=np.int64)
    for value in range(len(OUTLET_OWNER_LEVEL_WEIGHTS)):
        chosen = np.flatnonzero(level == value)
        owner_index[chosen] = org_at_level(world, value, len(chosen))
    owners = take(world.org_ids, owner_index)
    by_person = rng.random(size) < 0.03
    owners = pc.if_else(pa.array(by_person), take(world.person_ids, rng.integers(0, world.people, size)), owners)
    owned_kind = rng.choice(5, size=size, p=(0.45, 0.15, 0.2, 0.1, 0.1))  # exact, range, control, unknown, publisher
    exact = np.round(rng.uniform(51, 100, size), 1)
    share_min = np.where(owned_kind <= 1, exact, np.nan)
    share_max = np.where(owned_kind == 0, exact, np.where(owned_kind == 1, np.minimum(exact + 10, 100), np.nan))
    interest = pa.array(np.array(["shareholding", "shareholding", "control", "shareholding", "publisher"])[owned_kind])
    has_owner = rng.random(size) < 0.95
    changed = rng.random(size) < 0.15
    change_years = rng.integers(1995, 2026, size)
    change_dates = world.partial_dates(change_years)
    start = pc.if_else(pa.array(changed), change_dates, pa.nulls(size, "string"))
    keep = np.flatnonzero(has_owner)
    links.add(
        take(owners, keep),
        take(world.outlet_ids, keep),
        take(interest, keep),
        share_min[keep],
        share_max[keep],
        take(start, keep),
    )
    # The owner before the change, until the change.
    before = np.flatnonzero(has_owner & changed)
    previous = world.skewed(len(before), world.organisations)
    previous_start = pa.array([str(y) for y in change_years[before] - rng.integers(1, 30, len(before))])
    links.add(
        take(world.org_ids, previous),
        take(world.outlet_ids, before),
        "shareholding",
        np.full(len(before), 100.0),
        np.full(len(before), 100.0),
        previous_start,
        take(change_dates, before),
    )
    # Minority holders of outlets, and network affiliations (not ownership).
    held = np.flatnonzero(rng.random(size) < 0.47)
    holders = world.skewed(len(held), world.organisations)
    links.add(
        take(world.org_ids, holders), take(world.outlet_ids, held), "shareholding", *shares(world, len(held), 1, 49)
    )
    affiliated = np.flatnonzero(rng.random(size) < 0.05)
    networks = org_at_level(world, 0, len(affiliated))
    links.add(take(world.org_ids, networks), take(world.outlet_ids, affiliated), "affiliation")
    # A few groups hold a stake in their own top company, the only one it has, which makes a control cycle.
    subsidiaries = np.flatnonzero(world.org_level == 1)[-CONTROL_CYCLES:]
    links.add(
        take(world.org_ids, subsidiaries),
        take(world.org_ids, world.parents[subsidiaries]),
        "shareholding",
        np.full(CONTROL_CYCLES, 10.0),
        np.full(CONTROL_CYCLES, 10.0),
    )
    columns = links.columns()
    size = len(columns["owned_id"])
    # 2% of the claims come from another document (a press report), so some owned entities are contested.
    reported = pa.array(world.rng.random(size) < 0.02)
    sources = pc.if_else(reported, world.source_column(size), filing_source(world, columns["owned_id"]))
    return columns | {"source_id": sources}


def filing_source(world: World, owned: pa.Array) -> pa.Array:
    """One source per owned entity for all its owners, as a registry filing lists a company's shareholders together
    (a source per row would make nearly every co-owned entity look contested between sources)."""
    number = pc.cast(pc.utf8_slice_codeunits(owned, -7), pa.int64()).to_numpy()
    kind = pc.starts_with(owned, "org-").to_numpy(zero_copy_only=False).astype(np.int64)
    return take(world.source_ids, (number * 7919 + kind * 104729) % world.sources)


def roles(world: World) -> dict[str, pa.Array]:
    size = world.people * 2
    on_outlet = world.rng.random(size) < 0.3
    entity = pc.if_else(
        pa.array(on_outlet),
        take(world.outlet_ids, world.rng.integers(0, world.outlets, size)),
        take(world.org_ids, world.skewed(size, world.organisations)),
    )
    start_years = world.rng.integers(1980, 2026, size)
    ended = world.rng.random(size) < 0.4
    end_years = np.minimum(start_years + world.rng.integers(1, 10, size), 2025)
    end = pa.array([str(y) if e else None for y, e in zip(end_years, ended, strict=True)], pa.string())
    return {
        "person_id": take(world.person_ids, world.rng.integers(0, world.people, size)),
        "entity_id": entity,
        "role": world.pick(ROLE_NAMES, size),
        "start_date": pa.array([str(y) for y in start_years]),
        "end_date": end,
        "source_id": world.source_column(size),
    }


def partnership_tables(world: World) -> list[tuple[str, dict[str, pa.Array]]]:
    size = world.partnerships
    partnership_ids = ids("pact-", size)
    places = ("Istanbul", "Baku", "Berlin", "Lagos", "São Paulo", "Jakarta", "Almaty", "Cairo")
    partnerships = {
        "partnership_id": partnership_ids,
        "title": pc.binary_join_element_wise("Agreement on", world.names(size, ("cooperation", "content")), " "),
        "kind": world.pick(PARTNERSHIP_KINDS, size),
        "signed_on": world.partial_dates(world.rng.integers(1990, 2026, size)),
        "place": world.maybe(world.pick(places, size), 0.7),
        "status": world.pick(("signed", "in force", "ended"), size),
        "summary": world.maybe(pa.array(["A synthetic agreement for the benchmark, not a fact."] * size), 0.5),
        "source_id": world.source_column(size),
    }
    # Two to four distinct parties each: groups mostly, sometimes outlets.
    counts = world.rng.integers(2, 5, size)
    pact = np.repeat(np.arange(size), counts)
    slot = np.arange(len(pact)) - np.repeat(np.cumsum(counts) - counts, counts)
    first_org = world.skewed(size, world.organisations, 0.9)
    org_party = take(world.org_ids, (np.repeat(first_org, counts) + slot * 7919) % world.organisations)
    outlet_party = take(world.outlet_ids, (pact * 31 + slot * 104729) % world.outlets)
    party = pc.if_else(pa.array((slot == 3) | (world.rng.random(len(pact)) < 0.1)), outlet_party, org_party)
    parties = {
        "partnership_id": take(partnership_ids, pact),
        "party_id": party,
        "role": world.pick(("signatory", "partner", "witness"), len(pact), (0.8, 0.15, 0.05)),
    }
    return [("partnerships", partnerships), ("partnership_parties", unique_parties(parties))]


def unique_parties(parties: dict[str, pa.Array]) -> dict[str, pa.Array]:
    """Drop a repeated (partnership, party) pair, which the key forbids."""
    table = pa.table(parties)
    keys = pc.binary_join_element_wise(table["partnership_id"], table["party_id"], "|")
    _, first = np.unique(np.array(keys.to_pylist(), dtype=object), return_index=True)
    return {name: table[name].take(pa.array(np.sort(first))).combine_chunks() for name in parties}


def aliases(world: World) -> dict[str, pa.Array]:
    size = world.outlets // 20
    entity = take(world.outlet_ids, world.rng.choice(world.outlets, size, replace=False))
    return {
        "entity_id": entity,
        "alias": world.names(size, ("Daily", "Live", "Today")),
        "language": world.maybe(world.pick(("en", "tr", "de"), size), 0.8),
    }


def identifiers(world: World) -> dict[str, pa.Array]:
    size = world.outlets // 5
    chosen = np.sort(world.rng.choice(world.outlets, size, replace=False))
    return {
        "entity_id": take(world.outlet_ids, chosen),
        "scheme": pa.array(["wikidata"] * size),
        "value": pc.binary_join_element_wise("Q", pa.array(chosen + 90_000_000).cast(pa.string()), ""),
    }


def audience(world: World) -> dict[str, pa.Array]:
    size = world.outlets // 50
    return {
        "outlet_id": take(world.outlet_ids, world.rng.choice(world.outlets, size, replace=False)),
        "market": world.country_column(size),
        "period": pa.array([str(y) for y in world.rng.integers(2015, 2026, size)]),
        "share_pct": pa.array(np.round(world.rng.uniform(0.1, 40, size), 1)),
        "source_id": world.source_column(size),
    }


def market_sizes(world: World) -> dict[str, pa.Array]:
    """A published count for every country and media type in two years, as a statistics office would publish it."""
    markets = [(country, media_type) for country in world.countries for media_type in MEDIA_TYPES]
    size = 2 * len(markets)
    return {
        "country": pa.array([country for country, _ in markets] * 2),
        "media_type": pa.array([media_type for _, media_type in markets] * 2),
        "period": pa.array(["2015"] * len(markets) + ["2020"] * len(markets)),
        "outlets": pa.array(world.rng.integers(5, 2_000, size)),
        "source_id": world.source_column(size),
    }
