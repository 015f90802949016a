"""Run a real hub as a process on a free loopback port, seeded with demo data, for tests.

    from tests.support.hub_process import hub_process

    with hub_process(tmp_path) as hub:
        requests.post(hub.base_url + "/api/v1/enroll", json={"code": hub.codes[name]})

``hub.codes`` maps each demo terminal's name to a one-time enrollment code; ``hub.new_code(name)``
makes another one (also for a new terminal name); ``hub.passwords`` maps staff user names
(admin, editor, adviser, viewer) to their passwords; ``hub.data_dir`` is the temp ``HUB_DATA``.
The demo content is ``contract.demo`` when it exists, else the small ``tests.support.hub_demo_fixture``
(override with ``content_module=``). ``database_url`` runs the hub on PostgreSQL instead of SQLite;
``workers`` starts that many server processes; ``env`` adds ``HUB_*`` settings; ``serve_args``
adds options of ``legal-hub serve`` (``("--proxy-headers",)`` as the deployed unit runs it).
The process is stopped (and killed if it must be) when the block ends. A pytest fixture::

    @pytest.fixture
    def hub(tmp_path):
        with hub_process(tmp_path) as running:
            yield running
"""

from __future__ import annotations

import importlib.util
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 30.0
STOP_TIMEOUT_S = 10.0
FIXTURE_MODULE = "tests.support.hub_demo_fixture"


def default_content_module() -> str:
    return (
        "contract.demo" if importlib.util.find_spec("contract.demo") is not None else FIXTURE_MODULE
    )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class RunningHub:
    base_url: str
    data_dir: Path
    env: dict[str, str]
    codes: dict[str, str] = field(default_factory=dict)
    passwords: dict[str, str] = field(default_factory=dict)
    terminals: list[str] = field(default_factory=list)
    process: subprocess.Popen | None = None

    def cli(self, *args: str, input_text: str | None = None) -> subprocess.CompletedProcess:
        """Run ``legal-hub ARGS`` against this hub's data (raises on failure)."""
        return run_cli(*args, env=self.env, input_text=input_text)

    def new_code(self, terminal_name: str) -> str:
        """A fresh one-time enrollment code (the terminal is created if new)."""
        return json.loads(self.cli("enroll-code", terminal_name).stdout)["code"]


def run_cli(
    *args: str, env: Mapping[str, str], input_text: str | None = None, check: bool = True
) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "hub", *args],
        cwd=ROOT,
        env=dict(env),
        text=True,
        capture_output=True,
        timeout=120,
        input=input_text,
    )
    if check and result.returncode != 0:
        raise RuntimeError(
            f"legal-hub {' '.join(args)} failed ({result.returncode}): {result.stderr}"
        )
    return result


def _seed(hub: RunningHub, content_module: str) -> None:
    hub.cli("init")
    for line in hub.cli("demo", "--content-module", content_module).stdout.splitlines():
        item = json.loads(line)
        if "terminal" in item:
            hub.codes[item["terminal"]] = item["code"]
            hub.terminals.append(item["terminal"])
        elif "user" in item:
            hub.passwords[item["user"]] = item["password"]


def _wait_ready(process: subprocess.Popen, base_url: str) -> bool:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            if httpx.get(base_url + "/healthz", timeout=1.0).status_code == 200:
                return True
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    return False


def _start(hub: RunningHub, log_path: Path, workers: int, serve_args: Sequence[str] = ()) -> None:
    for _attempt in range(3):  # the free port may be taken between probe and bind
        port = free_port()
        log = log_path.open("ab")
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "hub",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                str(workers),
                *serve_args,
            ],
            cwd=ROOT,
            env=hub.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: workers are stopped with it
        )
        log.close()
        hub.base_url, hub.process = f"http://127.0.0.1:{port}", process
        if _wait_ready(process, hub.base_url):
            return
        _stop(process)
    raise RuntimeError(
        f"the hub did not start; see {log_path}:\n{log_path.read_text(errors='replace')[-3000:]}"
    )


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(STOP_TIMEOUT_S)


@contextmanager
def hub_process(
    data_dir: Path | None = None,
    *,
    database_url: str | None = None,
    content_module: str | None = None,
    env: Mapping[str, str] | None = None,
    workers: int = 1,
    serve_args: Sequence[str] = (),
) -> Iterator[RunningHub]:
    """Init + demo in a temp ``HUB_DATA``, then ``python -m hub serve`` on a free port; yields a :class:`RunningHub`."""
    with tempfile.TemporaryDirectory(prefix="hub-") as scratch:
        folder = Path(data_dir) / "hub-data" if data_dir else Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        process_env = {**os.environ, "HUB_DATA": str(folder), **(env or {})}
        process_env.pop("HUB_DATABASE_URL", None)
        if database_url:
            process_env["HUB_DATABASE_URL"] = database_url
        hub = RunningHub(base_url="", data_dir=folder, env=process_env)
        _seed(hub, content_module or default_content_module())
        _start(hub, folder / "serve.log", workers, serve_args)
        try:
            yield hub
        finally:
            _stop(hub.process)


@contextmanager
def hub_on_database(kind: str, data_dir: Path, **options) -> Iterator[tuple[RunningHub, str]]:
    """A real hub process on ``kind`` (``"sqlite"`` or ``"postgresql"``, a throw-away database):
    yields ``(hub, database_url)``; skips the test with the reason when no PostgreSQL answers."""
    if kind == "sqlite":
        with hub_process(data_dir, **options) as running:
            yield running, f"sqlite:///{running.data_dir / 'hub.db'}"
        return
    import pytest

    from tests.support import postgres

    problem = postgres.server_problem()
    if problem:
        pytest.skip(problem)
    with (
        postgres.temp_database() as url,
        hub_process(data_dir, database_url=url, **options) as running,
    ):
        yield running, url
