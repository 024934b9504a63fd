"""Downloads: the CSV holds exactly the filtered rows, is safe in a spreadsheet and is named for its filters."""

import csv
import io

import pytest

from media_atlas.atlas import Atlas
from media_atlas.filters import describe, no_filters
from media_atlas.ui.tables import csv_file_name
from tests.conftest import TODAY_PARAMS
from tests.small_worlds import built_atlas, outlet

AS_OF = "2026-11-27"


# Names a spreadsheet would run as formulas, each beside what the CSV must hold. (A carriage return, which the
# export also guards, cannot reach the data: the validator refuses a line break inside a value.)
FORMULA_NAMES = {
    '=HYPERLINK("http://x")': '\'=HYPERLINK("http://x")',
    "+90 TV": "'+90 TV",
    "-minus": "'-minus",
    "@mention": "'@mention",
    "\ttab": "'\ttab",
    "Plain TV": "Plain TV",
    "TV = 1": "TV = 1",
}


@pytest.mark.parametrize(
    ("filters", "slug"),
    [
        ({}, "as-of-2026-11-27"),
        ({"countries": ["AZ", "TR"]}, "country-AZ+TR_as-of-2026-11-27"),
        ({"groups": ["wd:Q1"], "q": "Doğan"}, "group-wd-Q1_q-Dogan_as-of-2026-11-27"),
        ({"founded_from": 1950, "founded_to": None}, "founded-1950-_as-of-2026-11-27"),
    ],
)
def test_file_names_describe_the_filters(filters, slug):
    assert describe(no_filters(AS_OF) | filters) == slug


def test_the_csv_holds_exactly_the_filtered_rows_with_their_sources(small_db):
    params = no_filters(AS_OF) | {"countries": ["TR"], "media_types": ["newspaper"]}
    rows = list(csv.DictReader(io.StringIO(Atlas(small_db).csv_bytes("outlets", **params).decode("utf-8"))))
    assert [row["name"] for row in rows] == ["Hürriyet", "Milliyet", "Yeni Şafak"]
    assert [row["source_publisher"] for row in rows] == [
        "Proto Thema",
        "State Media Monitor (Media and Journalism Research Center)",
        "Trend News Agency",
    ]
    assert csv_file_name("outlets", params) == "outlets_country-TR_type-newspaper_as-of-2026-11-27.csv"


def test_csv_export_neutralises_formulas(tmp_path):
    """A cell that starts with =, +, -, @, a tab or a carriage return gets a leading quote, so a spreadsheet shows it
    as text; every other cell is written as it is."""
    data = tmp_path / "data"
    outlets = [outlet(f"formula-{number}") | {"name": name} for number, name in enumerate(FORMULA_NAMES)]
    path = tmp_path / "out.csv"
    rows = built_atlas(data, {"outlets": outlets}).export_csv("outlets", path, **TODAY_PARAMS)
    with path.open(newline="", encoding="utf-8") as handle:
        written = {row["outlet_id"]: row["name"] for row in csv.DictReader(handle)}
    assert rows == len(FORMULA_NAMES)
    assert [written[f"formula-{number}"] for number in range(len(FORMULA_NAMES))] == list(FORMULA_NAMES.values())
