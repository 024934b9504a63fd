"""One import run: the layer being written, its report, and the owner reconciliation against the other layers."""

from dataclasses import dataclass
from pathlib import Path

from media_atlas.importers.duplicates import DuplicateIndex
from media_atlas.importers.layer import ImportReport, LayerRows
from media_atlas.importers.owners import EntityIndex, LayerTables, OwnerResolver


@dataclass
class LayerImport:
    """What every importer's run holds; importers add their own state in a subclass."""

    rows: LayerRows
    report: ImportReport
    index: EntityIndex
    owners: OwnerResolver
    outlets: DuplicateIndex
    source_id: str

    @classmethod
    def start(cls, layer: str, source: dict[str, str], data_dir: Path, dataset: str, **state):
        """A run writing `layer` with its one `sources` row, matching owners against data_dir's other layers."""
        rows = LayerRows(layer)
        rows.add("sources", **source)
        others = LayerTables.read(data_dir, exclude=layer)
        index = EntityIndex.of(others)
        owners = OwnerResolver(index, rows, source["source_id"])
        return cls(rows, ImportReport(dataset), index, owners, DuplicateIndex.of(others), source["source_id"], **state)

    def outlet_for(self, scheme: str, value: str, name: str, values: dict[str, str | None]) -> str | None:
        """The outlet of another layer that the upstream item `value` is: the one an identifier maps it to, else
        the one it certainly duplicates (the mapping then goes into this layer's identifiers); None when it is new."""
        mapped = self.index.by_identifier.get((scheme, value))
        if mapped:
            return mapped
        same = self.outlets.same(name, values["media_type"], values.get("country"), values.get("website"))
        if same:
            self.rows.add("identifiers", entity_id=same, scheme=scheme, value=value)
        return same

    def country_of(self, outlet_id: str, values: dict[str, str | None]) -> str | None:
        """An outlet's country, for matching its owners: as this layer's item states it, else as another layer does."""
        return values.get("country") or self.index.countries.get(outlet_id)

    def add_claim(self, line: int, column: str, owner: str, owner_id: str | None, owned_id: str, interest: str) -> None:
        """Add owner_id's interest of unknown share in owned_id; an owner found nowhere (a name without letters or
        digits) or that is the owned entity itself is reported as a value left out."""
        if owner_id is None or owner_id == owned_id:
            reason = "has no letters or digits" if owner_id is None else "is the outlet itself"
            self.report.drop(line, column, f"{owner} {reason}")
            return
        self.rows.add("ownership", owner_id=owner_id, owned_id=owned_id, interest=interest, source_id=self.source_id)

    def add_attributes(self, entity_id: str, values: dict[str, str | None]) -> None:
        """What this layer states about an entity another layer defines: one `attributes` row per value given, which
        the build fuses with the other layers' (model/rules.sql § attributes)."""
        for attribute, value in values.items():
            if value:
                self.rows.add(
                    "attributes", entity_id=entity_id, attribute=attribute, value=value, source_id=self.source_id
                )

    def finish(self, data_dir: Path) -> ImportReport:
        """Add the owner organisations created on the way and write the layer in place of the old one."""
        self.owners.finish()
        self.rows.write(data_dir)
        return self.report
