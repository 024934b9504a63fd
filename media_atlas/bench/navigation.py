"""`media-atlas bench --navigation`: how long moving to each page takes in Chromium, as a reader does it (a click on
the sidebar's page link), on the shipped data and on a synthetic world: from the click until the app's script run
has ended and every visible table and chart has drawn. One round of clicks warms the result caches; the median of
the rounds after it is reported, with the first (cold) visit in the notes."""

import contextlib
import os
import subprocess
import sys
import time
from pathlib import Path

from media_atlas import PROJECT_ROOT
from media_atlas.bench.browser import (
    AT_REST,
    CHROMIUM,
    CHROMIUM_ARGS,
    DRAWN_WITHIN_S,
    wait_until_drawn,
    wait_until_settled,
)
from media_atlas.bench.timing import BenchError, Measurement, Progress
from media_atlas.serve import ServeError, free_port, streamlit_command, wait_until_healthy

# Streamlit marks the state of the script run on the app's root element. The watch notes when, after a change of
# that state or of the page's title, the state is notRunning: a short run can begin and end within one render,
# leaving the attribute as it was (notRunning before the click's run and after it), and only the new page's title
# shows it ran; a click on the page already shown changes no title, but its run takes long enough to show.
WATCH_RUN = """() => {
    const app = document.querySelector('[data-testid=stApp]');
    const title = () => document.querySelector('[data-testid=stMain] h1')?.textContent;
    const before = title();
    let changed = false;
    window.runWatch?.disconnect();
    window.runEnded = false;
    window.runWatch = new MutationObserver(records => {
        changed ||= records.some(record => record.attributeName === 'data-test-script-state') || title() !== before;
        window.runEnded = changed && app.dataset.testScriptState === 'notRunning';
    });
    window.runWatch.observe(app, {
        attributes: true, attributeFilter: ['data-test-script-state'], subtree: true, childList: true,
        characterData: true,
    });
}"""
PAGE_LINKS = '[data-testid="stSidebar"] [data-testid="stPageLink"] a'
SERVER_START_S = 60


@contextlib.contextmanager
def served_dashboard(db: Path, data: Path, log: Path):
    """`streamlit run dashboard.py` over db (built from data) on a free port of 127.0.0.1: its URL, until the block
    ends. BenchError, with the server's log, when it does not come up."""
    port = free_port()
    env = os.environ | {"MEDIA_ATLAS_DB": str(db), "MEDIA_ATLAS_DATA": str(data)}
    with log.open("w") as output:
        server = subprocess.Popen(
            streamlit_command(port), cwd=PROJECT_ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url, server, log)
        yield url
    except ServeError as error:
        raise BenchError(f"{error}:\n{log.read_text()}") from error
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:  # a loaded machine: a slow shutdown must not fail the run
            server.kill()
            server.wait()


def measure_navigation(db: Path, data: Path, world: str, clicks: int = 5) -> list[Measurement]:
    """For each page of the sidebar, the time from a click on its link (coming from the page before it in the list)
    until it has run and drawn: `clicks` rounds after a warm-up round."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        raise BenchError("timing navigation needs playwright (the `test` extra)") from error
    if not Path(CHROMIUM).exists():
        raise BenchError(f"timing navigation needs Chromium at {CHROMIUM}")
    log = db.parent / "navigation-streamlit.log"
    with served_dashboard(db, data, log) as url, sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            samples = navigation_times(browser, url, clicks)
        finally:
            browser.close()
    return [
        Measurement(f"navigate to {name} ({world})", times[1:], note=f"first visit {times[0]:,.0f} ms")
        for name, times in samples.items()
    ]


def navigation_times(browser, url: str, clicks: int) -> dict[str, list[float]]:
    """Each sidebar page's times in ms, from the dashboard at url: a warm-up round, then `clicks` rounds."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(url)
    # The links appear once the first run has begun: its end, then, is the page at rest.
    page.wait_for_selector(PAGE_LINKS, timeout=SERVER_START_S * 1000)
    page.wait_for_selector(AT_REST, timeout=DRAWN_WITHIN_S * 1000)
    wait_until_drawn(page)
    # A link's text begins with its icon's name (a ligature of the icon font): its title is the last line.
    names = [text.strip().splitlines()[-1] for text in page.locator(PAGE_LINKS).all_inner_texts()]
    samples: dict[str, list[float]] = {name: [] for name in names}
    for _ in range(clicks + 1):
        for index, name in enumerate(names):
            samples[name].append(click_and_time(page, index, name))
    page.close()
    return samples


def click_and_time(page, index: int, name: str) -> float:
    """ms from a click on the sidebar's index-th page link (to page `name`) until its run has ended and it has
    drawn."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    wait_until_settled(page)
    page.evaluate(WATCH_RUN)
    link = page.locator(PAGE_LINKS).nth(index)
    started = time.perf_counter()
    link.click()
    try:
        page.wait_for_function("() => window.runEnded", polling=20, timeout=DRAWN_WITHIN_S * 1000)
    except PlaywrightTimeout as error:
        raise BenchError(f"{name} ({page.url}): its run did not end within {DRAWN_WITHIN_S} s of the click") from error
    wait_until_drawn(page)
    elapsed = (time.perf_counter() - started) * 1000
    if Progress.enabled:
        print(f"  {name}: {elapsed:,.0f} ms", file=sys.stderr)
    return elapsed
