"""`media-atlas serve`: the dashboard for many analysts at once. One Streamlit process runs its sessions on one core,
so several replicas run over the same database (read-only to them) behind nginx, which keeps each analyst on one
replica: a Streamlit session lives in one process, and its websocket, downloads and uploads must reach that one.

Affinity is by cookie, not by client address: analysts behind one office NAT share an address and would all land
on one replica. nginx sends a browser without the cookie to the next replica in turn and names that replica in the
cookie it sets; later requests carrying it go to the same replica (or, if that one is down, to another)."""

import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from media_atlas import PROJECT_ROOT
from media_atlas.build.load import build_if_stale, default_data_dir, default_db_path

AFFINITY_COOKIE = "atlas_replica"
HEALTHY_WITHIN_SECONDS = 60
STOPPED_WITHIN_SECONDS = 10


def nginx_binary() -> str | None:
    """nginx on the PATH, or where Debian installs it (/usr/sbin, often not on a user's PATH)."""
    return shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")


class ServeError(RuntimeError):
    """A part of the deployment did not start; the message says which and where its log is."""


def free_port(address: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((address, 0))
        return probe.getsockname()[1]


def streamlit_command(port: int, address: str = "127.0.0.1") -> list[str]:
    """`streamlit run dashboard.py` on port, as the README starts it (run from the project folder, whose
    .streamlit/config.toml it reads)."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(PROJECT_ROOT / "dashboard.py"),
        "--server.headless",
        "true",
        "--server.address",
        address,
        "--server.port",
        str(port),
    ]


def replica_name(index: int) -> str:
    return f"r{index}"


def nginx_config(run_dir: Path, address: str, port: int, replica_ports: list[int]) -> str:
    """nginx in front of the replicas on 127.0.0.1, with its pid, logs and temporary files in run_dir (so it runs
    without root). Websockets (`/_stcore/stream`) pass with their Upgrade headers and stay open while idle."""
    servers = [f"127.0.0.1:{replica_port}" for replica_port in replica_ports]
    names = [replica_name(index) for index in range(len(servers))]
    pinned = "".join(
        f"    upstream atlas_{name} {{\n        server {server};\n"
        + "".join(f"        server {other} backup;\n" for other in servers if other != server)
        + "    }\n"
        for name, server in zip(names, servers, strict=True)
    )
    each_server = "".join(f"        server {server};\n" for server in servers)
    cookie_to_upstream = "".join(f"        {name} atlas_{name};\n" for name in names)
    server_to_name = "".join(f'        "{server}" {name};\n' for name, server in zip(names, servers, strict=True))
    known_cookie = "".join(f'        {name} "";\n' for name in names)
    user = f"user {pwd.getpwuid(os.geteuid()).pw_name};\n" if os.geteuid() == 0 else ""
    temp = "".join(
        f"    {kind}_temp_path {run_dir / kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""# Written by `media-atlas serve`; rewritten at each start.
{user}worker_processes 1;
pid {run_dir / "nginx.pid"};
error_log {run_dir / "nginx-error.log"} warn;
events {{
    worker_connections 4096;
}}
http {{
    log_format affinity '$remote_addr [$time_local] "$request" $status $request_time '
                        'upstream=$upstream_addr cookie=$cookie_{AFFINITY_COOKIE} set="$atlas_affinity_cookie"';
    access_log {run_dir / "nginx-access.log"} affinity;
{temp}
    # A browser without the cookie goes to the next replica in turn; one with it to the replica it names.
    upstream atlas_any {{
{each_server}    }}
{pinned}    map $cookie_{AFFINITY_COOKIE} $atlas_upstream {{
{cookie_to_upstream}        default atlas_any;
    }}
    map $upstream_addr $atlas_served_by {{
{server_to_name}        default "";
    }}
    # Set only while the browser has no valid cookie (nginx sends no header whose value is empty).
    map $cookie_{AFFINITY_COOKIE} $atlas_affinity_cookie {{
{known_cookie}        default "{AFFINITY_COOKIE}=$atlas_served_by; Path=/; HttpOnly; SameSite=Lax";
    }}
    map $http_upgrade $connection_upgrade {{
        default upgrade;
        "" close;
    }}
    server {{
        listen {address}:{port};
        client_max_body_size 200m;
        location / {{
            proxy_pass http://$atlas_upstream;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            # With its port: Streamlit accepts a websocket only from the origin it is served at.
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_read_timeout 1d;
            proxy_send_timeout 1d;
            add_header Set-Cookie $atlas_affinity_cookie always;
        }}
    }}
}}
"""


def wait_until_healthy(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + HEALTHY_WITHIN_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServeError(f"{url}: exited with {process.returncode}; see {log}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read() == b"ok":
                    return
        except OSError:
            time.sleep(0.3)
    raise ServeError(f"{url}: not healthy after {HEALTHY_WITHIN_SECONDS} s; see {log}")


class Deployment:
    """N dashboard replicas and nginx in front of them, started together and stopped together (a context manager).
    The database is built first if its data is newer, so the replicas start on a fresh one."""

    def __init__(self, replicas: int, port: int, address: str = "127.0.0.1", run_dir: Path | None = None):
        if replicas < 1:
            raise ValueError("at least one replica")
        self.replicas, self.port, self.address = replicas, port, address
        self.own_run_dir = run_dir is None
        self.run_dir = Path(run_dir or tempfile.mkdtemp(prefix="media-atlas-serve-"))
        self.replica_ports: list[int] = []
        self.processes: list[subprocess.Popen] = []

    @property
    def url(self) -> str:
        host = "127.0.0.1" if self.address in ("0.0.0.0", "") else self.address
        return f"http://{host}:{self.port}"

    def start(self) -> "Deployment":
        if nginx_binary() is None:
            raise ServeError("nginx is not installed (Debian: apt-get install nginx-light)")
        self.run_dir.mkdir(parents=True, exist_ok=True)
        build_if_stale(default_data_dir(), default_db_path())
        try:
            for index in range(self.replicas):
                self._start_replica(index)
            for index, process in enumerate(self.processes):
                port = self.replica_ports[index]
                wait_until_healthy(f"http://127.0.0.1:{port}", process, self.replica_log(index))
            self._start_nginx()
        except BaseException:
            self.stop()
            raise
        return self

    def replica_log(self, index: int) -> Path:
        return self.run_dir / f"replica-{replica_name(index)}.log"

    def _start_replica(self, index: int) -> None:
        port = free_port()
        with self.replica_log(index).open("w") as log:
            command = streamlit_command(port)
            process = subprocess.Popen(command, cwd=PROJECT_ROOT, stdout=log, stderr=subprocess.STDOUT)
        self.replica_ports.append(port)
        self.processes.append(process)

    def _start_nginx(self) -> None:
        config = self.run_dir / "nginx.conf"
        config.write_text(nginx_config(self.run_dir, self.address, self.port, self.replica_ports))
        log = self.run_dir / "nginx-error.log"
        command = [str(nginx_binary()), "-c", str(config), "-p", str(self.run_dir), "-e", str(log), "-g", "daemon off;"]
        with (self.run_dir / "nginx.out").open("w") as output:
            nginx = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
        self.processes.append(nginx)
        wait_until_healthy(self.url, nginx, log)

    def alive(self) -> bool:
        return bool(self.processes) and all(process.poll() is None for process in self.processes)

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=STOPPED_WITHIN_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.processes = []
        if self.own_run_dir:
            shutil.rmtree(self.run_dir, ignore_errors=True)

    def __enter__(self) -> "Deployment":
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()


def serve(replicas: int, port: int, address: str, run_dir: Path | None) -> int:
    """Run the deployment in the foreground until SIGTERM or Ctrl-C (or until one of its processes exits)."""
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append("SIGTERM"))
    deployment = Deployment(replicas, port, address, run_dir)
    try:
        deployment.start()
    except ServeError as error:
        print(f"media-atlas serve: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # while starting: start() has stopped what it had started
        return 130
    ports = ", ".join(str(replica_port) for replica_port in deployment.replica_ports)
    print(f"serving {deployment.url} : {replicas} replica(s) on 127.0.0.1 ports {ports} behind nginx")
    print(f"logs in {deployment.run_dir}; Ctrl-C stops")
    try:
        while deployment.alive() and not stopping:
            time.sleep(0.5)
    except KeyboardInterrupt:
        stopping.append("Ctrl-C")
    exited = not stopping
    deployment.stop()
    if exited:
        print("media-atlas serve: a replica or nginx exited; stopped the rest", file=sys.stderr)
        return 1
    return 0
