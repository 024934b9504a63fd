"""What the atlas already knows, for reading an article: every name, local name and alias of its organisations,
outlets and people in the one fold, curated first, and its sources by URL."""

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from media_atlas.build.staging import layer_dirs
from media_atlas.text import fold

CURATED = "curated"
WORDS = re.compile(r"[a-z0-9]+")


def words(text: str) -> tuple[str, ...]:
    return tuple(WORDS.findall(fold(text)))


@dataclass
class Known:
    """The atlas's names: folded words of every name, local name and alias, to (entity id, kind), curated first."""

    by_words: dict[tuple[str, ...], tuple[str, str]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    ids: set[str] = field(default_factory=set)
    source_urls: dict[str, str] = field(default_factory=dict)
    source_ids: set[str] = field(default_factory=set)
    longest: int = 1

    @classmethod
    def from_data(cls, data_dir: Path) -> "Known":
        known = cls()
        layers = sorted(layer_dirs(data_dir), key=lambda p: p.name != CURATED) if data_dir.exists() else []
        for layer in layers:
            curated = layer.name == CURATED
            kinds = {}
            for table, key, kind in (
                ("organisations", "org_id", "organisation"),
                ("outlets", "outlet_id", "outlet"),
                ("people", "person_id", "person"),
            ):
                for row in _rows(layer / f"{table}.csv"):
                    kinds[row[key]] = kind
                    known.ids.add(row[key])
                    known.names.setdefault(row[key], row["name"])
                    for name in (row["name"], row.get("local_name") or ""):
                        known.add(name, row[key], kind, curated)
            for row in _rows(layer / "aliases.csv"):
                kind = kinds.get(row["entity_id"])
                if kind:
                    known.add(row["alias"], row["entity_id"], kind, curated)
            for row in _rows(layer / "sources.csv"):
                known.source_urls.setdefault(row["url"], row["source_id"])
                known.source_ids.add(row["source_id"])
        return known

    def add(self, name: str, entity_id: str, kind: str, curated: bool) -> None:
        key = words(name)
        # An imported layer's one-word names ('Star', 'Kanal') are too common in prose to mean that entity.
        if not key or (len(key) == 1 and (not curated or len(key[0]) < 3)):
            return
        self.by_words.setdefault(key, (entity_id, kind))
        self.longest = max(self.longest, len(key))

    def find(self, text: str) -> list[tuple[int, str, str]]:
        """The known entities named in text, as (position in its words, id, kind), longest names first."""
        found, taken, tokens = [], set(), words(text)
        for size in range(min(self.longest, len(tokens)), 0, -1):
            for start in range(len(tokens) - size + 1):
                span = set(range(start, start + size))
                if span & taken:
                    continue
                hit = self.by_words.get(tokens[start : start + size])
                if hit:
                    taken |= span
                    found.append((start, *hit))
        return sorted(found)


def _rows(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
