"""The built wheel, installed as a terminal and as a hub in fresh virtual environments.

Not the editable checkout: catalogs, kv files, demo data and templates must be package data, and
each extra must bring what its part needs and nothing of the other part. The installs take their
versions from the lock files, as deploy/terminal/install.sh and deploy/hub/install.sh do.
"""

from __future__ import annotations

import json
import subprocess
import zipfile
from pathlib import Path

import pytest

from tests.support.wheel_venv import build_wheel, clean_env, install, run

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow

TERMINAL_ONLY = ("kivy", "jieba", "escpos", "pyttsx3", "sqlite_utils")
HUB_ONLY = ("fastapi", "sqlalchemy", "psycopg", "alembic", "uvicorn")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    return build_wheel(tmp_path_factory.mktemp("wheel"))


def importable(venv: Path, modules: tuple[str, ...]) -> list[str]:
    code = (
        "import importlib.util, json, sys\n"
        f"print(json.dumps([m for m in {list(modules)!r} if importlib.util.find_spec(m)]))\n"
    )
    return json.loads(run(venv / "bin/python", "-c", code, env=clean_env()).stdout)


def test_the_wheel_carries_its_package_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "assets/locale/zh_CN/doctor.json",
        "assets/locale/en/records.json",
        "contract/demo/data/terminals.json",
        "contract/demo/data/articles/labour.json",
        "contract/demo/synthetic_words.json",
        "screens/home.kv",
        "screens/widgets/theme.kv",
        "hub/admin/templates/base.html",
        "hub/static/admin.css",
        "hub/migrations/env.py",
    ):
        assert needed in names, needed
    assert not any(n.startswith(("tests/", "bench/", "offline_cache/")) for n in names)


def test_a_terminal_install_searches_and_runs_the_doctor_in_chinese(tmp_path, wheel):
    venv = install(tmp_path, wheel, "kiosk")
    assert importable(venv, HUB_ONLY) == []
    assert importable(venv, TERMINAL_ONLY) == list(TERMINAL_ONLY)
    data = tmp_path / "terminal-data"
    cli = venv / "bin/legal-kiosk"
    env = clean_env()
    run(cli, "demo-data", "--data", data, env=env, cwd=tmp_path)
    found = json.loads(run(cli, "search", "离婚", "--data", data, "--json", env=env).stdout)
    assert found["query"] == "离婚" and found["results"], found
    doctor = subprocess.run(
        [cli, "doctor", "--data", data], capture_output=True, text=True, env=env, timeout=300
    )
    assert "自检" in doctor.stdout, doctor.stdout + doctor.stderr
    raw_keys = [line for line in doctor.stdout.splitlines() if "doctor." in line]
    assert raw_keys == []
    commands = run(cli, "--help", env=env).stdout
    assert "run" in commands and "screenshot" in commands  # registered from screens/


def test_a_hub_install_initialises_and_seeds_the_demo(tmp_path, wheel):
    venv = install(tmp_path, wheel, "hub")
    assert importable(venv, TERMINAL_ONLY) == []
    assert importable(venv, HUB_ONLY) == list(HUB_ONLY)
    env = clean_env(HUB_DATA=str(tmp_path / "hub-data"))
    cli = venv / "bin/legal-hub"
    run(cli, "init", env=env, cwd=tmp_path)
    lines = [
        json.loads(line) for line in run(cli, "demo", env=env, cwd=tmp_path).stdout.splitlines()
    ]
    terminals = [line for line in lines if "terminal" in line]
    assert len(terminals) == 5 and all(len(t["code"]) == 10 for t in terminals)
    # The signing-key rotation of docs/hub-deploy.md, from the installed wheel in a clean shell:
    # with no terminal enrolled nobody lags, so the switch goes through without --force.
    announced = json.loads(run(cli, "key", "announce", env=env, cwd=tmp_path).stdout)
    assert announced["created"] and len(announced["next"]["key_id"]) == 16
    status = json.loads(run(cli, "key", "status", env=env, cwd=tmp_path).stdout)
    assert status["next"] == announced["next"] and status["lagging"] == []
    switched = json.loads(run(cli, "key", "switch", env=env, cwd=tmp_path).stdout)
    assert switched == {"current": announced["next"]["key_id"], "forced": False, "lagging": []}
    forgotten = json.loads(run(cli, "key", "forget-previous", env=env, cwd=tmp_path).stdout)
    assert forgotten == {"forgotten": status["current"]["key_id"]}
