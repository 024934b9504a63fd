"""Conflicts: the entities whose owners disagree between sources are listed, never merged away."""

from media_atlas.atlas import Atlas


def test_conflicts_lists_owners_that_sources_disagree_on(imported_db):
    conflicts = Atlas(imported_db).query("conflicts", as_of="2026-11-27")
    # Yeni Şafak (Wikidata: Albayrak Holding; curated: Albayrak Media Group, which the holding controls) and TVNET
    # (iptv-org and curated both: Albayrak Media Group) agree; Sabah does not.
    assert list(conflicts.owned_id) == ["sabah"]
    sabah = conflicts.iloc[0]
    assert sabah.owners == (
        "Turkuvaz Media Group (curated: State Media Monitor (Media and Journalism Research Center)); "
        "Çalık Holding (wikidata: Wikidata)"  # noqa: RUF001
    )
    assert [(c["owner_id"], c["interest"], c["layer"], c["source_url"]) for c in sabah.claims] == [
        ("turkuvaz-media-group", "control", "curated", "https://statemediamonitor.com/2025/09/turkuvaz-medya"),
        ("wd:Q272361", "shareholding", "wikidata", "https://github.com/patrickswickard/international_newspapers"),
    ]
