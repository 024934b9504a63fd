"""Debian's Chromium as the browser tests and the load test drive it, and what "drawn" means for a page."""

import time

from media_atlas.bench.timing import BenchError

DRAWN_WITHIN_S = 60

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Tables draw on a canvas and charts into an svg once their data has arrived; those in a hidden tab or a closed
# expander may never draw. A map draws its countries after fetching their shapes. Streamlit shows a skeleton where an
# element has arrived but its component has not rendered yet (for seconds after the run, on a busy machine).
UNDRAWN = """() => [...document.querySelectorAll('[data-testid=stDataFrame], [data-testid=stPlotlyChart]')]
    .filter(element => element.checkVisibility() && !element.closest('details:not([open])'))
    .filter(element => !element.querySelector('canvas, .main-svg'))
    .map(element => `${element.dataset.testid} at y=${Math.round(element.getBoundingClientRect().top)}`)
    .concat([...document.querySelectorAll('.geo')].some(map => !map.querySelector('.choroplethlocation'))
        ? ['a map without countries'] : [])
    .concat([...document.querySelectorAll('[data-testid=stSkeleton]')]
        .filter(element => element.checkVisibility() && !element.closest('details:not([open])'))
        .map(element => `a skeleton at y=${Math.round(element.getBoundingClientRect().top)}`))"""


AT_REST = '[data-testid="stApp"][data-test-script-state="notRunning"]'
# A page link clicked the moment a run has ended can be lost by Streamlit (the next page runs without the link's query
# parameters, or not at all): whoever clicks waits until the page has been at rest this long.
SETTLED_MS = 500


def wait_until_settled(page, seconds: float = DRAWN_WITHIN_S) -> None:
    """Until the script has not run for SETTLED_MS; BenchError after `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        page.wait_for_selector(AT_REST, timeout=seconds * 1000)
        page.wait_for_timeout(SETTLED_MS)
        if page.locator(AT_REST).count():
            return
        if time.monotonic() > deadline:
            raise BenchError(f"{page.url}: still running after {seconds} s")


def wait_until_drawn(page, seconds: float = DRAWN_WITHIN_S) -> None:
    """Until every visible table and chart has drawn; BenchError naming those still waiting after `seconds`."""
    deadline = time.monotonic() + seconds
    while waiting := page.evaluate(UNDRAWN):
        if time.monotonic() > deadline:
            raise BenchError(f"{page.url}: not drawn after {seconds} s: {waiting}")
        page.wait_for_timeout(20)
