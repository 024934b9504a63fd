"""An owner name is matched with the owned outlet's country in mind: a namesake in the outlet's country first, then
one of unknown country, then one of another country only where a curated name spells the owner exactly; otherwise a
separate owner, as for a name nobody knows. Small layers written here, then both real importers run over them."""

import csv
from pathlib import Path

import pytest

from media_atlas.build.validate import validate
from media_atlas.importers.iptv_org import import_iptv_org
from media_atlas.importers.wikidata import import_wikidata
from tests.importing import rows
from tests.small_worlds import SOURCE_ROW, org, write_layer

CHANNEL_HEADER = "id,name,alt_names,network,owners,country,categories,is_nsfw,launched,closed,replaced_by,website"
NEWSPAPER_HEADER = (
    "qid,label,description,country,country_qid,owned_by,owned_by_qids,publisher,publisher_qids,parent_org,"
    "parent_org_qids,inception,dissolved,language,hq,place_of_publication,website,wikidata_modified"
)
CURATED = [
    # one normalised name, two organisations in two countries
    org("baku-media-tr", "TR") | {"name": "Baku Media"},
    org("baku-media-az", "AZ") | {"name": "Baku Media LLC"},
    # a Turkish company whose name an Azerbaijani owner matches only once legal forms are dropped
    org("kanal-media", "TR") | {"name": "Kanal Media A.Ş."},
    # a group that owns abroad, spelled exactly by the channels it owns
    org("bein-media-group", "QA") | {"name": "beIN Media Group"},
    # nothing known of its country
    org("nomad-holding", "") | {"name": "Nomad Holding"},
]
CHANNELS = {
    "BakuAZ.az": ("Baku Media", "AZ"),
    "BakuTR.tr": ("Baku Media", "TR"),
    "KanalAZ.az": ("Kanal Media LLC", "AZ"),
    "KanalAZ2.az": ("Kanal Media LLC", "AZ"),
    "KanalTR.tr": ("Kanal Media Ltd", "TR"),
    "KanalNowhere": ("Kanal Media LLC", ""),
    "BeinTR.tr": ("beIN Media Group", "TR"),
    "BeinAZ.az": ("beIN Media", "AZ"),
    "NomadAZ.az": ("Nomad Group", "AZ"),
}
NEWSPAPERS = {"Q901": ("Azerbaijan", "Kanal Media", "Q801"), "Q902": ("Turkey", "Kanal Media", "Q802")}


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("owner-country")
    data = write_layer(folder / "data" / "curated", sources=[SOURCE_ROW], organisations=CURATED).parent
    channels = folder / "channels.csv"
    with channels.open("w", newline="", encoding="utf-8") as handle:
        handle.write(CHANNEL_HEADER + "\n")
        writer = csv.writer(handle)
        for channel_id, (owner, country) in CHANNELS.items():
            writer.writerow([channel_id, channel_id, "", "", owner, country, "news", "FALSE", "", "", "", ""])
    newspapers = folder / "newspapers_flat.csv"
    with newspapers.open("w", newline="", encoding="utf-8") as handle:
        handle.write(NEWSPAPER_HEADER + "\n")
        writer = csv.writer(handle)
        for qid, (country, owner, owner_qid) in NEWSPAPERS.items():
            writer.writerow([qid, qid, "", country, "", owner, owner_qid, *[""] * 11])
    import_iptv_org(channels, data)
    import_wikidata(newspapers, data)
    return data


def owners(data: Path, layer: str) -> dict[str, str]:
    return {r["owned_id"]: r["owner_id"] for r in rows(data, layer, "ownership")}


def test_a_namesake_in_the_outlets_country_is_preferred(data):
    found = owners(data, "iptv-org")
    assert (found["iptv:BakuAZ.az"], found["iptv:BakuTR.tr"]) == ("baku-media-az", "baku-media-tr")


def test_a_name_matching_only_a_foreign_organisation_by_its_normal_form_is_an_unknown_name(data):
    found = owners(data, "iptv-org")
    assert found["iptv:KanalTR.tr"] == "kanal-media"
    assert found["iptv:KanalAZ.az"] == found["iptv:KanalAZ2.az"] == "owner:kanal-media"
    created = [r for r in rows(data, "iptv-org", "organisations") if r["org_id"] == "owner:kanal-media"]
    assert [(r["name"], r["country"]) for r in created] == [("Kanal Media LLC", "")]
    # an outlet of unknown country keeps the first namesake
    assert found["iptv:KanalNowhere"] == "kanal-media"


def test_an_exact_curated_spelling_crosses_borders_and_a_loose_one_does_not(data):
    found = owners(data, "iptv-org")
    assert found["iptv:BeinTR.tr"] == "bein-media-group"
    assert found["iptv:BeinAZ.az"] == "owner:bein-media"


def test_a_namesake_of_unknown_country_is_taken(data):
    assert owners(data, "iptv-org")["iptv:NomadAZ.az"] == "nomad-holding"


def test_wikidata_owners_follow_the_same_rule_and_reuse_the_separate_owner(data):
    found = owners(data, "wikidata")
    # The Azerbaijani newspaper's owner meets the Turkish company and the owner iptv-org created (country unknown).
    assert found["wd:Q901"] == "owner:kanal-media"
    assert found["wd:Q902"] == "kanal-media"
    assert {"entity_id": "owner:kanal-media", "scheme": "wikidata", "value": "Q801"} in rows(
        data, "wikidata", "identifiers"
    )
    assert validate(data) == []
