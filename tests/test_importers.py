"""The iptv-org and Wikidata importers on rows cut from the real files, through the production build."""

import duckdb

from media_atlas.build.load import build
from media_atlas.build.validate import validate
from media_atlas.cli import main
from media_atlas.importers.iptv_org import import_iptv_org
from media_atlas.importers.wikidata import import_wikidata
from tests.importing import CHANNELS, NEWSPAPERS, fresh_data, layer_bytes, rows


def outlet(data, layer: str, outlet_id: str) -> dict[str, str]:
    return next(row for row in rows(data, layer, "outlets") if row["outlet_id"] == outlet_id)


def claims(data, layer: str, owned_id: str) -> list[tuple[str, str]]:
    return sorted((r["owner_id"], r["interest"]) for r in rows(data, layer, "ownership") if r["owned_id"] == owned_id)


def test_each_import_reports_rows_read_imported_and_values_left_out(imported):
    _, reports = imported
    assert reports["iptv-org"].lines() == ["iptv-org channels.csv: read 26 rows, imported 26, skipped 0"]
    assert reports["wikidata"].lines() == [
        "wikidata newspapers_flat.csv: read 14 rows, imported 14, skipped 0",
        "  country left empty on 1 row(s) ('Ottoman Empire' has no ISO 3166-1 code): line 6",
        "  parent_org left empty on 1 row(s) ('The Tide' (Q17109416) is the outlet itself): line 7",
        "  publisher left empty on 1 row(s) (Wikidata's 'somevalue': an owner it does not name): line 10",
    ]


def test_channels_become_tv_outlets_with_iso_countries_and_dates(imported):
    data, _ = imported
    assert outlet(data, "iptv-org", "iptv:4Music.uk") == {
        "outlet_id": "iptv:4Music.uk",
        "name": "4Music",
        "local_name": "",
        "media_type": "tv",
        "periodicity": "",
        "country": "GB",
        "language": "",
        "founded": "2008-08-15",
        "closed": "2024-07-01",
        "website": "https://www.boxplus.com/",
        "source_id": "iptv-org-database-e041f20c",
    }
    assert outlet(data, "iptv-org", "iptv:21Junior.xk")["country"] == "XK"
    assert rows(data, "iptv-org", "sources") == [
        {
            "source_id": "iptv-org-database-e041f20c",
            "title": "iptv-org database, data/channels.csv at commit e041f20c",
            "publisher": "iptv-org",
            "url": "https://github.com/iptv-org/database",
            "published_on": "2026-06-17",
            "retrieved_on": "",
            "license": "The Unlicense",
        }
    ]
    assert {"entity_id": "iptv:ATV.tr", "scheme": "iptv-org", "value": "ATV.tr"} in rows(
        data, "iptv-org", "identifiers"
    )


def test_owners_split_into_shareholdings_and_the_network_is_an_affiliation(imported):
    data, _ = imported
    assert claims(data, "iptv-org", "iptv:TBMMTV.tr") == [("owner:tbmm", "shareholding"), ("owner:trt", "shareholding")]
    assert claims(data, "iptv-org", "iptv:AnimalPlanetEurope.uk") == [
        ("owner:warner-bros-discovery", "shareholding"),
        ("owner:warner-bros-discovery-emea", "affiliation"),
    ]
    shares = {
        (r["share_min"], r["share_max"], r["start_date"], r["end_date"]) for r in rows(data, "iptv-org", "ownership")
    }
    assert shares == {("", "", "", "")}


def test_wikidata_dates_keep_their_precision(imported, imported_db):
    data, _ = imported
    dates = {r["outlet_id"]: (r["founded"], r["closed"]) for r in rows(data, "wikidata", "outlets")}
    assert dates["wd:Q763682"] == ("2002", "")  # Vatan: +2002-00-00T00:00:00Z
    assert dates["wd:Q105753404"] == ("2018-01", "")  # +2018-01-00T00:00:00Z
    assert dates["wd:Q1002600"] == ("2005-09-06", "")  # Bugün
    assert dates["wd:Q16365324"] == ("1909-06-10", "1914")  # Azadamard
    with duckdb.connect(str(imported_db), read_only=True) as con:
        built = con.execute("select founded from outlets where outlet_id = 'wd:Q763682'").fetchall()
    assert built == [("2002",)]


def test_wikidata_countries_become_iso_codes_or_stay_empty(imported):
    data, _ = imported
    countries = {r["name"]: r["country"] for r in rows(data, "wikidata", "outlets")}
    assert countries["Tianjin Daily"] == "CN"  # People's Republic of China
    assert countries["Krasnoe znamya"] == "RU"  # Russia;Soviet Union: the one current country
    assert countries["Bugün"] == "TR"
    assert countries["Azadamard"] == ""  # Ottoman Empire, reported


def test_wikidata_owners_publishers_and_parents_are_three_interests(imported):
    data, _ = imported
    assert claims(data, "wikidata", "wd:Q18639164") == [  # Daily Sabah
        ("sabah", "control"),  # parent organisation Sabah (Q574575), the curated outlet
        ("wd:Q272361", "publisher"),
        ("wd:Q272361", "shareholding"),
    ]
    created = {r["org_id"]: (r["name"], r["kind"]) for r in rows(data, "wikidata", "organisations")}
    assert created["wd:Q272361"] == ("Çalık Holding", "other")  # noqa: RUF001
    assert claims(data, "wikidata", "wd:Q17109416") == [("wd:Q106178606", "publisher")]  # its own parent dropped


def test_the_same_outlet_from_two_sources_is_one_entity(imported, imported_db):
    data, _ = imported
    assert [r["outlet_id"] for r in rows(data, "iptv-org", "outlets") if "TVNET" in r["outlet_id"]] == ["iptv:TVNET.lv"]
    assert "TVNET.tr" not in {r["value"] for r in rows(data, "iptv-org", "identifiers")}
    assert claims(data, "iptv-org", "tvnet") == [("albayrak-media-group", "shareholding")]
    assert "Q1815813" not in {r["value"] for r in rows(data, "wikidata", "identifiers")}
    assert claims(data, "wikidata", "yeni-safak") == [
        ("albayrak-holding", "publisher"),
        ("albayrak-holding", "shareholding"),
    ]
    with duckdb.connect(str(imported_db), read_only=True) as con:
        ids = con.execute(
            "select scheme, value, entity_id from identifiers where value in ('TVNET.tr', 'Q1815813') order by value"
        ).fetchall()
        entities = con.execute(
            "select entity_id from entities where name in ('TVNET', 'Yeni Şafak') order by 1"
        ).fetchall()
    assert ids == [("wikidata", "Q1815813", "yeni-safak"), ("iptv-org", "TVNET.tr", "tvnet")]
    assert entities == [("iptv:TVNET.lv",), ("tvnet",), ("yeni-safak",)]


def test_imported_layers_validate_and_build(imported, tmp_path):
    data, _ = imported
    assert validate(data) == []
    report = build(data, tmp_path / "atlas.duckdb")
    assert {layer: counts["outlets"] for layer, counts in report.layer_counts.items()} == {
        "curated": 3,
        "iptv-org": 25,
        "wikidata": 12,
    }
    assert report.layer_counts["iptv-org"]["ownership"] == 29
    assert report.layer_counts["wikidata"]["ownership"] == 17


def test_an_import_run_twice_gives_identical_files_and_touches_only_its_layer(tmp_path):
    data = fresh_data(tmp_path)
    import_wikidata(NEWSPAPERS, data)
    import_iptv_org(CHANNELS, data)
    first = layer_bytes(data)
    (data / "iptv-org" / "audience.csv").write_text("left over from an older import\n", encoding="utf-8")
    import_iptv_org(CHANNELS, data)
    import_wikidata(NEWSPAPERS, data)
    assert layer_bytes(data) == first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]  # no staging folder left behind


def test_a_malformed_row_is_reported_with_its_line_and_skipped(tmp_path, capsys):
    lines = CHANNELS.read_text(encoding="utf-8").splitlines(keepends=True)
    broken = tmp_path / "channels.csv"
    ragged = "Broken.tr,Broken TV,,,Demiroren Group,TR\n"
    unnamed = ",No Id TV,,,,TR,general,FALSE,,,,\n"
    broken.write_text("".join([*lines[:3], ragged, *lines[3:6], unnamed, *lines[6:]]), encoding="utf-8")
    data = fresh_data(tmp_path)
    assert main(["import", "iptv-org", str(broken), "--data", str(data)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "iptv-org channels.csv: read 28 rows, imported 26, skipped 2",
        "  skipped line 4: row has 6 values but the header has 12",
        "  skipped line 8: no channel id",
    ]
    assert len(rows(data, "iptv-org", "outlets")) == 25
    assert validate(data) == []


def test_the_wrong_file_is_refused_and_the_layer_left_as_it_was(tmp_path, capsys):
    data = fresh_data(tmp_path)
    assert main(["import", "wikidata", str(CHANNELS), "--data", str(data)]) == 1
    assert capsys.readouterr().err == (
        f"{CHANNELS}: cannot import: header lacks column(s) qid, label, owned_by, owned_by_qids, publisher, "
        "publisher_qids, parent_org, parent_org_qids, inception, dissolved, language; is this the right file?; "
        f"{data / 'wikidata'} left as it was\n"
    )
    assert not (data / "wikidata").exists()
