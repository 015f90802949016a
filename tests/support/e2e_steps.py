"""Steps of the end-to-end tests: a terminal CLI enrolled and synced against a real hub, a guide edited on the hub, the cache read back."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


CONTENT_TABLES = ("categories", "articles", "institutions", "advisers", "announcements", "media")


def kiosk_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEGAL_KIOSK_")}
    env.update({"LEGAL_KIOSK_DATA": str(data_dir), **extra})
    return env


def kiosk_cli(
    data_dir: Path, *args: str, check: bool = True, timeout: float = 120, **extra_env: str
) -> subprocess.CompletedProcess:
    """Run ``legal-kiosk ARGS --data DATA`` as its own process."""
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", *args[:1], "--data", str(data_dir), *args[1:]],
        cwd=ROOT,
        env=kiosk_env(data_dir, **extra_env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if check and result.returncode != 0:
        raise AssertionError(
            f"legal-kiosk {' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
        )
    return result


def enroll(hub, data_dir: Path, terminal: str | None = None, *, cli: bool = True) -> dict:
    """Enroll a kiosk data folder with a fresh code of a demo terminal: by the CLI, as a
    technician does, or in this process (faster, same code path below the command)."""
    name = terminal or hub.terminals[0]
    code = hub.new_code(name)
    data_dir.mkdir(parents=True, exist_ok=True)
    if cli:
        return json.loads(
            kiosk_cli(data_dir, "enroll", "--hub", hub.base_url, "--code", code).stdout
        )
    import requests

    from kiosk.hublink.client import HubClient
    from kiosk.hublink.enrollment import enroll as enroll_terminal

    return enroll_terminal(
        HubClient(hub.base_url, session=requests.Session()), data_dir=data_dir, code=code
    ).public()


def sync(data_dir: Path, hub_url: str | None = None, *, check: bool = True) -> dict:
    extra = {"LEGAL_KIOSK_HUB_URL": hub_url} if hub_url else {}
    result = kiosk_cli(data_dir, "sync", check=False, **extra)
    if check and result.returncode != 0:
        raise AssertionError(f"sync failed: {result.stdout}\n{result.stderr}")
    return json.loads(result.stdout)


EDIT_GUIDE = """
import json, sys, time
from hub.core.config import HubSettings
from hub.core.db import make_engine, writing
from hub.crud.publish import publish
from hub.crud.records import save_article
from hub.models.tables import articles
from sqlalchemy import select
changes = json.loads(sys.argv[1])
settings = HubSettings.from_env()
engine = make_engine(settings)
with writing(engine) as conn:
    row = dict(conn.execute(select(articles).where(articles.c.id == changes["id"])).mappings().one())
    record = {k: row[k] for k in ("id", "category_id", "title", "summary", "body", "tags", "law_refs", "media")}
    record.update(changes)
    record.pop("updated_at", None)
    save_article(conn, record)
    version = publish(conn, zone=settings.zone, note="e2e edit")
# A serving hub re-reads the latest version at most once per VERSION_TTL_S: wait that out.
from hub.api.routes.content import VERSION_TTL_S
time.sleep(VERSION_TTL_S + 0.1)
print(version)
"""


def edit_guide(hub, article_id: str, **changes: object) -> int:
    """An editor changes a published guide and publishes (the hub's own crud functions)."""
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            EDIT_GUIDE,
            json.dumps({"id": article_id, **changes}, ensure_ascii=False),
        ],
        cwd=ROOT,
        env=hub.env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return int(result.stdout.strip().splitlines()[-1])


def hub_rows(hub, sql: str, params=()) -> list[tuple]:
    """Read the hub's SQLite database directly (what staff reports are built from)."""
    with sqlite3.connect(hub.data_dir / "hub.db", timeout=30) as db:
        return db.execute(sql, params).fetchall()


def fingerprint(data_dir: Path) -> tuple[int, str]:
    """The content version and a digest of every content table, read with plain sqlite3."""
    with sqlite3.connect(data_dir / "content.db", timeout=30) as db:
        version = db.execute("SELECT value FROM meta WHERE key = 'content_version'").fetchone()
        digest = hashlib.sha256()
        for table in CONTENT_TABLES:
            for row in db.execute(f"SELECT * FROM {table} ORDER BY id"):
                digest.update(repr(row).encode())
    return (int(version[0]) if version else 0, digest.hexdigest())


def integrity(data_dir: Path) -> str:
    with sqlite3.connect(data_dir / "content.db", timeout=30) as db:
        return db.execute("PRAGMA integrity_check").fetchone()[0]


def all_bytes(folder: Path) -> bytes:
    """Every byte of every file under ``folder`` (databases, -wal/-shm, logs, Kivy's folder …)."""
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def stop_hub(hub) -> None:
    """Stop the hub process (the terminal is now offline)."""
    from tests.support import hub_process as support

    support._stop(hub.process)


def start_hub(hub) -> str:
    """Start the same hub (same data) again; it may come back on another port. Returns its URL."""
    from tests.support import hub_process as support

    support._start(hub, hub.data_dir / "serve.log", 1)
    return hub.base_url


def sync_here(data_dir: Path, hub_url: str, **hub_settings: str) -> dict:
    """The same round as ``legal-kiosk sync``, in this process (jieba loads once per test run)."""
    from kiosk.config import load_config
    from kiosk.hublink.link import build_hub_link
    from kiosk.store import ContentStore

    environ = {
        "LEGAL_KIOSK_HUB_URL": hub_url,
        **{f"LEGAL_KIOSK_HUB_{k.upper()}": v for k, v in hub_settings.items()},
    }
    config = load_config(data_dir=data_dir, environ=environ)
    store = ContentStore.open(data_dir)
    link = build_hub_link(config, store=store, background_sink=False)
    try:
        return link.sync_round()
    finally:
        link.close()
        store.close()


def deliver_usage(data_dir: Path, hub_url: str, write) -> dict:
    """Record usage as the screens do and deliver it: ``write(make_telemetry)`` records events
    (``make_telemetry(clock=None)`` gives a Telemetry on the terminal's outbox), then one sync round
    sends them to the hub. Returns the round's result."""
    from kiosk.config import load_config
    from kiosk.hublink.link import build_hub_link
    from kiosk.outbox.telemetry import Telemetry
    from kiosk.store import ContentStore

    config = load_config(data_dir=data_dir, environ={"LEGAL_KIOSK_HUB_URL": hub_url})
    store = ContentStore.open(data_dir)
    link = build_hub_link(config, store=store, background_sink=False)
    try:
        write(lambda clock=None: Telemetry(link.sink, clock=clock))
        link.sink.flush()
        return link.sync_round()
    finally:
        link.close()
        store.close()
