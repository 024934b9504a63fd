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

A name says nothing about the country, and the same normalised name is often two organisations in two countries:
so among the entities of a name (`EntityIndex.owner_of`), an owner of an outlet in country C is the first one of C,
else the first one whose country is unknown (nothing speaks against it; the owners importers create have none),
else, when every one has another known country, the one whose curated name is spelled exactly as the owner is
(a curator wrote that spelling for a group that owns abroad, like beIN Media Group in Türkiye). Otherwise, a name
that only matches by its normalised form organisations of other countries is treated as a name nobody knows: it
becomes (or joins) the one organisation created for that name, not a record for review, because the claim is
written now, and joining it to a foreign namesake would pass that namesake's control on to the outlet ("Global
Media", a Turkish company, owning Colombian channels), while a separate owner only counts as its own group and is
listed by the review report with its nearest curated names, so a curator who finds them the same adds an alias.
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


def name_words(name: str) -> list[str]:
    """The words of a name without a leading article: 'The Walt Disney Company' -> ['walt', 'disney', 'company']."""
    kept = words(name)
    return kept[1:] if len(kept) > 1 and kept[0] == "the" else kept


def normalise(name: str) -> str:
    """The form two spellings of one organisation share; see the module docstring. '' when there are no words."""
    kept = name_words(name)
    stripped = True
    while stripped:
        stripped = False
        for size in range(min(LONGEST_FORM, len(kept) - 1), 0, -1):
            if tuple(kept[-size:]) in LEGAL_FORMS:
                kept = kept[:-size]
                stripped = True
                break
    return " ".join(kept)


def spelling(name: str) -> str:
    """A name's words as written, legal forms kept: two spellings are the same name when this is equal."""
    return " ".join(name_words(name))


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

    def countries(self) -> dict[str, str]:
        """The known country of every organisation, person and outlet that has one."""
        found = [(r["outlet_id"], r["country"]) for r in self.rows["outlets"]]
        found += [(r["person_id"], r["country"]) for r in self.rows["people"]]
        found += [(r["org_id"], r["country"]) for r in self.rows["organisations"]]
        return {entity_id: country for entity_id, country in found if country}

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

    by_name: dict[str, list[str]]
    by_identifier: dict[tuple[str, str], str]
    names: dict[str, str]
    countries: dict[str, str]
    curated_spellings: dict[str, set[str]]

    @classmethod
    def of(cls, layers: LayerTables) -> "EntityIndex":
        by_name: dict[str, list[str]] = {}
        curated_spellings: dict[str, set[str]] = {}
        for name, entity_id, layer, _ in layers.owner_names():
            key = normalise(name)
            if not key:
                continue
            found = by_name.setdefault(key, [])
            if entity_id not in found:
                found.append(entity_id)
            if layer == CURATED_LAYER:
                curated_spellings.setdefault(spelling(name), set()).add(entity_id)
        by_identifier = {(r["scheme"], r["value"]): r["entity_id"] for r in layers.rows["identifiers"]}
        return cls(by_name, by_identifier, layers.names(), layers.countries(), curated_spellings)

    @property
    def ambiguous(self) -> dict[str, set[str]]:
        """The normalised names that several entities share."""
        return {key: set(found) for key, found in self.by_name.items() if len(found) > 1}

    def owner_of(self, name: str, country: str | None = None) -> str | None:
        """The entity an owner `name` of an outlet in `country` stands for, as the module docstring says; None when
        no entity has the name, or only entities of other countries whose curated names spell it otherwise."""
        found = self.by_name.get(normalise(name), [])
        if not country or not found:
            return found[0] if found else None
        for wanted in (country, ""):
            if same := next((e for e in found if self.countries.get(e, "") == wanted), None):
                return same
        exact = self.curated_spellings.get(spelling(name), set())
        return next((e for e in found if e in exact), None)

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

    def resolve(
        self,
        name: str,
        identifier: tuple[str, str] | None = None,
        new_id: str | None = None,
        country: str | None = None,
    ) -> str | None:
        """The id of the entity `name` (with its external `identifier`, if any) stands for as the owner of an outlet
        in `country`; None for a name without words. An unknown one, or one that only names organisations of other
        countries, is created, as `new_id` or `owner:<normalised name>`."""
        if identifier and (found := self.index.by_identifier.get(identifier) or self.identified.get(identifier)):
            return found
        key = normalise(name)
        if not key:
            return None
        entity_id = self.index.owner_of(name, country) or self.created.get(key)
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
