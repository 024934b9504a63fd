"""BODS 0.4 schema validation as `libcovebods jsv` does it, for the tests."""

from collections import Counter
from pathlib import Path

import libcovebods.config
import libcovebods.data_reader
import libcovebods.jsonschemavalidate
import libcovebods.schema


def schema_errors(path: Path) -> list[dict]:
    """Every error `libcovebods jsv` reports for the BODS JSON file at path (its JSON form)."""
    reader = libcovebods.data_reader.DataReader(str(path))
    schema = libcovebods.schema.SchemaBODS(reader, libcovebods.config.LibCoveBODSConfig())
    assert schema.schema_version == "0.4", schema.schema_version
    return [error.json() for error in libcovebods.jsonschemavalidate.JSONSchemaValidator(schema).validate(reader)]


def record_types(statements: list[dict]) -> dict[str, int]:
    return dict(sorted(Counter(s["recordType"] for s in statements).items()))
