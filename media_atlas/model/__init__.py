"""The model: the ownership rules in SQL, which the build creates in the database, one concept per file, read in
the order of RULE_FILES (each file uses only what the files before it define); and, declared apart from the rules,
what the build stores for speed.

A rule `<name>_computed(as_of, wanted)` states one date's rows; STORED lists the rules whose rows on the stored day are
stored, each as the table `<name>_built`, sorted for the lookups that read it, and the macro `<name>_as_of(as_of,
wanted)` that reads the stored rows on the dates they hold for (`stored_for`, model/claims.sql) and computes them on
any other. The empty gate (a row that only exists when wanted) lets DuckDB drop the side a date does not need."""

from dataclasses import dataclass
from pathlib import Path

MODEL_DIR = Path(__file__).resolve().parent
# attributes fused across layers → the entities → claims in time and curated wins → control → paths among owners →
# look-through → what the tables list → concentration
RULE_FILES = ("attributes", "entities", "claims", "control", "paths", "lookthrough", "listings", "concentration")


@dataclass(frozen=True)
class Stored:
    rule: str  # `<rule>_computed` states the rows
    order_by: str  # the order the lookups that read them want
    name: str = ""  # the stored table and macro when not the rule's: another order of the same rows

    def sql(self) -> str:
        name, built = self.name or self.rule, f"{self.name or self.rule}_built"
        rows = f"{self.rule}_built" if self.name else f"{self.rule}_computed((select stored_on from stored_window))"
        return f"""
create table {built} as
    select * from {rows}
    order by {self.order_by};

create macro {name}_as_of(as_of, wanted := true) as table
    select {built}.*
    from (select 1 as open where wanted and stored_for(as_of)) as gate, {built}
    union all
    select * from {self.rule}_computed(as_of, wanted := wanted and not stored_for(as_of));
"""


# What is stored after each rule file, for the files after it.
STORED = {
    "claims": (Stored("ownership_edges", "owner_id"),),
    "listings": (Stored("group_sizes", "group_id"), Stored("outlet_counts", "country, media_type")),
}


# Named queries that list their rows in the order their stored table holds them (their final ORDER BY is its sort
# order, as model/listings.sql creates it): they read that table alone, with a filter, and DuckDB keeps the order it
# reads rows in through a filter, so every row is written out (a CSV of a million outlets) without sorting them again.
LISTED_AS_STORED = ("outlets",)


def model_files() -> list[Path]:
    return [MODEL_DIR / f"{name}.sql" for name in RULE_FILES]


def model_sql() -> str:
    parts = []
    for name, path in zip(RULE_FILES, model_files(), strict=True):
        parts.append(path.read_text(encoding="utf-8"))
        parts += [stored.sql() for stored in STORED.get(name, ())]
    return "\n".join(parts)


def rule_comment(name: str) -> str:
    """The comment that opens a rule file: its rules as the SQL states them."""
    lines = []
    for line in (MODEL_DIR / f"{name}.sql").read_text(encoding="utf-8").splitlines():
        if not line.startswith("--"):
            break
        lines.append(line.removeprefix("--").removeprefix(" "))
    return "\n".join(lines).strip()
