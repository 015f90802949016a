"""`legal-hub` commands as real processes: init, create-user, import institutions, demo, enroll-code."""

from __future__ import annotations

import json
import os
import stat
import sys

import pytest
from sqlalchemy import select

from hub.core.config import HubSettings
from hub.core.db import make_engine, reading
from hub.core.migrate import head_revision
from hub.models.tables import enrollment_codes, institutions, users
from tests.support.hub_process import ROOT, run_cli

pytestmark = pytest.mark.slow
FIXTURE = "tests.support.hub_demo_fixture"


@pytest.fixture
def env(tmp_path):
    environment = {**os.environ, "HUB_DATA": str(tmp_path / "data")}
    environment.pop("HUB_DATABASE_URL", None)
    return environment


def lines(result) -> list[dict]:
    return [json.loads(line) for line in result.stdout.splitlines()]


def rows(env, query):
    engine = make_engine(HubSettings.from_env(env))
    try:
        with reading(engine) as conn:
            return conn.execute(query).all()
    finally:
        engine.dispose()


def test_init_is_idempotent_and_keeps_the_key_private(env, tmp_path):
    first = lines(run_cli("init", env=env))[0]
    assert first["revision"] == head_revision() and first["key_created"] is True  # video added 0002
    key = tmp_path / "data" / "keys" / "hub_signing_ed25519.pem"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    second = lines(run_cli("init", env=env))[0]
    assert second["key_created"] is False and second["public_key"] == first["public_key"]


def test_commands_refuse_an_uninitialised_hub(env):
    result = run_cli("enroll-code", "x", env=env, check=False)
    assert result.returncode == 1
    assert "run `legal-hub init`" in result.stderr


def test_create_user_reads_the_password_from_stdin(env):
    run_cli("init", env=env)
    created = run_cli(
        "create-user", "li", "--role", "editor", env=env, input_text="a-long-password\n"
    )
    assert lines(created)[0]["user"] == "li"
    assert [(r.username, r.role) for r in rows(env, select(users.c.username, users.c.role))] == [
        ("li", "editor")
    ]
    again = run_cli(
        "create-user",
        "li",
        "--role",
        "editor",
        env=env,
        input_text="a-long-password\n",
        check=False,
    )
    assert (again.returncode, again.stderr.strip()) == (
        1,
        "legal-hub create-user: user li exists already",
    )
    short = run_cli(
        "create-user", "wu", "--role", "viewer", env=env, input_text="short\n", check=False
    )
    assert short.stderr.strip() == "legal-hub create-user: password must have at least 8 characters"
    bad_role = run_cli(
        "create-user", "wu", "--role", "boss", env=env, input_text="x\n", check=False
    )
    assert bad_role.returncode == 2 and "invalid choice: 'boss'" in bad_role.stderr


CSV_GOOD = "一,legal_aid,甲法律援助中心,示例路 1 号,30.1,104.1,咨询;援助\n"
CSV_BAD = "二,bogus,乙,示例路 2 号,30.1,104.1,\n三,notary,丙公证处,示例路 3 号,north,104.1,\n"
HEADER = "id,type,name,address,lat,lng,services\n"


def test_import_with_bad_rows_imports_nothing(env, tmp_path):
    run_cli("init", env=env)
    path = tmp_path / "places.csv"
    path.write_text(
        HEADER + CSV_GOOD.replace("一", "i1") + CSV_BAD.replace("二", "i2").replace("三", "i3"),
        encoding="utf-8",
    )
    refused = run_cli("import", "institutions", str(path), env=env, check=False)
    assert refused.returncode == 1
    assert lines(refused) == [
        {
            "row": 3,
            "field": "type",
            "reason": "one_of",
            "error": "institutions.type: must be one of law_firm, legal_aid, notary, judicial_office, "
            "mediation, grassroots_legal_service, forensic",
        },
        {
            "row": 4,
            "field": "lat",
            "reason": "number",
            "error": "institutions.lat: must be a number",
        },
    ]
    assert "nothing imported" in refused.stderr
    assert rows(env, select(institutions.c.id)) == []
    skipped = run_cli("import", "institutions", str(path), "--skip-bad-rows", env=env)
    assert lines(skipped)[-1] == {"imported": 1, "skipped": 2}
    assert [tuple(r) for r in rows(env, select(institutions.c.id, institutions.c.services))] == [
        ("i1", ["咨询", "援助"])
    ]


def test_import_reports_a_bad_header(env, tmp_path):
    run_cli("init", env=env)
    path = tmp_path / "places.csv"
    path.write_text("id,kind,name\n", encoding="utf-8")
    result = run_cli("import", "institutions", str(path), env=env, check=False)
    assert lines(result) == [
        {
            "row": 1,
            "field": "",
            "reason": "missing_columns",
            "error": "missing columns: type, address, lat, lng",
        },
        {"row": 1, "field": "", "reason": "unknown_columns", "error": "unknown columns: kind"},
    ]


def test_demo_and_enroll_code(env):
    run_cli("init", env=env)
    output = lines(run_cli("demo", "--content-module", FIXTURE, env=env))
    terminals = [line for line in output if "terminal" in line]
    assert [t["terminal"] for t in terminals] == ["测试终端甲", "测试终端乙"]
    assert all(len(t["code"]) == 10 for t in terminals)
    assert sorted((u["user"], u["role"]) for u in output if "user" in u) == [
        ("admin", "admin"),
        ("adviser", "adviser"),
        ("editor", "editor"),
        ("viewer", "viewer"),
    ]
    code = lines(run_cli("enroll-code", "新终端", env=env))
    assert list(code[0]) == ["terminal", "code"] and code[0]["terminal"] == "新终端"
    rerun = lines(
        run_cli("demo", "--content-module", FIXTURE, env=env)
    )  # a second run gives fresh codes
    assert {t["code"] for t in rerun if "terminal" in t}.isdisjoint({t["code"] for t in terminals})


def test_python_dash_m_hub_shows_every_command(env):
    import subprocess

    result = subprocess.run(
        [sys.executable, "-m", "hub", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    for name in ("init", "serve", "create-user", "import", "demo", "enroll-code"):
        assert name in result.stdout


def test_every_command_is_documented():
    from hub.cli import command_modules

    docs = (ROOT / "docs" / "hub.md").read_text(encoding="utf-8")
    assert [name for name in command_modules() if f"legal-hub {name}" not in docs] == []


def test_import_reads_a_gb18030_file(env, tmp_path):
    run_cli("init", env=env)
    path = tmp_path / "places.csv"
    path.write_bytes((HEADER + CSV_GOOD.replace("一", "i1")).encode("gb18030"))
    result = run_cli("import", "institutions", str(path), env=env)
    assert lines(result)[-1] == {"imported": 1, "skipped": 0}
    assert [tuple(r) for r in rows(env, select(institutions.c.id, institutions.c.services))] == [
        ("i1", ["咨询", "援助"])
    ]


def test_enroll_code_is_logged_and_stored_as_issued_by_the_cli(env, caplog):
    """The operator's shell counts as an admin: its code re-enrolls a revoked terminal, and both
    the code and the re-enrollment are logged as issued by ``cli``."""
    from hub.core.db import writing
    from hub.crud.terminals import enroll, revoke_terminal, terminal_by_name

    run_cli("init", env=env)
    lines(run_cli("demo", "--content-module", FIXTURE, env=env))
    engine = make_engine(HubSettings.from_env(env))
    try:
        with writing(engine) as conn:
            terminal_id = terminal_by_name(conn, "测试终端甲")["id"]
            revoke_terminal(conn, terminal_id=terminal_id, revoked_by="admin")
        issued = run_cli("enroll-code", "测试终端甲", env=env)
        assert f"enrollment code for revoked terminal {terminal_id} issued by cli" in issued.stderr
        with caplog.at_level("WARNING", logger="hub.crud.terminals"), writing(engine) as conn:
            assert enroll(conn, code=lines(issued)[0]["code"]) is not None
    finally:
        engine.dispose()
    assert any(
        f"revoked terminal {terminal_id} re-enrolled with a code issued by cli" in r.getMessage()
        for r in caplog.records
    )
    fresh = run_cli("enroll-code", "新终端", env=env)
    assert "issued by cli" in fresh.stderr
    assert sorted(rows(env, select(enrollment_codes.c.issued_by).distinct())) == [
        ("cli",),
        ("demo",),
    ]
