"""The Data page: rows per layer, conflicting claims and data-quality findings in their tabs."""

from tests.page_runs import run_page, table_counts


def test_data_page_counts_rows_per_layer(small_world):
    app = run_page("pages/7_Data.py", tab="Rows per layer")
    layers = app.dataframe[0].value
    assert layers.loc["outlets", "curated"] == 12
    assert layers.loc["sources", "curated"] == 16


def test_data_page_lists_conflicts_and_findings_in_their_tabs(small_world):
    conflicts = run_page("pages/7_Data.py", tab="Conflicting ownership claims")
    findings = run_page("pages/7_Data.py", tab="Data-quality findings")
    assert [info.value for info in conflicts.info] == [
        "No entity has owners that disagree between sources on this date."
    ]
    # The fixture's one finding: Doğan held Kanal D until 2018 (its first day), says a source of 2018-03-21, so no date
    # supports the claim.
    assert [info.value for info in findings.info] == []
    assert table_counts(findings) == ["**1** finding"]
    assert table_counts(conflicts) == []  # the sources tab did not run


def test_data_page_offers_the_whole_dataset_in_four_formats(small_world):
    import io
    import json
    import zipfile

    import openpyxl

    app = run_page("pages/7_Data.py", tab="Whole dataset")
    buttons = {button.proto.label: button for button in app.get("download_button")}
    assert list(buttons) == ["Parquet (zip)", "CSV (zip)", "Excel", "BODS 0.4 (JSON)"]
    from media_atlas.build.load import table_names
    from media_atlas.exchange.tables import dataset_bytes

    names = sorted(f"{name}.csv" for name in table_names())
    assert sorted(zipfile.ZipFile(io.BytesIO(dataset_bytes(small_world, "csv"))).namelist()) == names
    assert openpyxl.load_workbook(io.BytesIO(dataset_bytes(small_world, "xlsx"))).sheetnames == table_names()
    statements = json.loads(dataset_bytes(small_world, "bods"))
    assert {s["recordType"] for s in statements} == {"entity", "person", "relationship"}


def test_every_table_download_also_offers_excel(small_world):
    import io

    import openpyxl

    from media_atlas.atlas import Atlas
    from media_atlas.filters import no_filters

    app = run_page("pages/7_Data.py")
    labels = [button.proto.label for button in app.get("download_button")]
    assert labels == ["Download all 16 sources as CSV", "Excel"]
    sheet = openpyxl.load_workbook(io.BytesIO(Atlas(small_world).xlsx_bytes("sources", **no_filters("2026-11-27"))))
    assert sum(1 for _ in sheet["sources"].iter_rows()) == 17


def test_a_count_column_shows_thousands_separators(small_world):
    """A column of whole numbers given only a header (the facts citing each source) is a count, shown as every
    count is (tables.py: COUNT_FORMAT): 1,019, not 1019."""
    import json

    sources = run_page("pages/7_Data.py", tab="Sources").dataframe[0]
    config = json.loads(sources.proto.columns)
    assert config["facts"]["type_config"] == {"type": "number", "format": "localized"}
    assert config["published_on"].get("type_config") is None  # a date as text, not a count
