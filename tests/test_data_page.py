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
    assert [info.value for info in findings.info] == ["No data-quality finding on this date."]
    assert table_counts(conflicts) == table_counts(findings) == []  # the sources tab did not run
