# ruff: noqa: RUF001 -- Turkish names: the dotless i is data, not a typo.
"""The dashboard in a real browser: Debian's chromium, driven by Playwright, against `streamlit run dashboard.py` on
127.0.0.1 over the small fixture world, with every request that leaves 127.0.0.1 blocked (the app must work
offline). Screenshots of each page go to tests/screenshots/ (ignored by git)."""

import csv
import datetime as dt
import io
import itertools
import re
from pathlib import Path
from urllib.parse import urlencode

import pytest

from media_atlas import DATA_DIR, PROJECT_ROOT
from media_atlas.bench.browser import CHROMIUM, CHROMIUM_ARGS, wait_until_settled
from media_atlas.bench.browser import wait_until_drawn as drawn
from media_atlas.bench.navigation import navigation_times, served_dashboard
from media_atlas.bench.timing import BenchError
from media_atlas.build.load import build
from tests.conftest import SMALL_DATA
from tests.small_worlds import SOURCE_ROW, link, org, outlet, write_layer

playwright = pytest.importorskip("playwright.sync_api")
expect = playwright.expect
# A page's first run here takes several reruns (the link's values, the filters carried over): on a loaded 2-core
# machine that can take longer than Playwright's default of 5 s.
expect.set_options(timeout=30_000)

SCREENSHOTS = PROJECT_ROOT / "tests" / "screenshots"
PAGES = [
    ("", "Media Ownership Atlas"),
    ("Outlets", "Outlets"),
    ("Groups", "Groups"),
    ("Ownership", "Ownership"),
    ("Timeline", "Timeline"),
    ("Partnerships", "Partnerships"),
    ("Concentration", "Concentration"),
    ("Data", "Data"),
    ("Profile?id=hurriyet", "Hürriyet"),
    ("Profile?id=ilgar-huseynov", "Ilgar Huseynov"),
    ("Methodology", "Methodology"),
]
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium (.ci/run installs it)")


@pytest.fixture(scope="session")
def dashboard_url(small_db, tmp_path_factory):
    """`streamlit run dashboard.py` on a free port over the fixture world, stopped when the session ends."""
    yield from serve_dashboard(small_db, SMALL_DATA, tmp_path_factory.mktemp("streamlit") / "streamlit.log")


@pytest.fixture(scope="session")
def shipped_dashboard_url(shipped_db, tmp_path_factory):
    """The same over the shipped data: tables of thousands of rows."""
    yield from serve_dashboard(shipped_db, DATA_DIR, tmp_path_factory.mktemp("streamlit") / "streamlit.log")


def serve_dashboard(db: Path, data: Path, log: Path):
    """Run the dashboard over db (built from data) on a free port; yield its URL, then stop it."""
    try:
        with served_dashboard(db, data, log) as url:
            yield url
    except BenchError as error:
        pytest.fail(str(error))


@pytest.fixture(scope="session")
def browser():
    with playwright.sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def offline_page(browser):
    """A page that may only talk to 127.0.0.1; every other request is aborted and listed in page.blocked."""
    context = browser.new_context(viewport={"width": 1400, "height": 1700}, accept_downloads=True)
    page = context.new_page()
    page.blocked = []

    def only_local(route):
        if route.request.url.startswith("http://127.0.0.1"):
            route.continue_()
        else:
            page.blocked.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)
    yield page
    context.close()


def open_page(page, url: str) -> None:
    page.goto(url)
    expect(page.locator('[data-testid="stApp"]')).to_be_visible(timeout=30_000)
    wait_for_app(page)


def wait_for_app(page) -> None:
    """Until the script run has finished (Streamlit marks its state on the app's root element) and the page has been
    at rest long enough to take a click (bench/browser.py: wait_until_settled)."""
    page.wait_for_timeout(300)
    app = page.locator('[data-testid="stApp"]')
    expect(app).to_have_attribute("data-test-script-state", "notRunning", timeout=30_000)
    wait_until_settled(page)


def wait_until_drawn(page, seconds: float = 30) -> None:
    """Until every visible table and chart has drawn; a timeout names those still waiting and where they are."""
    try:
        drawn(page, seconds)
    except BenchError as error:
        pytest.fail(str(error))


def ending_with(url_part: str) -> re.Pattern:
    return re.compile(re.escape(url_part) + "$")


def with_query(path: str, **params: str) -> re.Pattern:
    """A URL ending in path with exactly params as its query, in any order: which filter the app writes first depends
    on how the page was reached."""
    queries = ("&".join(urlencode([pair]) for pair in order) for order in itertools.permutations(params.items()))
    return re.compile(re.escape(path) + r"\?(" + "|".join(map(re.escape, queries)) + ")$")


def table_count(page, view: str):
    return page.locator(f".st-key-{view}-count")


def test_every_page_opens_offline_and_is_screenshotted(offline_page, dashboard_url):
    SCREENSHOTS.mkdir(exist_ok=True)
    for path, title in PAGES:
        open_page(offline_page, f"{dashboard_url}/{path}")
        expect(offline_page.get_by_role("heading", name=title, exact=True)).to_be_visible()
        expect(offline_page.locator('[data-testid="stException"]')).to_have_count(0)
        wait_until_drawn(offline_page)
        offline_page.wait_for_timeout(1000)  # painting the canvas, Plotly's transitions
        name = path.replace("?id=", "-") or "Overview"
        offline_page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def test_the_world_map_draws_with_the_network_blocked(offline_page, dashboard_url):
    with offline_page.expect_response("**/app/static/world_110m.json") as shapes:
        open_page(offline_page, dashboard_url)
    assert shapes.value.status == 200
    countries = offline_page.locator(".geo .choroplethlocation")
    expect(countries).to_have_count(2)  # Türkiye and Azerbaijan, from the app's own static/
    assert offline_page.locator(".geo path.countries, .geo .countries path").count() >= 1
    assert not any("plot.ly" in url for url in offline_page.blocked), offline_page.blocked


def test_a_filter_set_in_the_ui_changes_the_count_the_url_and_the_csv(offline_page, dashboard_url):
    open_page(offline_page, f"{dashboard_url}/Outlets")
    expect(table_count(offline_page, "outlets")).to_have_text("12 outlets")
    country = offline_page.locator(".st-key-country input")
    country.click()
    country.fill("Azerb")
    offline_page.keyboard.press("Enter")
    offline_page.keyboard.press("Escape")
    wait_for_app(offline_page)
    expect(table_count(offline_page, "outlets")).to_have_text("1 outlet")
    expect(offline_page).to_have_url(re.compile(r"country=Azerbaijan"))

    with offline_page.expect_download() as download:
        offline_page.get_by_role("button", name="Download the 1 outlet as CSV").click()
    today = dt.date.today().isoformat()
    assert download.value.suggested_filename == f"outlets_country-AZ_as-of-{today}.csv"
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
    assert [(row["outlet_id"], row["name"], row["country"]) for row in rows] == [
        ("trend-news-agency", "Trend News Agency", "AZ")
    ]
    assert rows[0]["source_url"] == "https://en.trend.az/azerbaijan/society/3353246.html"


def test_a_shared_link_reopens_the_same_filtered_view(offline_page, dashboard_url):
    open_page(offline_page, f"{dashboard_url}/Outlets?type=TV&as_of=2015-01-01&q=kanal")
    expect(table_count(offline_page, "outlets")).to_have_text("2 outlets")
    names = offline_page.locator('[data-testid="stDataFrame"]').first
    expect(names).to_contain_text("Kanal 7")
    expect(names).to_contain_text("Kanal D")
    expect(offline_page.locator(".st-key-type")).to_contain_text("TV")
    expect(offline_page.locator(".st-key-q input")).to_have_value("kanal")
    expect(offline_page.locator(".st-key-as_of input")).to_have_value("2015-01-01")


def test_a_tables_toolbar_has_no_download_of_its_own(offline_page, dashboard_url):
    """st.dataframe's toolbar download writes names unguarded: client.disableDataExport hides it; search stays."""
    open_page(offline_page, f"{dashboard_url}/Outlets")
    offline_page.locator('[data-testid="stDataFrame"]').first.hover()
    toolbar = offline_page.locator('[data-testid="stElementToolbar"]').first
    expect(toolbar.get_by_role("button", name="Search")).to_be_visible()
    expect(toolbar.get_by_role("button", name="Download as CSV")).to_have_count(0)


# Where plotly drew the node whose customdata is the given entity id, in page coordinates.
NODE_POSITION = """([chart, entityId]) => {
    const plot = document.querySelectorAll('.js-plotly-plot')[chart];
    for (const trace of plot.data) {
        const index = (trace.customdata || []).indexOf(entityId);
        if (index >= 0) {
            const layout = plot._fullLayout, box = plot.getBoundingClientRect();
            return [box.left + layout._size.l + layout.xaxis.l2p(trace.x[index]),
                    box.top + layout._size.t + layout.yaxis.l2p(trace.y[index])];
        }
    }
    return null;
}"""


def test_clicking_a_node_opens_that_entity_s_profile(offline_page, dashboard_url):
    open_page(offline_page, f"{dashboard_url}/Ownership?type=TV")
    expect(table_count(offline_page, "ownership-links")).to_have_text("11 ownership links")
    expect(offline_page.locator(".js-plotly-plot .point >> visible=true").first).to_be_visible()
    x, y = offline_page.evaluate(NODE_POSITION, [0, "hayat-gorsel"])
    offline_page.mouse.click(x, y)
    wait_for_app(offline_page)
    expect(offline_page.get_by_role("heading", name="Hayat Görsel Yayıncılık", exact=True)).to_be_visible()
    expect(offline_page).to_have_url(re.compile(re.escape("/Profile?id=hayat-gorsel&type=TV")))
    # The chain's table is read when its expander is opened.
    expect(table_count(offline_page, "chain-hayat-gorsel")).to_have_count(0)
    offline_page.get_by_text("Every link of its chain").click()
    wait_for_app(offline_page)
    expect(table_count(offline_page, "chain-hayat-gorsel")).to_have_text("5 links in the chain")


def test_a_name_in_a_table_opens_its_profile_with_the_filters(offline_page, dashboard_url):
    open_page(offline_page, f"{dashboard_url}/Outlets?country=Azerbaijan")
    wait_until_drawn(offline_page)
    grid = offline_page.locator('[data-testid="stDataFrame"]').first.bounding_box()
    name = (grid["x"] + 14, grid["y"] + 52)  # the first row's name
    offline_page.mouse.move(*name)  # the grid makes a link clickable once the pointer is over it
    offline_page.wait_for_timeout(300)
    with offline_page.context.expect_page() as opened:
        offline_page.mouse.click(*name)
    profile = opened.value
    wait_for_app(profile)
    expect(profile).to_have_url(ending_with("/Profile?id=trend-news-agency&country=Azerbaijan#Trend%20News%20Agency"))
    expect(profile.get_by_role("heading", name="Trend News Agency", exact=True)).to_be_visible()


def test_a_shared_link_s_filters_survive_a_move_to_another_page(offline_page, dashboard_url):
    open_page(offline_page, f"{dashboard_url}/Ownership?country=Azerbaijan&as_of=2020-01-01")
    links = offline_page.locator('[data-testid="stSidebar"] a[href*="Outlets"]')
    expect(links).to_have_attribute("href", "Outlets?country=Azerbaijan&as_of=2020-01-01")
    links.click()
    wait_for_app(offline_page)
    expect(offline_page.get_by_role("heading", name="Outlets", exact=True)).to_be_visible()
    expect(table_count(offline_page, "outlets")).to_have_text("1 outlet")
    expect(offline_page.locator(".st-key-country")).to_contain_text("Azerbaijan")
    expect(offline_page.locator(".st-key-as_of input")).to_have_value("2020-01-01")
    # Streamlit writes the URL after the run: expect() retries until it has.
    expect(offline_page).to_have_url(with_query("/Outlets", as_of="2020-01-01", country="Azerbaijan"))


def test_a_link_without_filters_keeps_them_in_the_next_page_s_url(offline_page, dashboard_url):
    """A page link that names no filters ("All partnerships" on the Overview): the browser sends each filter the page
    had once with the move, Streamlit drops them, and the app carries them over. Left to the widgets, the URL never got
    them back (they write only what differs from the move's query string), while the sidebar showed them."""
    open_page(offline_page, f"{dashboard_url}/?country=Azerbaijan&as_of=2020-01-01")
    offline_page.get_by_role("link", name="All partnerships").click()
    wait_for_app(offline_page)
    expect(offline_page.get_by_role("heading", name="Partnerships", exact=True)).to_be_visible()
    expect(offline_page.locator(".st-key-country")).to_contain_text("Azerbaijan")
    expect(offline_page).to_have_url(with_query("/Partnerships", country="Azerbaijan", as_of="2020-01-01"))


def test_the_sidebar_search_opens_an_organisation_s_profile_with_the_filters(offline_page, dashboard_url):
    open_page(offline_page, f"{dashboard_url}/Outlets?country=Türkiye")
    search = offline_page.locator(".st-key-q input")
    search.fill("DOGAN")
    search.press("Enter")
    wait_for_app(offline_page)
    found = offline_page.locator('[data-testid="stSidebar"] [data-testid="stPageLink"] a[href*="id="]')
    expect(found).to_contain_text(["Doğan Holding · TR", "Doğan Media Group · TR", "Aydın Doğan · TR"])
    found.filter(has_text="Doğan Holding").first.click()
    wait_for_app(offline_page)
    expect(offline_page.get_by_role("heading", name="Doğan Holding", exact=True)).to_be_visible()
    assert "/Profile?id=dogan-holding&" in offline_page.url, offline_page.url
    expect(offline_page.locator(".st-key-country")).to_contain_text("Türkiye")
    expect(offline_page.locator(".st-key-q input")).to_have_value("DOGAN")


def test_every_page_link_in_the_sidebar_leads_to_a_page_that_draws_and_links_on(browser, dashboard_url):
    """The navigation bench's clicks, a warm-up and one timed round: each of the sidebar's links, clicked in turn,
    runs its page, which draws and lists the links again (a page that stops early, as Curate does, once lost them)."""
    timed = navigation_times(browser, dashboard_url, clicks=1)
    pages = ["Overview", "Outlets", "Groups", "Ownership", "Timeline", "Partnerships", "Concentration", "Data"]
    assert list(timed) == [*pages, "Curate", "Profile", "Methodology"]
    assert all(len(times) == 2 and min(times) > 0 for times in timed.values())


def test_a_sort_orders_every_matching_row_and_goes_into_the_url(offline_page, shipped_dashboard_url):
    open_page(offline_page, f"{shipped_dashboard_url}/Outlets?country=Türkiye&type=TV&as_of=2026-11-27")
    expect(table_count(offline_page, "outlets")).to_contain_text("outlets · page size 50")
    table = offline_page.locator('[data-testid="stDataFrame"]').first
    # As listed (by type, country and founding date): the oldest channels on the first page.
    expect(table).to_contain_text("Star TV")
    expect(table).to_contain_text("TRT 3")
    expect(table).not_to_contain_text("360 (SkyTürk 360)")
    sort = offline_page.locator(".st-key-outlets-sort")
    sort.click()
    offline_page.get_by_role("option", name="name ↑").click()
    wait_for_app(offline_page)
    expect(offline_page).to_have_url(re.compile("outlets-sort=name"))
    # The first by name of all 400 and more Turkish TV channels, not of the first page of 50 as listed.
    expect(table).to_contain_text("360 (SkyTürk 360)")
    expect(table).not_to_contain_text("TRT 3")


# Per chart: how many texts it shows and the pairs of them whose boxes overlap (by more than a pixel each way).
OVERLAPPING_TEXTS = """() => [...document.querySelectorAll('[data-testid=stPlotlyChart]')].map(chart => {
    const boxes = [...chart.querySelectorAll('.main-svg text')]
        .filter(text => text.textContent.trim())
        .map(text => [text.textContent, text.getBoundingClientRect()])
        .filter(([, box]) => box.width > 0 && box.height > 0);
    const overlaps = [];
    boxes.forEach(([a, r], i) => boxes.slice(i + 1).forEach(([b, s]) => {
        if (r.left < s.right - 1 && s.left < r.right - 1 && r.top < s.bottom - 1 && s.top < r.bottom - 1) {
            overlaps.push(a + ' / ' + b);
        }
    }));
    return {texts: boxes.length, overlaps};
})"""


@pytest.mark.parametrize(
    ("path", "least_texts"),
    [("Ownership?country=Türkiye", 40), ("Groups?tab=Ownership", 3), ("Profile?id=hurriyet", 8)],
)
def test_no_two_texts_of_a_network_overlap(offline_page, shipped_dashboard_url, path, least_texts):
    """Türkiye's 220 links, the largest group's 685 and Hürriyet's owners: every chart of the page names what fits
    and no two of its texts overlap."""
    open_page(offline_page, f"{shipped_dashboard_url}/{path}")
    expect(offline_page.locator("[data-testid=stPlotlyChart]").first).to_be_visible(timeout=60_000)
    wait_until_drawn(offline_page, seconds=60)
    charts = offline_page.evaluate(OVERLAPPING_TEXTS)
    assert charts and charts[0]["texts"] >= least_texts, charts
    assert [chart["overlaps"] for chart in charts if chart["overlaps"]] == []


# Names are HTML, script, a formula and bare URLs.
LINK_NAME = '<a href="https://evil.example/">Official site</a>'
IMAGE_NAME = "<img src=x onerror=alert(1)>"
SCRIPT_NAME = "<script>alert(2)</script>"
FORMULA_NAME = '=HYPERLINK("https://evil.example/f","click")'
BOLD_NAME = "<b>Bold</b> & Sons <img src=x onerror=alert(3)> https://evil.example/bold www.evil.example"
URL_NAME = "Visit https://evil.example/az or www.evil.example"
DEAL_TITLE = '<a href="https://evil.example/deal">Deal</a>'

# What the page made of the names: links to evil.example (HTML or SVG), images with src=x, scripts that alert, and
# the text the charts show.
MADE = """() => {
    const target = element => element.getAttribute('href') || element.getAttribute('xlink:href') || '';
    return {
        links: [...document.querySelectorAll('a')].filter(a => target(a).includes('evil.example')).length,
        chartLinks: document.querySelectorAll('[data-testid=stPlotlyChart] svg a').length,
        images: [...document.querySelectorAll('img')].filter(image => image.getAttribute('src') === 'x').length,
        scripts: [...document.querySelectorAll('script')].filter(script => script.text.includes('alert(')).length,
        chartText: [...document.querySelectorAll('[data-testid=stPlotlyChart] svg')].map(svg => svg.textContent)
            .join(' | '),
        headings: [...document.querySelectorAll('[data-testid=stHeading]')].map(h => h.textContent).join(' | '),
    };
}"""
CHART_SHOWS = """name => [...document.querySelectorAll('[data-testid=stPlotlyChart] svg')]
    .some(svg => svg.textContent.includes(name))"""


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    organisations = [
        org("evil-group") | {"name": LINK_NAME, "kind": "media_group"},
        org("bold-holding") | {"name": BOLD_NAME, "kind": "holding"},
        org("partner-az", "AZ") | {"name": URL_NAME},
    ]
    outlets = [
        outlet("img-tv") | {"name": IMAGE_NAME},
        outlet("script-news", "newspaper") | {"name": SCRIPT_NAME},
        outlet("formula-radio", "radio") | {"name": FORMULA_NAME},
        outlet("plain-tv") | {"name": "Plain TV"},
    ]
    ownership = [link("evil-group", o["outlet_id"], 100, interest="control") for o in outlets]
    ownership.append(link("bold-holding", "evil-group", 60))
    partnership = {"partnership_id": "deal", "title": DEAL_TITLE, "kind": "joint_venture", "signed_on": "2020"}
    parties = [{"partnership_id": "deal", "party_id": party} for party in ("evil-group", "partner-az")]
    data = write_layer(
        root / "data" / "curated",
        sources=[SOURCE_ROW],
        organisations=organisations,
        outlets=outlets,
        ownership=ownership,
        partnerships=[partnership],
        partnership_parties=parties,
    ).parent
    db = build(data, root / "atlas.duckdb").db_path
    yield from serve_dashboard(db, data, root / "streamlit.log")


@pytest.mark.parametrize(
    ("path", "names_in_charts"),
    [
        ("", [BOLD_NAME[:29]]),  # the largest groups' bars: names cut to 29 characters and an ellipsis
        ("Outlets", []),
        ("Groups", [BOLD_NAME]),  # the portfolio treemap: the group above its markets
        # Networks cut a name to 29 characters and an ellipsis too.
        ("Groups?tab=Ownership", [LINK_NAME[:29], IMAGE_NAME, BOLD_NAME[:29]]),
        ("Ownership", [LINK_NAME[:29], IMAGE_NAME, SCRIPT_NAME, FORMULA_NAME[:29], BOLD_NAME[:29]]),
        ("Partnerships", [LINK_NAME[:29], URL_NAME[:29]]),
        ("Timeline", []),
        ("Concentration", []),
    ],
)
def test_hostile_names_are_shown_as_text(offline_page, hostile_url, path, names_in_charts):
    """Names are text everywhere: a world whose names are HTML, script and formulas shows them as written, with no
    link, image or script made from them in any chart, table or header, and no dialog opened."""
    dialogs = []
    offline_page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    open_page(offline_page, f"{hostile_url}/{path}")
    expect(offline_page.locator('[data-testid="stException"]')).to_have_count(0)
    for name in names_in_charts:
        offline_page.wait_for_function(CHART_SHOWS, arg=name, timeout=30_000)
    offline_page.wait_for_timeout(500)
    made = offline_page.evaluate(MADE)
    assert (made["links"], made["chartLinks"], made["images"], made["scripts"], dialogs) == (0, 0, 0, 0, [])
    for name in names_in_charts:
        assert name in made["chartText"]
    if path.startswith("Groups"):
        # The profile's header (the largest group), word joiners aside (they keep Streamlit from linking URLs).
        assert BOLD_NAME in made["headings"].replace("\u2060", "")
