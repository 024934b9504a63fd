"""Owner reconciliation: match the owner names of imported rows to the organisations already in data/.

An owner name is compared in a normalised form (`normalise`): case and accents folded (Turkish dotless i and İ,
Azerbaijani ə included), punctuation dropped, runs of single letters joined ("A.Ş." -> "as", "S.K." -> "sk"),
and trailing legal forms removed ("A.Ş.", "Ltd. Şti.", "LLC", "Inc.", "GmbH", "Closed Joint-stock Company", ...).

"Group" and "Holding" are handled the same way when they END the name: Turkish and Azerbaijani family groups are
written "X Group", "X Holding" and "X Group Holding" for the same group ("Demiroren Group" / "Demirören Holding",
"Albayrak Group" / "Albayrak Holding"), so all three normalise to "x". Every other word stays, because it
distinguishes groups: "Doğan Media Group" -> "dogan media" is not "Doğan Holding" -> "dogan", and "Albayrak Media
Group" (the media arm) is not "Albayrak Holding". Turkish "Medya" is read as "media" and "Grubu"/"Grup" as "group".
A name is never reduced to nothing: its first word always stays.

Names are matched against the names, local names and aliases of the organisations and people of every layer other
than the one being imported, curated first; external ids (a Wikidata QID) are matched through `identifiers` first.
A name nobody knows becomes one new organisation per normalised name, with a deterministic id
(`owner:<normalised-name-with-dashes>`), which the next importer finds by its name and reuses.
`media-atlas reconcile --report` lists the names that are still unmatched, with the nearest curated names, so a
curator adds an alias rather than code.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from media_atlas.build.staging import layer_dirs
from media_atlas.importers.layer import LayerRows, read_table
from media_atlas.text import fold

CURATED_LAYER = "curated"
IPTV_LAYER = "iptv-org"
OWNER_ID_PREFIX = "owner:"
# Signs that stand for a word in a name: "Turkuvaz & Co" is "Turkuvaz and Co".
WORD_SIGNS = str.maketrans({"&": " and ", "+": " and "})
WORD = re.compile(r"[^\W_]+")
SAME_WORD = {"medya": "media", "grubu": "group", "grup": "group", "grupo": "group", "groupe": "group"}
# Trailing word sequences that name a legal form (or a group/holding wrapper), not the organisation itself;
# after the single letters of an abbreviation were joined ("a s" -> "as").
LEGAL_FORM_WORDS = (
    "as anonim sirketi limited ltd sti tic san ve and llc inc incorporated corp corporation co company plc llp lp"
    " pvt private pty gmbh ag kg sa sas sarl srl spa bv nv ab oy oyj kk sl mmc qsc asc jsc ojsc cjsc pjsc ooo oao"
    " zao pao ao group holding holdings"
)
LEGAL_FORMS = {(word,) for word in LEGAL_FORM_WORDS.split()} | {
    ("sa", "de", "cv"),
    ("joint", "stock"),
    ("closed", "joint", "stock"),
    ("open", "joint", "stock"),
}
LONGEST_FORM = max(len(form) for form in LEGAL_FORMS)


def words(text: str) -> list[str]:
    """The words of a name, folded, with runs of single letters joined: 'A.Ş.' -> ['as']."""
    result: list[str] = []
    letters = ""
    for word in WORD.findall(fold(text.translate(WORD_SIGNS))):
        if len(word) == 1 and word.isalpha():
            letters += word
            continue
        if letters:
            result.append(letters)
            letters = ""
        result.append(word)
    if letters:
        result.append(letters)
    return [SAME_WORD.get(word, word) for word in result]


def normalise(name: str) -> str:
    """The form two spellings of one organisation share; see the module docstring. '' when there are no words."""
    kept = words(name)
    if len(kept) > 1 and kept[0] == "the":
        kept = kept[1:]
    stripped = True
    while stripped:
        stripped = False
        for size in range(min(LONGEST_FORM, len(kept) - 1), 0, -1):
            if tuple(kept[-size:]) in LEGAL_FORMS:
                kept = kept[:-size]
                stripped = True
                break
    return " ".join(kept)


def owner_id_for(normalised: str) -> str:
    return OWNER_ID_PREFIX + normalised.replace(" ", "-")


@dataclass
class LayerTables:
    """The tables of the layers under a data folder that reconciliation needs, tagged with their layer."""

    rows: dict[str, list[dict[str, str]]] = field(default_factory=dict)

    @classmethod
    def read(cls, data_dir: Path, exclude: str | None = None) -> "LayerTables":
        """Every layer except `exclude`, curated first (its names win), the others by folder name."""
        found = [d for d in layer_dirs(data_dir) if d.name != exclude] if data_dir.is_dir() else []
        ordered = sorted(found, key=lambda d: (d.name != CURATED_LAYER, d.name))
        tables = ("organisations", "people", "outlets", "aliases", "identifiers", "ownership", "sources")
        result = cls({table: [] for table in tables})
        for layer_dir in ordered:
            for table in tables:
                result.rows[table] += [row | {"layer": layer_dir.name} for row in read_table(layer_dir, table)]
        return result

    def entity_types(self) -> dict[str, str]:
        types = {row["outlet_id"]: "outlet" for row in self.rows["outlets"]}
        types |= {row["person_id"]: "person" for row in self.rows["people"]}
        return types | {row["org_id"]: "organisation" for row in self.rows["organisations"]}

    def names(self) -> dict[str, str]:
        result = {row["outlet_id"]: row["name"] for row in self.rows["outlets"]}
        result |= {row["person_id"]: row["name"] for row in self.rows["people"]}
        return result | {row["org_id"]: row["name"] for row in self.rows["organisations"]}

    def owner_names(self) -> list[tuple[str, str, str, str]]:
        """(name, entity_id, layer, via) of every organisation and person, names before aliases within a layer."""
        types = self.entity_types()
        named = [(r["name"], r["org_id"], r["layer"], "name") for r in self.rows["organisations"]]
        named += [(r["local_name"], r["org_id"], r["layer"], "local name") for r in self.rows["organisations"]]
        named += [(r["name"], r["person_id"], r["layer"], "name") for r in self.rows["people"]]
        named += [
            (r["alias"], r["entity_id"], r["layer"], "alias")
            for r in self.rows["aliases"]
            if types.get(r["entity_id"]) in ("organisation", "person")
        ]
        layer_rank = {layer: rank for rank, layer in enumerate(dict.fromkeys(layer for _, _, layer, _ in named))}
        via_rank = {"name": 0, "local name": 1, "alias": 2}
        return sorted((n for n in named if n[0]), key=lambda n: (layer_rank[n[2]], via_rank[n[3]], n[1], n[0]))


@dataclass
class EntityIndex:
    """Where an owner name or an external id leads, in the layers other than the one being imported."""

    by_name: dict[str, str]
    by_identifier: dict[tuple[str, str], str]
    names: dict[str, str]
    ambiguous: dict[str, set[str]]

    @classmethod
    def of(cls, layers: LayerTables) -> "EntityIndex":
        by_name: dict[str, str] = {}
        ambiguous: dict[str, set[str]] = {}
        for name, entity_id, _, _ in layers.owner_names():
            key = normalise(name)
            if not key:
                continue
            first = by_name.setdefault(key, entity_id)
            if first != entity_id:
                ambiguous.setdefault(key, {first}).add(entity_id)
        by_identifier = {(r["scheme"], r["value"]): r["entity_id"] for r in layers.rows["identifiers"]}
        return cls(by_name, by_identifier, layers.names(), ambiguous)

    @classmethod
    def from_data(cls, data_dir: Path, exclude: str) -> "EntityIndex":
        return cls.of(LayerTables.read(data_dir, exclude=exclude))


class OwnerResolver:
    """Finds the entity behind each owner name for one import layer, creating an organisation per unknown name.

    Created organisations and the identifiers that reconciliation establishes are added to `rows` by `finish`.
    """

    def __init__(self, index: EntityIndex, rows: LayerRows, source_id: str):
        self.index = index
        self.rows = rows
        self.source_id = source_id
        self.created: dict[str, str] = {}
        self.spellings: dict[str, Counter[str]] = {}
        self.identified: dict[tuple[str, str], str] = {}

    def resolve(self, name: str, identifier: tuple[str, str] | None = None, new_id: str | None = None) -> str | None:
        """The id of the entity `name` (with its external `identifier`, if any) stands for; None for a name
        without words. An unknown one is created, as `new_id` or `owner:<normalised name>`."""
        if identifier and (found := self.index.by_identifier.get(identifier) or self.identified.get(identifier)):
            return found
        key = normalise(name)
        if not key:
            return None
        entity_id = self.index.by_name.get(key) or self.created.get(key)
        if entity_id is None:
            entity_id = self.created[key] = new_id or owner_id_for(key)
            self.spellings[entity_id] = Counter()
        if entity_id in self.spellings:
            self.spellings[entity_id][name] += 1
        if identifier:
            self.identified[identifier] = entity_id
        return entity_id

    def finish(self) -> None:
        """Add the created organisations (named by their most frequent spelling), their other spellings as
        aliases, and the external ids matched on the way."""
        for entity_id, spellings in self.spellings.items():
            ranked = sorted(spellings.items(), key=lambda item: (-item[1], item[0]))
            name = ranked[0][0]
            self.rows.add("organisations", org_id=entity_id, name=name, kind="other", source_id=self.source_id)
            for alias, _ in ranked[1:]:
                self.rows.add("aliases", entity_id=entity_id, alias=alias)
        for (scheme, value), entity_id in self.identified.items():
            self.rows.add("identifiers", entity_id=entity_id, scheme=scheme, value=value)
