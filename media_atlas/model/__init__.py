"""The model: the ownership rules in SQL, which the build creates in the database; one concept per file, read in the
order below (each file uses only what the files before it define)."""

from pathlib import Path

MODEL_DIR = Path(__file__).resolve().parent
# claims in time and curated wins → control → look-through → what the tables list → concentration
RULE_FILES = ("claims", "control", "lookthrough", "listings", "concentration")


def model_files() -> list[Path]:
    return [MODEL_DIR / f"{name}.sql" for name in RULE_FILES]


def model_sql() -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in model_files())
