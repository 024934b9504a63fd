# ruff: noqa: RUF001 -- Turkish names: the dotless i is data, not a typo.
"""Duplicates across layers (media_atlas/importers/duplicates.py): an upstream item that certainly is an outlet of
another layer is attached to it; an uncertain pair goes to `media-atlas reconcile --duplicates`."""

from media_atlas.cli import main
from media_atlas.importers.iptv_org import import_iptv_org
from tests.importing import rows
from tests.small_worlds import SOURCE_ROW, outlet, write_layer

HEADER = "id,name,alt_names,network,owners,country,categories,is_nsfw,launched,closed,replaced_by,website\n"
CHANNELS = (
    "KanalX.tr,KANAL X,,,,TR,,FALSE,1995-03-01,,,https://www.kanalx.example/\n"  # the curated Kanal X
    "HaberAjansi.tr,Haber Ajansı,,,,TR,,FALSE,,,,\n"  # same name, but a TV channel: to review
    "KanalX.de,Kanal X,,,,DE,,FALSE,,,,\n"  # same name in another country: another outlet
)


def test_a_certain_duplicate_is_attached_and_an_uncertain_one_is_listed(tmp_path, capsys):
    data = tmp_path / "data"
    curated = [
        outlet("kanal-x") | {"name": "Kanal X", "website": "http://kanalx.example"},
        outlet("haber-ajansi", "news_agency") | {"name": "Haber Ajansı"},
    ]
    write_layer(data / "curated", sources=[SOURCE_ROW], outlets=curated)
    (tmp_path / "channels.csv").write_text(HEADER + CHANNELS, encoding="utf-8")
    import_iptv_org(tmp_path / "channels.csv", data)

    assert [row["outlet_id"] for row in rows(data, "iptv-org", "outlets")] == ["iptv:HaberAjansi.tr", "iptv:KanalX.de"]
    assert {(row["entity_id"], row["value"]) for row in rows(data, "iptv-org", "identifiers")} == {
        ("kanal-x", "KanalX.tr"),
        ("iptv:HaberAjansi.tr", "HaberAjansi.tr"),
        ("iptv:KanalX.de", "KanalX.de"),
    }
    kanal_x = {row["attribute"]: row["value"] for row in rows(data, "iptv-org", "attributes")}
    assert kanal_x == {
        "media_type": "tv",
        "country": "TR",
        "founded": "1995-03-01",
        "website": "https://www.kanalx.example/",
    }

    assert main(["reconcile", "--duplicates", "--data", str(data)]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == [
        "",
        "Outlets",
        "Attached to the outlet they duplicate: 1",
        "  iptv-org iptv-org KanalX.tr -> Kanal X [kanal-x]",
        "The same outlet, still apart: 0",
        "To review (merge by adding the upstream id to data/curated/identifiers.csv): 1",
        "  Haber Ajansı [iptv:HaberAjansi.tr, iptv-org, tv, TR, no site] ~ Haber Ajansı [haber-ajansi, curated, "
        "news_agency, TR, no site]",
        "",
        "Organisations",
        "Attached to the organisation they duplicate: 0",
        "The same organisation, still apart: 0",
        "To review (merge by adding the upstream id to data/curated/identifiers.csv): 0",
    ]
