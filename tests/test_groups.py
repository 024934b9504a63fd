"""Groups: a group's profile, its portfolio, people and sources; organisations and the outlets they control."""

from tests.conftest import TODAY_PARAMS
from tests.page_runs import run_page, shown_names, table_counts


def test_group_profile_shows_portfolio_people_and_sources(small_world):
    """Each tab runs only when open (`?tab=...`); the profile opens on the portfolio."""
    app = run_page("pages/2_Groups.py", profile="Doğuş Holding")
    assert app.header[0].value == "Doğuş Holding"
    assert table_counts(app) == ["**2** outlets"]
    assert sorted(shown_names(app.dataframe[0].value.name)) == ["NTV", "Star TV"]

    ownership = run_page("pages/2_Groups.py", profile="Doğuş Holding", tab="Ownership")
    assert table_counts(ownership) == ["**3** links in the chain"]
    chain = ownership.dataframe[0].value
    assert sorted(zip(shown_names(chain.owner_name), shown_names(chain.owned_name), strict=True)) == [
        ("Doğuş Holding", "Doğuş Media Group"),
        ("Doğuş Media Group", "NTV"),
        ("Doğuş Media Group", "Star TV"),
    ]

    people = run_page("pages/2_Groups.py", profile="Doğuş Holding", tab="People")
    assert table_counts(people) == ["**1** person in a role"]
    assert shown_names(people.dataframe[0].value.person_name) == ["Ferit Şahenk"]

    partnerships = run_page("pages/2_Groups.py", profile="Doğuş Holding", tab="Partnerships")
    assert [info.value for info in partnerships.info] == [
        "The atlas records no partnership of this group or the companies and outlets it owns."
    ]

    sources = run_page("pages/2_Groups.py", profile="Doğuş Holding", tab="Sources")
    assert table_counts(sources) == ["**3** facts about the group itself"]


def test_the_seed_outlets_belong_to_albayrak(atlas):
    rows = atlas.query("outlets", **(TODAY_PARAMS | {"groups": ["albayrak-holding"]}))
    assert {"yeni-safak", "tvnet", "gzt-com", "post-oyku"} <= set(rows.outlet_id)
    assert set(rows.group_name) == {"Albayrak Group Holding"}


def test_organisations_filter_by_country_and_name_with_the_outlets_they_control(atlas):
    albayrak = atlas.query("organisations", countries=["TR"], as_of=TODAY_PARAMS["as_of"], q="ALBAYRAK")
    assert list(albayrak.org_id) == ["albayrak-holding", "albayrak-media-group"]
    holding = albayrak.iloc[0]
    assert (holding.country_name, holding.source_publisher) == ("Türkiye", "Trend News Agency")
    groups = atlas.query("group_options", as_of=TODAY_PARAMS["as_of"]).set_index("group_id")
    assert holding.outlets_controlled == groups.outlets["albayrak-holding"] > 10
    assert atlas.query("organisations", countries=["AZ"], as_of=TODAY_PARAMS["as_of"], q="albayrak").empty


def test_entity_sources_lists_each_fact_with_its_url(atlas):
    facts = atlas.query("entity_sources", entity_id="trend-news-agency")
    assert set(facts.fact_kind) >= {"record", "role", "partnership"}
    assert set(facts.source_url) >= {"https://en.trend.az/azerbaijan/society/3353246.html"}


def test_entity_sources_lists_every_interest_held_by_it_or_in_it_once(atlas):
    """The interests it holds and those held in it are read apart (each side by a test of one column): together,
    each link on either side once, named at both ends."""
    for entity_id in ("albayrak-media-group", "demiroren-media-group", "kanal-d", "ilgar-huseynov"):
        facts = atlas.query("entity_sources", entity_id=entity_id)
        listed = facts[facts.fact_kind == "ownership"]
        links = atlas.connection.execute(
            "select count(*) from ownership where ? in (ownership.owner_id, ownership.owned_id)", [entity_id]
        ).fetchall()[0][0]
        assert len(listed) == links, entity_id
    held = atlas.query("entity_sources", entity_id="albayrak-media-group")
    held = set(held[held.fact_kind == "ownership"].fact)
    assert {fact.split(" (")[0] for fact in held} >= {
        "Albayrak Group Holding → Albayrak Media Group",
        "Albayrak Media Group → Yeni Şafak",
    }


def test_an_ownership_fact_says_since_when_or_that_its_start_is_unknown(atlas):
    facts = atlas.query("entity_sources", entity_id="kanal-d")
    ownership = set(facts[facts.fact_kind == "ownership"].fact)
    assert "Doğan Media Group → Kanal D (control, from 1995, until 2018-05-16)" in ownership
    assert "Demirören Media Group → Kanal D (control, from 2018-05-16)" in ownership
    # No source gives the day Doğan's Fanatik started, only the day it was sold.
    facts = atlas.query("entity_sources", entity_id="fanatik")
    ownership = set(facts[facts.fact_kind == "ownership"].fact)
    assert "Doğan Media Group → Fanatik (control, since an unknown date, until 2018-05-16)" in ownership
