"""`media-atlas serve` for real: two dashboard replicas behind nginx on 127.0.0.1 over a copy of the small world,
driven by browser sessions in Chromium. Pages load through the proxy, each session stays on the replica its cookie
names (websocket included), a short load with the data changing half-way has no error, exactly one replica
rebuilds, and both then show the new row."""

import re
import shutil
from pathlib import Path

import pytest

pytest.importorskip("playwright.async_api")

from media_atlas.bench.browser import CHROMIUM, CHROMIUM_ARGS
from media_atlas.bench.load import (
    LoadRun,
    async_playwright,
    drive,
    load_page,
    open_session,
    rebuilds_logged,
    run_in_own_loop,
)
from media_atlas.serve import AFFINITY_COOKIE, Deployment, free_port, nginx_binary, nginx_config, replica_name
from tests.conftest import SMALL_DATA
from tests.page_runs import AS_OF
from tests.test_refresh import NEW_OUTLET

pytestmark = pytest.mark.skipif(
    nginx_binary() is None or not Path(CHROMIUM).exists(),
    reason="needs nginx and Debian's chromium (.ci/run installs them)",
)
LOGGED = re.compile(
    r'"(?P<method>\S+) (?P<path>\S+) [^"]*" (?P<status>\d+) \S+ upstream=(?P<upstream>\S+) '
    r'cookie=(?P<cookie>\S+) set="(?P<set>[^"]*)"'
)


def logged_requests(run_dir: Path) -> list[dict]:
    return [match.groupdict() for match in LOGGED.finditer((run_dir / "nginx-access.log").read_text())]


async def outlets_counted_on(url: str, replicas: list[str]) -> list[str]:
    """The Outlets page's count as each replica shows it, to a session pinned there."""
    counts = []
    async with async_playwright() as driver:
        browser = await driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for replica in replicas:
            _, page = await open_session(browser, url, replica)
            await load_page(page, f"{url}/Outlets?as_of={AS_OF}")
            counts.append(await page.locator(".st-key-outlets-count").inner_text())
        await browser.close()
    return counts


def test_the_config_routes_each_cookie_to_its_replica_and_upgrades_websockets(tmp_path):
    config = nginx_config(tmp_path, "127.0.0.1", 8501, [9001, 9002])
    assert "r0 atlas_r0;" in config
    assert "upstream atlas_r1 {\n        server 127.0.0.1:9002;\n        server 127.0.0.1:9001 backup;" in config
    assert "proxy_set_header Upgrade $http_upgrade;" in config
    assert f"pid {tmp_path / 'nginx.pid'};" in config


def test_two_replicas_keep_their_sessions_and_rebuild_once_under_load(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(SMALL_DATA, data)
    monkeypatch.setenv("MEDIA_ATLAS_DATA", str(data))
    monkeypatch.setenv("MEDIA_ATLAS_DB", str(tmp_path / "atlas.duckdb"))
    run_dir = tmp_path / "run"

    def add_an_outlet() -> None:
        with (data / "curated" / "outlets.csv").open("a", encoding="utf-8") as outlets:
            outlets.write(NEW_OUTLET)

    with Deployment(2, free_port(), "127.0.0.1", run_dir) as deployment:
        load = LoadRun("2 replicas", sessions=6, seconds=10)
        run_in_own_loop(drive(deployment.url, load, warm=[], change=add_an_outlet))
        assert load.errors == []
        assert len(load.load_times) >= load.sessions
        assert rebuilds_logged(deployment) == 1
        servers = {replica_name(i): f"127.0.0.1:{port}" for i, port in enumerate(deployment.replica_ports)}
        counts = run_in_own_loop(outlets_counted_on(deployment.url, list(servers)))

    assert counts == ["13 outlets", "13 outlets"]  # the small world's 12 and the one added under load
    requests = logged_requests(run_dir)
    for request in requests:
        if request["cookie"] in servers:  # a session with its cookie reaches the replica the cookie names
            assert request["upstream"] == servers[request["cookie"]], request
            assert request["set"] == ""
        elif request["upstream"] in servers.values():  # a new one gets the cookie of the replica that answered
            assert request["set"].startswith(
                f"{AFFINITY_COOKIE}={replica_name(list(servers.values()).index(request['upstream']))};"
            )
    websockets = [request for request in requests if request["path"] == "/_stcore/stream"]
    assert {request["status"] for request in websockets} == {"101"}
    assert {request["cookie"] for request in websockets} == set(servers)  # both replicas ran sessions
