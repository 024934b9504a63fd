# ruff: noqa: RUF001 -- Turkish names: the dotless i is data, not a typo.
"""Search: one fold for every name, so spellings with and without accents find the same rows."""

import pytest

from media_atlas.atlas import Atlas
from media_atlas.text import fold
from media_atlas.ui.profile import match_label
from media_atlas.ui.sidebar import MATCHES_LISTED
from tests.conftest import TODAY_PARAMS
from tests.page_runs import found_profiles, profile_links, run_page, shown_names, table_counts


def test_search_ignores_accents_and_founding_period_keeps_its_precision(small_world):
    searched = run_page("pages/1_Outlets.py", q="hurriyet")
    assert shown_names(searched.dataframe[0].value.name) == ["Hürriyet"]
    founded = run_page("pages/1_Outlets.py", founded=["1940", "1990"])
    assert table_counts(founded) == ["**2** outlets"]
    assert list(founded.dataframe[0].value.founded) == ["1948-05-01", "1989-03-01"]


def test_ownership_search_finds_dogan_without_its_accent(small_world):
    app = run_page("pages/3_Ownership.py", in_app=True, entity="dogan")
    assert app.selectbox(key="entity-choice").options == [
        "Doğan Holding (organisation, TR)",
        "Doğan Media Group (organisation, TR)",
        "Aydın Doğan (person, TR)",
    ]


def test_the_sidebar_search_filters_the_outlets_and_lists_the_profiles_it_finds(small_world):
    local_name = run_page("pages/1_Outlets.py", in_app=True, q="ajansi")
    assert shown_names(local_name.dataframe[0].value.name) == ["Anadolu Agency"]
    assert found_profiles(local_name) == [("Anadolu Agency · TR", "id=anadolu-agency&q=ajansi&as_of=2026-11-27")]
    app = run_page("pages/1_Outlets.py", in_app=True, q="dogan")
    assert [info.value for info in app.main.info] == [
        "No outlet matches these filters. Remove a filter, or move the as-of date."
    ]
    # Names beginning with what is typed first, organisations and people before outlets; each link keeps the filters.
    assert found_profiles(app) == [
        ("Doğan Holding · TR", "id=dogan-holding&q=dogan&as_of=2026-11-27"),
        ("Doğan Media Group · TR", "id=dogan-media-group&q=dogan&as_of=2026-11-27"),
        ("Aydın Doğan · TR", "id=aydin-dogan&q=dogan&as_of=2026-11-27"),
    ]
    assert [link.proto.icon for link in app.sidebar.get("page_link") if link.proto.query_string.startswith("id=")] == [
        ":material/domain:",
        ":material/domain:",
        ":material/person:",
    ]
    assert not [caption for caption in app.sidebar.caption if "matches" in caption.value]


def test_a_found_name_keeps_its_country_in_its_link_only_where_both_fit_and_always_in_its_tooltip(small_world):
    """A link's text is cut at the sidebar's edge: a long name drops its country from the link, whose tooltip says
    it, rather than show a country code cut short (TR as TF)."""
    assert match_label("Doğan Holding", "TR") == "Doğan Holding · TR"
    assert match_label("Demirören News Agency (DHA)", "TR") == "Demirören News Agency (DHA)"
    assert match_label("Dogan Media International SA", None) == "Dogan Media International SA"
    app = run_page("pages/1_Outlets.py", in_app=True, q="dogan")
    tooltips = {link.label: link.proto.help for link in app.sidebar.get("page_link") if link.proto.query_string}
    assert tooltips["Doğan Holding · TR"] == "Doğan Holding: organisation, TR. Open its profile."
    assert tooltips["Aydın Doğan · TR"] == "Aydın Doğan: person, TR. Open its profile."


def test_the_sidebar_search_lists_a_few_profiles_and_counts_them_all(small_world, small_db):
    everything = Atlas(small_db).query("entity_search", q="a")
    assert len(everything) > MATCHES_LISTED
    app = run_page("pages/1_Outlets.py", in_app=True, q="a")
    assert len(found_profiles(app)) == MATCHES_LISTED
    assert f"The first {MATCHES_LISTED} of {len(everything)} matches; type more of the name to narrow them." in [
        caption.value for caption in app.sidebar.caption
    ]
    nothing = run_page("pages/1_Outlets.py", in_app=True, q="zzqx")
    assert found_profiles(nothing) == []
    assert "Nothing is called “zzqx”, in any spelling the atlas knows." in [info.value for info in nothing.sidebar.info]


@pytest.mark.parametrize(
    ("typed", "wanted"),
    [
        ("Dogan", {"Dogan Media International SA", "Doğan Holding", "Doğan Media Group"}),
        ("turkuvaz", {"Turkuvaz Media Group"}),
        ("CINER", {"Ciner Group", "Ciner Yayın Holding"}),
        ("ilgar", {"Ilgar Huseynov"}),
    ],
)
def test_the_search_finds_organisations_and_people_without_their_accents(atlas, typed, wanted):
    found = atlas.query("entity_search", q=typed)
    beginning = found.name.map(fold).str.startswith(fold(typed))
    assert beginning.iloc[: beginning.sum()].all(), "names that begin with the text come first"
    leading = found[beginning & found.entity_type.ne("outlet")]
    assert wanted <= set(leading.name), "organisations and people so named lead the list"
    assert found.entity_type.iloc[: len(leading)].ne("outlet").all()


@pytest.mark.parametrize("typed", ["a", "dogan", "media"])
def test_each_match_says_how_many_match_and_a_finders_first_rows_are_the_searchs_first(atlas, typed):
    every = atlas.query("entity_search", q=typed)
    assert len(every) > 2
    assert (every.matches == len(every)).all()
    assert atlas.count("entity_search", q=typed) == len(every)
    first = atlas.page("entity_search", limit=2, q=typed)
    unknown_as_one = {"country": "?"}  # a page and a whole result convert a missing country differently
    assert first.fillna(unknown_as_one).to_dict("records") == every.head(2).fillna(unknown_as_one).to_dict("records")


def test_text_search_ignores_case_and_accents(atlas):
    rows = atlas.query("outlets", **(TODAY_PARAMS | {"q": "YENI SAFAK"}))
    assert "yeni-safak" in set(rows.outlet_id)
    assert set(rows.name) >= {"Yeni Şafak"}


FOLDED = {
    "Azərbaycan": "azerbaycan", "DOĞAN": "dogan", "Akşam": "aksam", "Xəzər TV": "xezer tv", "İhlas": "ihlas",
    "Łódź Straße Øresund": "lodz strasse oresund", "Кыргызстан": "kyrgyzstan", "plain ascii": "plain ascii",
}  # fmt: skip


@pytest.mark.parametrize(("text", "folded"), FOLDED.items())
def test_fold_turns_every_spelling_into_lower_case_ascii(text, folded):
    assert fold(text) == folded


@pytest.mark.parametrize(
    ("plain", "accented"),
    [("Azerbaycan", "Azərbaycan"), ("Dogan", "Doğan"), ("Aksam", "Akşam"), ("Xezer", "Xəzər")],
)
def test_a_name_typed_without_its_accents_finds_the_same_rows(atlas, plain, accented):
    found = {q: atlas.query("entity_search", **(TODAY_PARAMS | {"q": q})) for q in (plain, accented)}
    assert len(found[plain]) > 0
    assert found[plain].equals(found[accented])
    outlets = {q: atlas.query("outlets", **(TODAY_PARAMS | {"q": q})) for q in (plain, accented)}
    assert outlets[plain].equals(outlets[accented])


def test_the_database_folds_as_python_does(atlas):
    """The search text is built with the same fold the search box's text is folded with."""
    names = ["Azərbaycan Televiziyası", "Doğan Yayın Holding", "Кыргызстан", "ТВ Центр International"]
    cursor = atlas.connection.cursor()
    assert [cursor.execute("select fold($t)", {"t": name}).fetchall()[0][0] for name in names] == list(map(fold, names))
    # Columns of ASCII, other and empty values: a few are folded one by one, more through Arrow (which lowers the
    # ASCII ones and transliterates only the others).
    for column in ([*FOLDED, None, ""], [*FOLDED, None, "", *names] * 300):
        folded = cursor.execute("select fold(unnest($texts))", {"texts": column}).fetchall()
        assert [row[0] for row in folded] == [None if text is None else fold(text) for text in column]


def test_one_search_finds_outlets_organisations_and_people_by_any_spelling_and_links_their_profiles(small_world):
    app = run_page("dashboard.py", country="Türkiye")
    app.text_input(key="find").input("DOGAN").run()
    links = profile_links(app)
    assert [link.label for link in links] == [
        "Doğan Holding · TR",
        "Doğan Media Group · TR",
        "Aydın Doğan · TR",
    ]
    assert links[2].proto.query_string == "id=aydin-dogan&country=T%C3%BCrkiye&as_of=2026-11-27"
    app.text_input(key="find").input("hurriyet").run()
    assert [link.label for link in profile_links(app)] == ["Hürriyet · TR"]
