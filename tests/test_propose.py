"""`media-atlas propose`: the curated rows a news article about an agreement proposes, on the seed article and two
other real reports (tests/fixtures/articles), against the shipped data's names."""

import datetime as dt
import json
from pathlib import Path

from media_atlas import DATA_DIR
from media_atlas.cli import main
from media_atlas.curate.propose import empty_row, find_date, propose

ARTICLES = Path(__file__).parent / "fixtures" / "articles"
# A copy of shared/seed-article.txt, the report the atlas started from.
SEED = ARTICLES / "trend-albayrak-2020-12-21.txt"
TODAY = dt.date.today().isoformat()


def rows(table: str, *given: dict) -> list[dict]:
    return [empty_row(table) | row for row in given]


def run(capsys, *args) -> dict:
    assert main(["propose", *map(str, args), "--json", "--data", str(DATA_DIR)]) == 0
    return json.loads(capsys.readouterr().out)


def test_the_seed_article_proposes_the_protocol_of_intent(capsys):
    source = "trend-news-agency-2020-12-21"
    lead = (
        "Azerbaijan\u2019s Trend News Agency and Turkish Albayrak Media Group have reached an agreement to create a "
        "joint media platform"
    )
    partnership = "trend-news-agency-albayrak-media-group-protocol-of-intent-2020"
    assert run(capsys, SEED) == {
        "sources": rows(
            "sources",
            {
                "source_id": source,
                "title": lead,
                "publisher": "Trend News Agency",
                "published_on": "2020-12-21",
                "retrieved_on": TODAY,
            },
        ),
        "partnerships": rows(
            "partnerships",
            {
                "partnership_id": partnership,
                "title": "Protocol of Intent to create a joint media platform",
                "kind": "protocol_of_intent",
                "signed_on": "2020-12-15",
                "place": "Istanbul",
                "status": "signed",
                "summary": lead,
                "source_id": source,
            },
        ),
        "partnership_parties": [
            {"partnership_id": partnership, "party_id": "trend-news-agency", "role": "signatory"},
            {"partnership_id": partnership, "party_id": "albayrak-media-group", "role": "signatory"},
        ],
        "organisations": [],
        "outlets": [],
        "people": [],
        "roles": rows(
            "roles",
            {
                "person_id": "ilgar-huseynov",
                "entity_id": "trend-news-agency",
                "role": "Director-General",
                "source_id": source,
            },
            {"person_id": "ahmet-albayrak", "entity_id": "albayrak-holding", "role": "Head", "source_id": source},
        ),
        "ownership": rows(
            "ownership",
            {
                "owner_id": "albayrak-holding",
                "owned_id": "albayrak-media-group",
                "interest": "control",
                "source_id": source,
            },
        ),
    }


def test_an_app_azertac_report_gives_the_memorandum_signed_on_the_monday_before(capsys):
    url = "https://en.dailypakistan.com.pk/23-Jul-2024/pakistan-azerbaijan-sign-mou-for-enhanced-cooperation-in-news-sharing-and-exchange"
    found = run(capsys, ARTICLES / "app-azertac-2024-07-23.txt", "--url", url, "--publisher", "Daily Pakistan")
    source = "daily-pakistan-2024-07-23"
    partnership = "associated-press-of-pakistan-azertac-memorandum-of-understanding-2024"
    assert found["sources"] == rows(
        "sources",
        {
            "source_id": source,
            "title": "The Associated Press of Pakistan (APP) and Azerbaijan\u2019s state news agency (AZERTAC) "
            "signed a Memorandum of Understanding (MOU) on Monday, paving the way for enhanced cooperation in news "
            "sharing and exchange",
            "publisher": "Daily Pakistan",
            "url": url,
            "published_on": "2024-07-23",
            "retrieved_on": TODAY,
        },
    )
    [agreement] = found["partnerships"]
    assert {k: agreement[k] for k in ("partnership_id", "kind", "signed_on", "place", "status", "source_id")} == {
        "partnership_id": partnership,
        "kind": "memorandum_of_understanding",
        "signed_on": "2024-07-22",
        "place": "Shusha",
        "status": "signed",
        "source_id": source,
    }
    assert [p["party_id"] for p in found["partnership_parties"]] == ["associated-press-of-pakistan", "azertac"]
    assert found["roles"] == rows(
        "roles",
        {"person_id": "vugar-aliyev", "entity_id": "azertac", "role": "Chairman of the Board", "source_id": source},
    )
    assert found["organisations"] == found["outlets"] == found["people"] == found["ownership"] == []


def test_a_trend_uza_report_gives_the_memorandum_and_both_signatories(capsys):
    found = run(capsys, ARTICLES / "trend-uza-2022-04-01.txt", "--url", "https://www.azernews.az/business/191615.html")
    # The atlas cites this report already: its source row is reused, not proposed again.
    assert found["sources"] == []
    source = "azernews-2022-04-01-trend-uza-memorandum"
    assert found["partnerships"] == rows(
        "partnerships",
        {
            "partnership_id": "trend-news-agency-uza-memorandum-of-understanding-2022",
            "title": "Memorandum of understanding on cooperation",
            "kind": "memorandum_of_understanding",
            # The report gives no date of signing: the dateline's (here its publication date) stands.
            "signed_on": "2022-04-01",
            "status": "signed",
            "summary": "Azerbaijan\u2019s Trend News Agency and UZA National News Agency, one of the leading media "
            "organizations in Uzbekistan, have signed a memorandum of understanding on cooperation",
            "source_id": source,
        },
    )
    assert [p["party_id"] for p in found["partnership_parties"]] == ["trend-news-agency", "uza"]
    assert found["roles"] == rows(
        "roles",
        {
            "person_id": "rufiz-hafizoglu",
            "entity_id": "trend-news-agency",
            "role": "Deputy Director-General",
            "source_id": source,
        },
        {
            "person_id": "sobir-shukurov",
            "entity_id": "uza",
            "role": "First Deputy Director-General",
            "source_id": source,
        },
    )


def test_a_known_url_reuses_its_source_and_unknown_parties_and_people_get_new_rows():
    text = (
        " date 2023-05-02 Tbilisi, May 2\n\nGeorgia\u2019s Kavkaz Press Agency and Trend News Agency signed a "
        "memorandum of understanding on 28 April in Tbilisi.\n\nThe document was signed by Nino Beridze, Director of "
        "Kavkaz Press Agency, and Trend\u2019s Director-General Ilgar Huseynov."
    )
    found = propose(text, url="https://en.trend.az/azerbaijan/society/3353246.html", data_dir=DATA_DIR)
    assert found["sources"] == []
    source = "trend-2020-12-21-joint-media-platform"
    assert found["outlets"] == rows(
        "outlets",
        {
            "outlet_id": "kavkaz-press-agency",
            "name": "Kavkaz Press Agency",
            "media_type": "news_agency",
            "country": "GE",
            "source_id": source,
        },
    )
    [agreement] = found["partnerships"]
    assert (agreement["signed_on"], agreement["place"]) == ("2023-04-28", "Tbilisi")
    assert found["people"] == rows("people", {"person_id": "nino-beridze", "name": "Nino Beridze", "source_id": source})
    assert [(r["person_id"], r["entity_id"], r["role"]) for r in found["roles"]] == [
        ("nino-beridze", "kavkaz-press-agency", "Director"),
        ("ilgar-huseynov", "trend-news-agency", "Director-General"),
    ]


def test_dates_take_the_published_year_when_they_have_none():
    published = dt.date(2020, 12, 21)
    assert find_date("inked a Protocol on December 15 in Istanbul", 2020, published) == "2020-12-15"
    assert find_date("signed on 3 March 2015", 2020, published) == "2015-03-03"
    assert find_date("signed on Monday", 2020, published) == "2020-12-21"
    assert find_date("signed on Sunday", 2020, published) == "2020-12-20"
    assert find_date("signed today", 2020, published) == "2020-12-21"
    assert find_date("signed", 2020, published) == ""
