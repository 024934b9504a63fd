"""Search matches the typed text literally: `%`, `_` and `\\` are characters, not wildcards, in every query that
searches (outlets, organisations, entity search, sources)."""

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from media_atlas.atlas import Atlas
from media_atlas.build.load import build
from media_atlas.text import fold
from tests.conftest import TODAY_PARAMS

SOURCES = {
    "seed": ("Seed article", "Trend News Agency"),
    "pct": ("100% independent? A survey", "Media_Watch"),
    "slash": ("Back\\slash review", "C:\\Press"),
}
OUTLETS = {
    "yuzde-elli": ("50% Haber", "Yüzde Elli"),
    "yuzde-yuz": ("100 Percent TV", None),
    "a-b": ("a_b Radyo", None),
    "axb": ("aXb Radyo", None),
    "c-news": ("C:\\News", None),
    "c-space-news": ("C News", None),
    "back": ("Back\\\\Slash FM", "Çift_Ters"),
}
ORGANISATIONS = {"holding-1": "Holding_1", "holding-pct": "Holding%", "holding-x": "HoldingX1"}
PEOPLE = {"ali-veli": "Ali \\ Veli", "ali-x": "Ali X Veli"}
ALIASES = {"axb": "Ax%b"}


def csv_line(*values) -> str:
    return ",".join('"' + (v or "").replace('"', '""') + '"' if v else "" for v in values) + "\n"


@pytest.fixture(scope="module")
def wildcard_atlas(tmp_path_factory) -> Atlas:
    """A world whose names hold the LIKE wildcards, built through the production build."""
    root = tmp_path_factory.mktemp("wildcards")
    curated = root / "data" / "curated"
    curated.mkdir(parents=True)
    (curated / "sources.csv").write_text(
        "source_id,title,publisher,url,published_on,retrieved_on,license\n"
        + "".join(csv_line(i, t, p, "https://example.org/" + i, "2020", None, None) for i, (t, p) in SOURCES.items())
    )
    (curated / "outlets.csv").write_text(
        "outlet_id,name,local_name,media_type,periodicity,country,language,founded,closed,website,source_id\n"
        + "".join(
            csv_line(i, n, local, "tv", None, "TR", None, None, None, None, "seed") for i, (n, local) in OUTLETS.items()
        )
    )
    (curated / "organisations.csv").write_text(
        "org_id,name,local_name,kind,country,founded,dissolved,website,source_id\n"
        + "".join(csv_line(i, n, None, "holding", "TR", None, None, None, "seed") for i, n in ORGANISATIONS.items())
    )
    (curated / "people.csv").write_text(
        "person_id,name,country,source_id\n" + "".join(csv_line(i, n, "TR", "seed") for i, n in PEOPLE.items())
    )
    (curated / "aliases.csv").write_text(
        "entity_id,alias,language\n" + "".join(csv_line(i, a, None) for i, a in ALIASES.items())
    )
    return Atlas(build(root / "data", root / "atlas.duckdb").db_path)


def names(*parts) -> str:
    return fold(" ".join(p for p in parts if p))


OUTLET_TEXT = {i: names(n, local, ALIASES.get(i)) for i, (n, local) in OUTLETS.items()}
ORGANISATION_TEXT = {i: names(n) for i, n in ORGANISATIONS.items()}
ENTITY_TEXT = OUTLET_TEXT | ORGANISATION_TEXT | {i: names(n) for i, n in PEOPLE.items()}
SOURCE_TEXT = {i: names(t, p) for i, (t, p) in SOURCES.items()}


def found(texts: dict[str, str], q: str) -> set[str]:
    return {i for i, text in texts.items() if fold(q) in text}


def test_a_percent_sign_finds_only_the_names_that_hold_one(wildcard_atlas):
    rows = wildcard_atlas.query("outlets", **(TODAY_PARAMS | {"q": "%"}))
    assert sorted(rows.name) == ["50% Haber", "aXb Radyo"]  # aXb by its alias Ax%b
    rows = wildcard_atlas.query("outlets", **(TODAY_PARAMS | {"q": "a_b"}))
    assert list(rows.name) == ["a_b Radyo"]
    rows = wildcard_atlas.query("outlets", **(TODAY_PARAMS | {"q": "c:\\n"}))
    assert list(rows.name) == ["C:\\News"]


@settings(max_examples=150, deadline=None)
@given(q=st.text(alphabet="%_\\aXbc:N 1ü\"'", min_size=1, max_size=4))
@example(q="%")
@example(q="_")
@example(q="\\")
@example(q="\\\\")
@example(q="%%")
def test_any_text_finds_exactly_the_rows_whose_folded_text_contains_it(wildcard_atlas, q):
    params = TODAY_PARAMS | {"q": q}
    assert set(wildcard_atlas.query("outlets", **params).outlet_id) == found(OUTLET_TEXT, q)
    assert set(wildcard_atlas.query("organisations", **params).org_id) == found(ORGANISATION_TEXT, q)
    assert set(wildcard_atlas.query("entity_search", q=q).entity_id) == found(ENTITY_TEXT, q)
    assert set(wildcard_atlas.query("sources", q=q).source_id) == found(SOURCE_TEXT, q)
