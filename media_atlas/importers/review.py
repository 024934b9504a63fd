"""The owner review report (`media-atlas reconcile --report`): how many TR and AZ channels' owners resolve to curated
organisations, then the owner names that no curated organisation matches, by outlets owned, with the nearest curated
names; and the ids a layer names that no layer defines any more."""

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process

from media_atlas.importers.owners import CURATED_LAYER, IPTV_LAYER, EntityIndex, LayerTables, normalise

SUGGESTIONS = 3
SUGGESTION_CUTOFF = 60
NEAR_MISS_SCORE = 85
WATCHED_COUNTRIES = ("TR", "AZ")


def dangling_references(data_dir: Path) -> dict[str, list[str]]:
    """Per layer, the entity ids its ownership, aliases and identifiers name that no layer defines any more
    (after another importer was re-run and reconciled a name differently): that layer needs a re-import."""
    layers = LayerTables.read(data_dir)
    known = layers.entity_types()
    result: dict[str, set[str]] = {}
    for table, columns in (("ownership", ("owner_id", "owned_id")), ("aliases", ("entity_id",))):
        for row in layers.rows[table]:
            for column in columns:
                if row[column] not in known:
                    result.setdefault(row["layer"], set()).add(row[column])
    for row in layers.rows["identifiers"]:
        if row["entity_id"] not in known:
            result.setdefault(row["layer"], set()).add(row["entity_id"])
    return {layer: sorted(ids) for layer, ids in sorted(result.items())}


@dataclass(frozen=True)
class UnmatchedOwner:
    entity_id: str
    name: str
    layer: str
    spellings: tuple[str, ...]
    outlets_owned: int
    outlets_affiliated: int
    suggestions: tuple[tuple[str, str, float], ...]

    @property
    def is_near_miss(self) -> bool:
        return bool(self.suggestions) and self.suggestions[0][2] >= NEAR_MISS_SCORE

    def line(self) -> str:
        spelled = f" (also: {'; '.join(self.spellings)})" if self.spellings else ""
        suggested = ", ".join(f"{name} [{entity_id}] {score:.0f}" for entity_id, name, score in self.suggestions)
        return (
            f"{self.outlets_owned:>6} {self.outlets_affiliated:>6}  {self.name}{spelled} [{self.entity_id}, "
            f"{self.layer}]" + (f"  ->  {suggested}" if suggested else "")
        )


@dataclass(frozen=True)
class WatchedShare:
    """How many channels of the watched countries that name an owner have every owner resolved to curated data."""

    resolved: int
    named_owner: int
    unresolved_owners: tuple[tuple[str, str, int], ...]

    def line(self) -> str:
        share = 100 * self.resolved / self.named_owner if self.named_owner else 0.0
        return (
            f"{'+'.join(WATCHED_COUNTRIES)} channels with owners resolving to curated organisations: "
            f"{self.resolved}/{self.named_owner} ({share:.1f}%)"
        )


def similarity(names: list[str], choices: list[str]) -> np.ndarray:
    """How alike each normalised name is to each choice (0-100): the word-order-blind similarity of the whole names,
    capped by that of their first words, which is what usually tells two groups apart ("nexstar media" is not
    "star media", however much of the string they share)."""
    if not names or not choices:
        return np.zeros((len(names), len(choices)))
    whole = process.cdist(names, choices, scorer=fuzz.token_sort_ratio)
    first = process.cdist([n.split()[0] for n in names], [c.split()[0] for c in choices], scorer=fuzz.ratio)
    return np.minimum(whole, first)


def unmatched_owners(layers: LayerTables) -> list[UnmatchedOwner]:
    """The organisations importers created for owner names nobody had, most outlets first, with the nearest
    curated names (organisations and people, names and aliases) as suggestions."""
    curated = [
        (normalise(name), name, entity_id)
        for name, entity_id, layer, _ in layers.owner_names()
        if layer == CURATED_LAYER and normalise(name)
    ]
    choices = [key for key, _, _ in curated]
    owned: dict[str, set[str]] = {}
    affiliated: dict[str, set[str]] = {}
    for row in layers.rows["ownership"]:
        (affiliated if row["interest"] == "affiliation" else owned).setdefault(row["owner_id"], set()).add(
            row["owned_id"]
        )
    spellings: dict[str, list[str]] = {}
    for row in layers.rows["aliases"]:
        spellings.setdefault(row["entity_id"], []).append(row["alias"])
    created = [org for org in layers.rows["organisations"] if org["layer"] != CURATED_LAYER]
    scores = similarity([normalise(org["name"]) for org in created], choices)
    result = []
    for org, row in zip(created, scores, strict=True):
        suggestions: dict[str, tuple[str, str, float]] = {}
        for position in np.argsort(-row, kind="stable"):
            if row[position] < SUGGESTION_CUTOFF or len(suggestions) == SUGGESTIONS:
                break
            _, name, entity_id = curated[position]
            suggestions.setdefault(entity_id, (entity_id, name, float(row[position])))
        result.append(
            UnmatchedOwner(
                org["org_id"],
                org["name"],
                org["layer"],
                tuple(sorted(spellings.get(org["org_id"], []))),
                len(owned.get(org["org_id"], ())),
                len(affiliated.get(org["org_id"], ())),
                tuple(suggestions.values()),
            )
        )
    return sorted(result, key=lambda u: (-u.outlets_owned, -u.outlets_affiliated, u.name, u.entity_id))


def watched_share(layers: LayerTables) -> WatchedShare:
    """Of the iptv-org channels in TR and AZ that name an owner, how many have every owner in the curated layer."""
    country = {row["outlet_id"]: row["country"] for row in layers.rows["outlets"]}
    channels = {row["entity_id"] for row in layers.rows["identifiers"] if row["scheme"] == IPTV_LAYER}
    watched = {entity_id for entity_id in channels if country.get(entity_id) in WATCHED_COUNTRIES}
    curated = {row["org_id"] for row in layers.rows["organisations"] if row["layer"] == CURATED_LAYER}
    curated |= {row["person_id"] for row in layers.rows["people"] if row["layer"] == CURATED_LAYER}
    owners: dict[str, set[str]] = {}
    for row in layers.rows["ownership"]:
        if row["layer"] == IPTV_LAYER and row["interest"] != "affiliation" and row["owned_id"] in watched:
            owners.setdefault(row["owned_id"], set()).add(row["owner_id"])
    names = layers.names()
    unresolved = Counter(owner_id for owner_ids in owners.values() for owner_id in owner_ids if owner_id not in curated)
    resolved = sum(1 for owner_ids in owners.values() if owner_ids <= curated)
    ranked = sorted(unresolved.items(), key=lambda item: (-item[1], names.get(item[0], item[0])))
    return WatchedShare(resolved, len(owners), tuple((i, names.get(i, i), n) for i, n in ranked))


def report_lines(data_dir: Path, limit: int) -> list[str]:
    """The review report `media-atlas reconcile --report` prints."""
    layers = LayerTables.read(data_dir)
    share = watched_share(layers)
    unmatched = unmatched_owners(layers)
    near_misses = [owner for owner in unmatched if owner.is_near_miss]
    columns = f"{'owns':>6} {'network':>6}  owner name (other spellings) [id, layer]  ->  suggested curated matches"
    lines = [f"Owner reconciliation report for {data_dir}", "", share.line()]
    lines += [
        f"  unresolved: {name} [{entity_id}] on {count} channel(s)"
        for entity_id, name, count in share.unresolved_owners
    ]
    lines += ["", f"Near misses (suggestion scored >= {NEAR_MISS_SCORE}; add an alias if it is the same): "]
    lines += [columns] + [owner.line() for owner in near_misses[:limit]]
    lines += ["", f"Unmatched owner names: {len(unmatched):,} (top {min(limit, len(unmatched))} by outlets owned)"]
    lines += [columns] + [owner.line() for owner in unmatched[:limit]]
    ambiguous = EntityIndex.of(layers).ambiguous
    if ambiguous:
        lines += ["", "Names that lead to more than one entity (the first listed wins):"]
        lines += [f"  {key}: {', '.join(sorted(ids))}" for key, ids in sorted(ambiguous.items())]
    return lines
