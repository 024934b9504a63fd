"""Many analysts at once: `media-atlas bench --load`. Browser sessions (Playwright driving Debian's Chromium, one
browser context per session, as separate analysts with their own cookies) open the dashboard's pages one after
another for a while; each page load is timed from navigation until the script has finished and every visible table
and chart has drawn. A real browser is what an analyst waits on: it runs the page's own websocket, reruns and
Plotly drawing, which a protocol client would leave out. The same load runs against one `streamlit run` process,
then against `media-atlas serve --replicas N`, then again with the data changing half-way (a rebuild under load)."""

import asyncio
import concurrent.futures
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from playwright.async_api import TimeoutError as PageTimeout
from playwright.async_api import async_playwright

from media_atlas import DATA_DIR, PROJECT_ROOT
from media_atlas.bench.browser import CHROMIUM, CHROMIUM_ARGS, UNDRAWN
from media_atlas.bench.scenarios import pointing_at
from media_atlas.bench.stream_client import StreamSession
from media_atlas.build.load import build
from media_atlas.serve import AFFINITY_COOKIE, Deployment, free_port, nginx_binary, replica_name, streamlit_command
from media_atlas.serve import wait_until_healthy as wait_until_serving

# The pages a session goes through in turn (each session starts at another), with the filters an analyst sets.
LOAD_PAGES = ("", "Outlets?country=Türkiye", "Groups", "Ownership?country=Türkiye", "Timeline")
PAGE_TIMEOUT_SECONDS = 120
BROWSER_NICENESS = 10
# A page is loaded when it has drawn and is still drawn this long after: a first run may rerun once more.
SETTLED_MS = 300
DRAWN = f"""() => {{
    const app = document.querySelector('[data-testid=stApp]');
    return !!app && app.dataset.testScriptState === 'notRunning'
        && !!document.querySelector('[data-testid=stMain] h1')
        && ({UNDRAWN})().length === 0;
}}"""
# What a page still waits for, named when it does not load in time.
WAITING = f"""() => {{
    const app = document.querySelector('[data-testid=stApp]');
    return [app ? `script ${{app.dataset.testScriptState}}` : 'no app',
            document.querySelector('[data-testid=stMain] h1') ? 'title drawn' : 'no title',
            ...({UNDRAWN})()].join(', ');
}}"""
FAILED = "[data-testid=stException], [data-testid=stConnectionStatus]"
RSS_SAMPLE_SECONDS = 0.5
CHANGED_DATA_FILE = Path("curated") / "outlets.csv"


@dataclass
class LoadRun:
    """One run: page-load times, what failed, the servers' peak memory and the machine's load around it."""

    label: str
    sessions: int
    seconds: float
    browser: bool = True  # Chromium pages, or stream clients (media_atlas/bench/stream_client.py)
    load_times: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    peak_rss_mb: float = 0.0
    load_average: str = ""
    cpu: str = ""
    server_cpu_seconds: float = 0.0
    rebuilds: int | None = None

    def percentile(self, share: float) -> float:
        ordered = sorted(self.load_times)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")

    def line(self) -> str:
        changed = f"; data changed at {self.seconds / 2:.0f} s, rebuilds: {self.rebuilds}"
        rebuilt = "" if self.rebuilds is None else changed
        return (
            f"{self.label:<48} {len(self.load_times):>6} {statistics.median(self.load_times or [0]):>7.2f}"
            f" {self.percentile(0.95):>7.2f} {len(self.errors):>6} {self.peak_rss_mb:>8.0f}   "
            f"{self.cpu}; load average {self.load_average}{rebuilt}"
        )


HEADER = f"{'run':<48} {'loads':>6} {'p50 s':>7} {'p95 s':>7} {'errors':>6} {'RSS MB':>8}"


def process_tree(root_pids: list[int]) -> set[int]:
    """These processes and every descendant (nginx's worker, say), from /proc."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
    tree, grew = set(root_pids), True
    while grew:
        children = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= children
        grew = bool(children)
    return tree


def rss_mb(pids: set[int]) -> float:
    total_kb = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            status = Path(f"/proc/{pid}/status").read_text()
            total_kb += next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
    return total_kb / 1024


def cpu_seconds(pids: set[int]) -> float:
    """User and system CPU time these processes have used so far."""
    ticks = 0
    for pid in pids:
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def machine_busy_seconds() -> float:
    """CPU time the whole machine has spent busy (every core, every process) since boot, from /proc/stat."""
    user, nice, system, _idle, _iowait, irq, softirq, steal = map(int, Path("/proc/stat").read_text().split()[1:9])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


class ServerUse:
    """The servers' peak resident memory (sampled in a thread while the run lasts) and CPU time, beside the CPU
    time of the whole machine: on a shared machine the browsers and other work take their part of the cores."""

    def __init__(self, pids: list[int]):
        self.pids, self.peak_mb, self._stop = pids, 0.0, threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self.server_cpu = self.machine_cpu = 0.0
        self.load_average = ""

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak_mb = max(self.peak_mb, rss_mb(process_tree(self.pids)))
            self._stop.wait(RSS_SAMPLE_SECONDS)

    def __enter__(self) -> "ServerUse":
        self.server_cpu, self.machine_cpu = -cpu_seconds(process_tree(self.pids)), -machine_busy_seconds()
        self.load_average = load_average()
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join()
        self.server_cpu += cpu_seconds(process_tree(self.pids))
        self.machine_cpu += machine_busy_seconds()
        self.load_average += f" → {load_average()}"


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


async def open_session(browser, url: str, replica: str | None = None):
    """A browser context of its own (an analyst), able to reach only the server under test."""
    context = await browser.new_context(viewport={"width": 1400, "height": 900})
    await context.route(lambda target: not target.startswith(url), lambda route: route.abort())
    if replica is not None:
        await context.add_cookies([{"name": AFFINITY_COOKIE, "value": replica, "url": url}])
    return context, await context.new_page()


async def load_page(page, url: str) -> float:
    """Seconds from navigation until the page has drawn and stays drawn; raises on an error shown or a timeout."""
    started = time.perf_counter()
    await page.goto(url, wait_until="commit", timeout=PAGE_TIMEOUT_SECONDS * 1000)
    while True:
        try:
            await page.wait_for_function(DRAWN, polling=50, timeout=PAGE_TIMEOUT_SECONDS * 1000)
        except PageTimeout as error:
            raise PageTimeout(f"not drawn after {PAGE_TIMEOUT_SECONDS} s: {await page.evaluate(WAITING)}") from error
        drawn = time.perf_counter()
        await page.wait_for_timeout(SETTLED_MS)
        if await page.evaluate(DRAWN):
            break
    if failed := await page.locator(FAILED).count():
        raise RuntimeError(f"{failed} error element(s) on the page")
    return drawn - started


class BrowserSession:
    """An analyst in Chromium (pinned to a replica by its affinity cookie, or not)."""

    def __init__(self, browser, url: str, replica: str | None = None):
        self.browser, self.url, self.replica = browser, url, replica
        self.server_errors: list[str] = []

    async def open(self) -> None:
        self.context, self.page = await open_session(self.browser, self.url, self.replica)
        self.page.on("response", lambda answer: answer.status >= 500 and self.server_errors.append(str(answer.status)))

    async def load(self, path: str) -> float:
        seconds = await load_page(self.page, f"{self.url}/{path}")
        if self.server_errors:
            failed, self.server_errors = self.server_errors, []
            raise RuntimeError(f"HTTP {', '.join(failed)}")
        return seconds

    async def close(self) -> None:
        await self.context.close()


async def analyst(session, first_page: int, stop_at: float, run: LoadRun) -> None:
    """Open the pages in turn until stop_at; a failed load is counted and the analyst goes on."""
    await session.open()
    turn = first_page
    try:
        while time.monotonic() < stop_at:
            path = LOAD_PAGES[turn % len(LOAD_PAGES)]
            turn += 1
            try:
                run.load_times.append(await session.load(path))
            except Exception as error:
                run.errors.append(f"/{path}: {type(error).__name__}: {str(error).splitlines()[0][:160]}")
    finally:
        await session.close()


async def warm_up(new_session, replicas: list[str | None]) -> None:
    """Each page once on each replica, untimed: an analyst rarely meets a process that has just started."""

    async def each_page(replica: str | None) -> None:
        session = new_session(replica)
        await session.open()
        for path in LOAD_PAGES:
            await session.load(path)
        await session.close()

    await asyncio.gather(*(each_page(replica) for replica in replicas))


async def drive(
    url: str,
    run: LoadRun,
    warm: list[str | None],
    change: Callable[[], None] | None = None,
    servers: list[int] = (),
    browser: bool = True,
) -> LoadRun:
    """run.sessions analysts (in Chromium, or as stream clients) for run.seconds against url, after a warm-up of
    each replica in warm (None: whichever answers); change (of the data) is made half-way. The servers' use (their
    pids) is measured over the run."""
    async with contextlib.AsyncExitStack() as stack:
        if browser:
            driver = await stack.enter_async_context(async_playwright())
            chromium = await driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            stack.push_async_callback(chromium.close)
            yield_to_servers(servers)

            def new_session(replica: str | None = None):
                return BrowserSession(chromium, url, replica)
        else:

            def new_session(replica: str | None = None):
                return StreamSession(url, replica, PAGE_TIMEOUT_SECONDS)

        await warm_up(new_session, warm)
        with ServerUse(servers) as use:
            stop_at = time.monotonic() + run.seconds
            sessions = [analyst(new_session(), index, stop_at, run) for index in range(run.sessions)]
            if change is not None:
                sessions.append(later(change, run.seconds / 2))
            await asyncio.gather(*sessions)
    run.peak_rss_mb, run.load_average, run.server_cpu_seconds = use.peak_mb, use.load_average, use.server_cpu
    per_load = use.server_cpu / max(1, len(run.load_times))
    run.cpu = f"servers {use.server_cpu:.0f} s CPU ({per_load:.2f} s a load), machine {use.machine_cpu:.0f} s"
    return run


def yield_to_servers(servers: list[int]) -> None:
    """Lower the browser's priority (every process this one started that is no server: the Playwright driver,
    Chromium and the zygote its page renderers fork from). Analysts' browsers run on their own machines; here they
    share the servers' cores and would otherwise take most of them: the run measures the servers first."""
    own = os.getpid()
    for pid in process_tree([own]) - process_tree(list(servers)) - {own}:
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, pid, BROWSER_NICENESS)


async def later(change: Callable[[], None], seconds: float) -> None:
    await asyncio.sleep(seconds)
    change()


def one_process_run(url_port: int, run: LoadRun, log: Path) -> LoadRun:
    with log.open("w") as output:
        server = subprocess.Popen(
            streamlit_command(url_port), cwd=PROJECT_ROOT, stdout=output, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{url_port}"
    try:
        wait_until_serving(url, server, log)
        return measured(url, [server.pid], run, [None])
    finally:
        server.terminate()
        server.wait(timeout=10)


def measured(url: str, pids: list[int], run: LoadRun, replicas: list[str | None], change=None) -> LoadRun:
    return run_in_own_loop(drive(url, run, replicas, change, pids, run.browser))


def run_in_own_loop(coroutine):
    """asyncio.run in a thread of its own: the calling thread may run an event loop already (Playwright's sync API
    keeps one, as in the browser tests' session)."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def rebuilds_logged(deployment: Deployment) -> int:
    """How many replicas built the database (each build says so in its replica's log)."""
    logs = [deployment.replica_log(index).read_text() for index in range(deployment.replicas)]
    return sum(log.count("media-atlas: process") for log in logs)


def deployment_run(replicas: int, run: LoadRun, run_dir: Path, change=None) -> LoadRun:
    with Deployment(replicas, free_port(), "127.0.0.1", run_dir) as deployment:
        pids = [process.pid for process in deployment.processes]
        names = [replica_name(index) for index in range(replicas)]
        measured(deployment.url, pids, run, names, change)
        if change is not None:
            run.rebuilds = rebuilds_logged(deployment)
    return run


def run_load(sessions: int, seconds: float, replicas: int, browser: bool) -> list[LoadRun]:
    """The three runs over a copy of the shipped data (the change half-way must not touch data/ itself)."""
    with tempfile.TemporaryDirectory(prefix="media-atlas-load-") as scratch:
        root = Path(scratch)
        data, db_path = root / "data", root / "atlas.duckdb"
        shutil.copytree(DATA_DIR, data, ignore=shutil.ignore_patterns("*.duckdb*"))
        build(data, db_path)
        served, changed = f"{replicas} replicas behind nginx", data / CHANGED_DATA_FILE
        client = "Chromium" if browser else "stream"
        with pointing_at(db_path, data):
            return [
                one_process_run(free_port(), LoadRun(f"one process, {client}", sessions, seconds, browser), root / "1"),
                deployment_run(replicas, LoadRun(f"{served}, {client}", sessions, seconds, browser), root / "run-1"),
                # A data file changes, as when an analyst saves a curated row: a rebuild at the next rerun.
                deployment_run(
                    replicas,
                    LoadRun(f"{served}, {client}, data changed", sessions, seconds, browser),
                    root / "run-2",
                    changed.touch,
                ),
            ]


def run_load_from_cli(sessions: int, seconds: float, replicas: int, browser: bool, json_path: Path | None) -> int:
    if nginx_binary() is None or (browser and not Path(CHROMIUM).exists()):
        print("the load test needs nginx and Debian's chromium (apt-get install nginx-light chromium)")
        return 1
    print(f"{sessions} sessions for {seconds:.0f} s each run; pages in turn: {', '.join('/' + p for p in LOAD_PAGES)}")
    runs = run_load(sessions, seconds, replicas, browser)
    print(HEADER)
    for run in runs:
        print(run.line())
    for run in runs:
        for error in sorted(set(run.errors))[:10]:
            print(f"{run.label}: {error}")
    if json_path:
        json_path.parent.mkdir(parents=True, exist_ok=True)
        json_path.write_text(json.dumps([asdict(run) for run in runs], indent=2, ensure_ascii=False))
        print(f"wrote {json_path}")
    return 0
