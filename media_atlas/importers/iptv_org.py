"""Import the iptv-org database's channels.csv as the `iptv-org` layer.

Every channel becomes a TV outlet `iptv:<channel id>` (or adds its claims to the entity that another layer's
`identifiers` already maps the channel to), its owners become shareholdings of unknown share and its network an
affiliation (a network tie, not ownership).
"""

from dataclasses import dataclass, field
from pathlib import Path

from media_atlas.importers.layer import (
    ImportReport,
    is_partial_date,
    progress,
    read_upstream_csv,
    split_values,
)
from media_atlas.importers.run import LayerImport
from media_atlas.vocabulary import country_codes

LAYER = "iptv-org"
SCHEME = "iptv-org"
SOURCE = {
    "source_id": "iptv-org-database-e041f20c",
    "title": "iptv-org database, data/channels.csv at commit e041f20c",
    "publisher": "iptv-org",
    "url": "https://github.com/iptv-org/database",
    "published_on": "2026-06-17",
    "license": "The Unlicense",
}
COLUMNS = ("id", "name", "alt_names", "network", "owners", "country", "launched", "closed", "website")
# iptv-org writes UK for the United Kingdom, whose ISO 3166-1 code is GB.
COUNTRY_CODES = {"UK": "GB"}


def channels_file(path: Path) -> Path:
    """channels.csv, given either the file or the iptv-org folder that holds it."""
    return path / "channels.csv" if path.is_dir() else path


@dataclass
class ChannelImport(LayerImport):
    """One run over channels.csv: the channel ids seen so far (with their line) besides the shared state."""

    countries: frozenset[str] = field(default_factory=country_codes)
    first_line: dict[str, int] = field(default_factory=dict)

    def add(self, line: int, channel: dict[str, str]) -> None:
        """Add one channel's outlet, aliases and ownership claims, or report why it is left out."""
        channel_id, name = channel["id"], channel["name"]
        if not channel_id or not name:
            self.report.skip(line, "no channel id" if not channel_id else f"channel {channel_id} has no name")
            return
        if channel_id in self.first_line:
            self.report.skip(line, f"channel id {channel_id} is already on line {self.first_line[channel_id]}")
            return
        self.first_line[channel_id] = line
        values = self.outlet_values(line, channel)
        outlet_id = self.outlet_for(SCHEME, channel_id, name, values)
        if outlet_id is None:
            outlet_id = f"iptv:{channel_id}"
            self.rows.add("outlets", outlet_id=outlet_id, name=name, **values, source_id=self.source_id)
            self.rows.add("identifiers", entity_id=outlet_id, scheme=SCHEME, value=channel_id)
        else:
            self.add_attributes(outlet_id, values)
            if self.index.names.get(outlet_id) != name:
                self.rows.add("aliases", entity_id=outlet_id, alias=name)
        for alias in split_values(channel["alt_names"]):
            if alias != name:
                self.rows.add("aliases", entity_id=outlet_id, alias=alias)
        country = self.country_of(outlet_id, values)
        for owner in split_values(channel["owners"]):
            owner_id = self.owners.resolve(owner, country=country)
            self.add_claim(line, "owners", repr(owner), owner_id, outlet_id, "shareholding")
        if network := channel["network"]:
            owner_id = self.owners.resolve(network, country=country)
            self.add_claim(line, "network", repr(network), owner_id, outlet_id, "affiliation")
        self.report.imported += 1

    def outlet_values(self, line: int, channel: dict[str, str]) -> dict[str, str]:
        """The outlet's attributes as the channel states them; a value that is not one is reported and left out."""
        country = COUNTRY_CODES.get(channel["country"], channel["country"])
        if country and country not in self.countries:
            self.report.drop(line, "country", "not an ISO 3166-1 alpha-2 code")
            country = ""
        dates = {}
        for column in ("launched", "closed"):
            dates[column] = channel[column]
            if dates[column] and not is_partial_date(dates[column]):
                self.report.drop(line, column, "not a date")
                dates[column] = ""
        if dates["launched"] and dates["closed"] and dates["closed"] < dates["launched"]:
            self.report.drop(line, "closed", "before the launch date")
            dates["closed"] = ""
        return {
            "media_type": "tv",
            "country": country,
            "founded": dates["launched"],
            "closed": dates["closed"],
            "website": channel["website"],
        }


def import_iptv_org(path: Path, data_dir: Path) -> ImportReport:
    """Write data_dir/iptv-org/ from channels.csv at path (the file or its folder); return what was done."""
    source = channels_file(path)
    run = ChannelImport.start(LAYER, SOURCE, data_dir, f"iptv-org {source.name}")
    for line, channel in read_upstream_csv(source, COLUMNS, run.report):
        run.add(line, channel)
        progress("iptv-org channels read", run.report.rows_read)
    return run.finish(data_dir)
