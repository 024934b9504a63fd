"""Owner reconciliation: normalised names, one organisation per owner across importers, the review report and the
conflicts query, on rows cut from the real files."""

import shutil

import pytest

from media_atlas.build.validate import validate
from media_atlas.cli import main
from media_atlas.importers.iptv_org import import_iptv_org
from media_atlas.importers.owners import normalise
from media_atlas.importers.review import dangling_references
from media_atlas.importers.wikidata import import_wikidata
from tests.importing import CHANNELS, CURATED, NEWSPAPERS, fresh_data, rows


@pytest.mark.parametrize(
    ("name", "normalised"),
    [
        ("Demiroren Group", "demiroren"),
        ("Demirören Holding", "demiroren"),
        ("Albayrak Group Holding", "albayrak"),
        ("Albayrak Medya", "albayrak media"),
        ("Albayrak Media Group", "albayrak media"),
        ("Doğan Media Group", "dogan media"),
        ("İhlas Yayın Holding", "ihlas yayin"),  # noqa: RUF001
        ("Huzur Radyo TV A.Ş.", "huzur radyo tv"),
        ("Kahramanmaras Radyo ve Televizyon Yayınları Tic. A.S.", "kahramanmaras radyo ve televizyon yayinlari"),  # noqa: RUF001
        ("VİM MEDYA ANONİM ŞİRKETİ", "vim media"),
        (
            "Azerbaijan Television and Radio Broadcasting Closed Joint-stock Company",
            "azerbaijan television and radio broadcasting",
        ),
        ("Xədicə İsmayıl", "xedice ismayil"),  # noqa: RUF001
        ("Galatasaray S.K.", "galatasaray sk"),
        ("The Walt Disney Company", "walt disney"),
        ("Holding A.Ş.", "holding"),
        ("---", ""),
    ],
)
def test_normalise_folds_spellings_but_keeps_words_that_tell_groups_apart(name, normalised):
    assert normalise(name) == normalised


def owner_of(data, layer: str, owned_id: str) -> list[str]:
    return sorted(
        r["owner_id"]
        for r in rows(data, layer, "ownership")
        if r["owned_id"] == owned_id and r["interest"] == "shareholding"
    )


def test_an_owner_spelled_three_ways_lands_on_one_organisation(imported):
    data, _ = imported
    # "Demiroren Group", "Demirören Group" (iptv-org) and "Demirören Group" Q6087222 (Wikidata) are all the curated
    # "Demirören Holding".
    assert owner_of(data, "iptv-org", "iptv:CNNTurk.tr") == ["demiroren-holding"]
    assert owner_of(data, "iptv-org", "iptv:KanalD.tr") == ["demiroren-holding"]
    assert owner_of(data, "wikidata", "wd:Q568226") == ["demiroren-holding"]
    assert {"entity_id": "demiroren-holding", "scheme": "wikidata", "value": "Q6087222"} in rows(
        data, "wikidata", "identifiers"
    )
    # "Dogus Media Group", "Doğuş Media Group" and (by a curated alias) "Dogus Yayin Grubu": one media group;
    # "Dogus Group" is the holding above it, which the fixture's curated layer does not have.
    assert owner_of(data, "iptv-org", "iptv:NTV.tr") == ["dogus-media-group"]
    assert owner_of(data, "iptv-org", "iptv:NTVSpor.tr") == ["dogus-media-group"]
    assert owner_of(data, "iptv-org", "iptv:EuroStar.tr") == ["dogus-media-group"]
    assert owner_of(data, "iptv-org", "iptv:KralTV.tr") == ["owner:dogus"]


def test_an_unknown_owner_is_created_once_and_reused_by_the_other_importer(tmp_path):
    data = fresh_data(tmp_path, with_curated=False)
    import_iptv_org(CHANNELS, data)
    import_wikidata(NEWSPAPERS, data)
    created = [r for r in rows(data, "iptv-org", "organisations") if r["org_id"] == "owner:demiroren"]
    assert [(r["name"], r["kind"]) for r in created] == [("Demiroren Group", "other")]
    assert {"entity_id": "owner:demiroren", "alias": "Demirören Group", "language": ""} in rows(
        data, "iptv-org", "aliases"
    )
    assert owner_of(data, "wikidata", "wd:Q568226") == ["owner:demiroren"]
    assert "owner:demiroren" not in {r["org_id"] for r in rows(data, "wikidata", "organisations")}
    assert {"entity_id": "owner:demiroren", "scheme": "wikidata", "value": "Q6087222"} in rows(
        data, "wikidata", "identifiers"
    )
    assert validate(data) == []

    # A curator names the groups; re-importing iptv-org moves its claims there, and the Wikidata layer, which still
    # points at the organisations iptv-org no longer creates, is flagged until it is re-imported too.
    shutil.copytree(CURATED, data / "curated")
    import_iptv_org(CHANNELS, data)
    assert dangling_references(data) == {"wikidata": ["owner:albayrak", "owner:demiroren"]}
    import_wikidata(NEWSPAPERS, data)
    assert dangling_references(data) == {}
    assert validate(data) == []


def test_the_report_measures_tr_az_channels_and_suggests_curated_names(imported, capsys):
    data, _ = imported
    assert main(["reconcile", "--report", "--data", str(data), "--limit", "20"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:5] == [
        f"Owner reconciliation report for {data}",
        "",
        "TR+AZ channels with owners resolving to curated organisations: 11/21 (52.4%)",
        "  unresolved: TRT [owner:trt] on 3 channel(s)",
        "  unresolved: Region TV MMC [owner:region-tv] on 2 channel(s)",
    ]
    unmatched = lines.index("Unmatched owner names: 19 (top 19 by outlets owned)")
    assert lines[unmatched + 1 : unmatched + 4] == [
        "  owns network  owner name (other spellings) [id, layer]  ->  suggested curated matches",
        "     3      1  TRT [owner:trt, iptv-org]",
        "     3      0  Çalık Holding [wd:Q272361, wikidata]",  # noqa: RUF001
    ]
    dogus = next(line for line in lines[unmatched:] if "[owner:dogus," in line)
    assert dogus == "     1      0  Dogus Group [owner:dogus, iptv-org]  ->  Doğuş Media Group [dogus-media-group] 62"
