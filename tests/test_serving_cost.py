"""What a page load costs the server, measured on a real `streamlit run dashboard.py` over the shipped data with
the project's own .streamlit/config.toml: stream clients (Streamlit's own messages) open the load test's pages in
turn, and the server's CPU time is divided by the pages loaded. Watching the source files (a watch on every imported
module for each new session) or a full garbage collection after every run each cost more than the page itself;
the bound holds either back (numbers in bench/README.md, "Many analysts at once")."""

from media_atlas.bench.load import LOAD_PAGES, LoadRun, one_process_run
from media_atlas.serve import free_port

CPU_PER_LOAD_SECONDS = 0.2


def test_a_page_load_costs_the_server_a_fraction_of_a_core_second(shipped_db, tmp_path, monkeypatch):
    monkeypatch.setenv("MEDIA_ATLAS_DB", str(shipped_db))
    run = one_process_run(free_port(), LoadRun("cost", sessions=2, seconds=10, browser=False), tmp_path / "log")
    assert not run.errors
    assert len(run.load_times) >= len(LOAD_PAGES)
    per_load = run.server_cpu_seconds / len(run.load_times)
    assert per_load < CPU_PER_LOAD_SECONDS, f"{per_load:.2f} s of server CPU a page load ({run.cpu})"
