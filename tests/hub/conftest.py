"""Fixtures for hub tests: a migrated database on SQLite or real PostgreSQL, seeded, and a client.

Tests that take ``hub_env`` (or anything built on it) run twice: ``[sqlite]`` on a temp file and
``[postgresql]`` on a throw-away database cloned from a migrated template (skipped with the reason
when no server is reachable).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from hub.core.config import HubSettings
from hub.core.db import make_engine, writing
from hub.core.migrate import upgrade
from hub.core.security import generate_signing_key
from hub.crud.demo import DemoResult, seed_demo
from hub.crud.records import save_adviser
from hub.main import create_app
from tests.support import hub_demo_fixture, postgres
from tests.support.hub_terminals import enroll
from tests.support.zones import SHANGHAI


def _seed(engine: Engine) -> DemoResult:
    upgrade(engine)
    with writing(engine) as conn:
        return seed_demo(conn, hub_demo_fixture, zone=SHANGHAI)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> tuple[Path, DemoResult]:
    """A migrated and seeded SQLite file, copied for each test (seeding hashes passwords: slow)."""
    folder = tmp_path_factory.mktemp("hub-template")
    engine = make_engine(HubSettings(data_dir=folder))
    result = _seed(engine)
    engine.dispose()
    return folder / "hub.db", result


@pytest.fixture(scope="session")
def pg_template() -> tuple[str, DemoResult]:
    """A migrated and seeded PostgreSQL database used as TEMPLATE for each test's database."""
    problem = postgres.server_problem()
    if problem:
        pytest.skip(problem)
    url = postgres.create_database()
    engine = make_engine(HubSettings(database_url=url))
    result = _seed(engine)
    engine.dispose()
    yield url.rsplit("/", 1)[1], result
    postgres.drop_database(url)


@dataclass
class HubEnv:
    settings: HubSettings
    engine: Engine
    demo: DemoResult


def _copy_sqlite(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def hub_env(request, tmp_path) -> HubEnv:
    """A seeded hub database of its own for one test, on SQLite or PostgreSQL, plus a signing key."""
    url = ""
    if request.param == "postgresql":
        template, result = request.getfixturevalue("pg_template")
        url = postgres.create_database(template)
        request.addfinalizer(lambda: postgres.drop_database(url))
    else:
        source, result = request.getfixturevalue("sqlite_template")
        _copy_sqlite(source, tmp_path / "hub" / "hub.db")
    settings = HubSettings.from_env({}, data_dir=tmp_path / "hub", database_url=url)
    engine = make_engine(settings)
    request.addfinalizer(engine.dispose)
    generate_signing_key(settings)
    return HubEnv(settings=settings, engine=engine, demo=result)


@pytest.fixture
def demo(hub_env) -> DemoResult:
    """Codes and passwords of the seeded demo (the same in every test's copy)."""
    return hub_env.demo


@pytest.fixture
def client(hub_env, demo) -> TestClient:
    with TestClient(create_app(hub_env.settings, engine=hub_env.engine)) as test_client:
        yield test_client


@pytest.fixture
def terminal(client, demo) -> dict:
    """The first demo terminal, enrolled: ``{"terminal_id", "token", "public_key", "headers"}``."""
    enrolled = enroll(client, demo.codes[hub_demo_fixture.DEMO_TERMINALS[0]["name"]])
    return {**enrolled, "headers": {"Authorization": f"Bearer {enrolled['token']}"}}


@pytest.fixture
def other_terminal(client, demo) -> dict:
    enrolled = enroll(client, demo.codes[hub_demo_fixture.DEMO_TERMINALS[1]["name"]])
    return {**enrolled, "headers": {"Authorization": f"Bearer {enrolled['token']}"}}


WEEKDAYS = [{"weekday": d, "start": "09:00", "end": "12:00"} for d in range(5)]


@pytest.fixture
def office_adviser(hub_env):
    with writing(hub_env.engine) as conn:
        save_adviser(
            conn,
            {
                "id": "adv-office",
                "name": "赵律师（示例）",
                "title": "律师",
                "institution_id": None,
                "serves": [],
                "duty_hours": WEEKDAYS,
                "phone": "",
                "updated_at": "2025-09-01T00:00:00+08:00",
            },
        )
    return "adv-office"
