"""deploy/hub: the nginx site passes `nginx -t`, PostgreSQL set-up on the real server, and
backup + restore round trips on real PostgreSQL and SQLite databases."""

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import uuid

import pytest

from tests.support.deploy_scripts import DEPLOY, ROOT, nginx_site

HUB = DEPLOY / "hub"
PG_ADMIN = {"PGHOST": "127.0.0.1", "PGPORT": "5432", "PGUSER": "postgres", "PGPASSWORD": "postgres"}


@pytest.fixture
def nginx():
    path = shutil.which("nginx") or "/usr/sbin/nginx"
    if not os.path.exists(path):
        pytest.skip("nginx is not installed (deploy/dev/apt-packages.txt lists nginx-light)")
    return path


def test_nginx_accepts_the_site(nginx, tmp_path):
    conf = nginx_site(tmp_path)
    result = subprocess.run([nginx, "-t", "-c", str(conf), "-e", str(tmp_path / "error.log")],
                            capture_output=True, text=True, timeout=60)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr and "test is successful" in result.stderr


def test_the_site_limits_requests_per_address():
    """``limit_req`` at server level (inherited by the API, content and media locations) and a
    tighter one on the staff login, both answering 429 (hub/core/ratelimit.py points here)."""
    site = (HUB / "nginx-legal-hub.conf").read_text(encoding="utf-8")
    assert "limit_req_zone $binary_remote_addr zone=legal_hub_per_address:10m rate=20r/s;" in site
    assert "limit_req_zone $binary_remote_addr zone=legal_hub_login:10m rate=30r/m;" in site
    tls_server = site.split("listen 443 ssl http2;", 1)[1]
    server_level = tls_server.split("\n    location ", 1)[0]
    assert "limit_req zone=legal_hub_per_address burst=400 nodelay;" in server_level
    assert "limit_req_status 429;" in server_level
    login = tls_server.split("location = /admin/login {", 1)[1].split("}", 1)[0]
    assert "limit_req zone=legal_hub_login burst=20 nodelay;" in login
    for location in tls_server.split("location ")[1:]:
        assert "limit_req off" not in location


def test_nginx_rejects_a_broken_site(nginx, tmp_path):
    conf = nginx_site(tmp_path)
    site = tmp_path / "site.conf"
    site.write_text(
        site.read_text().replace("proxy_cache legal_hub_cache;", "proxy_cache no_such_zone;", 1)
    )
    result = subprocess.run([nginx, "-t", "-c", str(conf), "-e", str(tmp_path / "error.log")],
                            capture_output=True, text=True, timeout=60)  # fmt: skip
    assert result.returncode != 0 and "no_such_zone" in result.stderr


def psql(sql, *, db="postgres", user="postgres"):
    env = {**os.environ, **PG_ADMIN, "PGUSER": user, "PGDATABASE": db}
    return subprocess.run(["psql", "-X", "-tA", "-v", "ON_ERROR_STOP=1", "-c", sql],
                          capture_output=True, text=True, timeout=60, env=env)  # fmt: skip


@pytest.fixture
def pg_names():
    if psql("select 1").returncode != 0:
        pytest.skip("no PostgreSQL on 127.0.0.1:5432")
    name = "lk_deploy_" + uuid.uuid4().hex[:10]
    yield name
    psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    psql(f"DROP DATABASE IF EXISTS {name}_restored WITH (FORCE)")
    psql(f"DROP ROLE IF EXISTS {name}")


def setup_pg(name, *extra):
    return subprocess.run(
        ["bash", str(HUB / "postgres-setup.sh"), "--host", "127.0.0.1", "--db", name, "--user", name, *extra],
        capture_output=True, text=True, timeout=120, cwd=ROOT, env={**os.environ, "PGPASSWORD": "postgres"},
    )  # fmt: skip


def test_postgres_setup_creates_role_and_database_once(pg_names):
    first = setup_pg(pg_names, "--password", "s3cret")
    assert first.returncode == 0, first.stderr
    assert (
        f"HUB_DATABASE_URL=postgresql+psycopg://{pg_names}:s3cret@127.0.0.1:5432/{pg_names}"
        in first.stdout
    )
    owner = psql(f"SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = '{pg_names}'")
    assert owner.stdout.strip() == pg_names
    # The new role can create tables in its database (PostgreSQL 15 locks down "public").
    assert psql("CREATE TABLE t (id int); DROP TABLE t", db=pg_names, user=pg_names).returncode == 0
    second = setup_pg(pg_names)
    assert second.returncode == 0 and "+ CREATE" not in second.stdout
    assert f"role {pg_names} exists" in second.stdout and "PASSWORD@" in second.stdout


def test_postgres_setup_refuses_odd_names():
    result = subprocess.run(["bash", str(HUB / "postgres-setup.sh"), "--db", "x; drop"],
                            capture_output=True, text=True, timeout=30)  # fmt: skip
    assert result.returncode == 2 and "not a plain PostgreSQL name" in result.stderr


def run_script(name, *args, env):
    return subprocess.run(["bash", str(HUB / name), *map(str, args)], capture_output=True, text=True,
                          timeout=300, env={"PATH": os.environ["PATH"], **env})  # fmt: skip


def hub_files(data):
    (data / "keys").mkdir(parents=True)
    (data / "keys" / "hub_signing_ed25519.pub").write_text("cHVibGljIGtleQ==\n")
    (data / "media").mkdir()
    (data / "media" / ("ab" * 32)).write_bytes(b"\x89PNG media bytes")
    (data / "work_log_photos" / "thumbs").mkdir(parents=True)
    (data / "work_log_photos" / ("cd" * 32)).write_bytes(b"\xff\xd8\xff sign-in sheet")


def test_backup_and_restore_on_postgresql(pg_names, tmp_path):
    assert setup_pg(pg_names, "--password", "pw").returncode == 0
    url = f"postgresql+psycopg://{pg_names}:pw@127.0.0.1:5432/{pg_names}"
    assert psql("CREATE TABLE articles (id text primary key, title text);"
                "INSERT INTO articles VALUES ('a1', '离婚怎么办'), ('a2', '工资被拖欠')",
                db=pg_names, user=pg_names).returncode == 0  # fmt: skip
    data = tmp_path / "hub_data"
    hub_files(data)
    env = {"HUB_DATA": str(data), "HUB_DATABASE_URL": url}
    made = run_script("backup.sh", tmp_path / "backups", env=env)
    assert made.returncode == 0, made.stderr
    dump, files = made.stdout.split()
    assert dump.endswith(".dump") and files.endswith(".tar.gz")
    assert "pw" not in made.stdout + made.stderr

    # Disaster: rows changed, a table dropped, the key lost.
    psql(
        "DELETE FROM articles WHERE id = 'a1'; UPDATE articles SET title = 'x'",
        db=pg_names,
        user=pg_names,
    )
    (data / "keys" / "hub_signing_ed25519.pub").unlink()
    (data / "work_log_photos" / ("cd" * 32)).unlink()
    restored = run_script("restore.sh", "--yes", dump, files, env=env)
    assert restored.returncode == 0, restored.stderr
    rows = psql("SELECT id || '=' || title FROM articles ORDER BY id", db=pg_names, user=pg_names)
    assert rows.stdout.split() == ["a1=离婚怎么办", "a2=工资被拖欠"]
    assert (data / "keys" / "hub_signing_ed25519.pub").read_text() == "cHVibGljIGtleQ==\n"
    assert (data / "work_log_photos" / ("cd" * 32)).read_bytes() == b"\xff\xd8\xff sign-in sheet"


def test_backup_and_restore_on_sqlite(tmp_path):
    data = tmp_path / "hub_data"
    hub_files(data)
    conn = sqlite3.connect(data / "hub.db")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE terminals (name TEXT)")
    conn.execute("INSERT INTO terminals VALUES ('示例终端')")
    conn.commit()  # the connection stays open: the backup runs while the "hub" has it
    made = run_script("backup.sh", tmp_path / "backups", env={"HUB_DATA": str(data)})
    assert made.returncode == 0, made.stderr
    dump, files = made.stdout.split()
    assert sorted(p.name.rsplit("-", 1)[0] for p in (tmp_path / "backups").iterdir()) == [
        "hub",
        "hub",
        "hub-files",
    ]
    conn.execute("DELETE FROM terminals")
    conn.commit()
    conn.close()
    restored = run_script("restore.sh", "--yes", dump, env={"HUB_DATA": str(data)})
    assert restored.returncode == 0, restored.stderr
    assert sqlite3.connect(data / "hub.db").execute("SELECT name FROM terminals").fetchall() == [
        ("示例终端",)
    ]


def test_restore_refuses_a_backup_that_does_not_match_its_checksum(tmp_path):
    data = tmp_path / "hub_data"
    hub_files(data)
    sqlite3.connect(data / "hub.db").execute("CREATE TABLE t (x)").connection.commit()
    made = run_script("backup.sh", tmp_path / "b", env={"HUB_DATA": str(data)})
    dump = made.stdout.split()[0]
    with open(dump, "ab") as handle:
        handle.write(b"tampered")
    refused = run_script("restore.sh", "--yes", dump, env={"HUB_DATA": str(data)})
    assert refused.returncode != 0 and "FAILED" in refused.stdout + refused.stderr


def hub_cli(*args, env):
    return subprocess.run([sys.executable, "-m", "hub", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, env={**os.environ, **env})  # fmt: skip


@pytest.mark.slow
def test_real_hub_on_the_set_up_database_survives_backup_and_restore(pg_names, tmp_path):
    """postgres-setup.sh → legal-hub init (Alembic) + demo → backup → damage → restore → init again."""
    assert setup_pg(pg_names, "--password", "pw").returncode == 0
    env = {"HUB_DATA": str(tmp_path / "hub_data"),
           "HUB_DATABASE_URL": f"postgresql+psycopg://{pg_names}:pw@127.0.0.1:5432/{pg_names}"}  # fmt: skip
    init = hub_cli("init", env=env)
    assert init.returncode == 0, init.stderr
    revision = json.loads(init.stdout)["revision"]
    assert hub_cli("demo", env=env).returncode == 0
    count = "SELECT (SELECT count(*) FROM articles) || ' ' || (SELECT count(*) FROM terminals)"
    before = psql(count, db=pg_names, user=pg_names).stdout.strip()
    assert before.split()[0] != "0"

    made = run_script("backup.sh", tmp_path / "backups", env=env)
    assert made.returncode == 0, made.stderr
    dump, files = made.stdout.split()
    psql("TRUNCATE articles CASCADE; DELETE FROM terminals", db=pg_names, user=pg_names)
    assert psql(count, db=pg_names, user=pg_names).stdout.strip() != before
    restored = run_script("restore.sh", "--yes", dump, files, env=env)
    assert restored.returncode == 0, restored.stderr
    assert psql(count, db=pg_names, user=pg_names).stdout.strip() == before
    again = hub_cli("init", env=env)
    assert again.returncode == 0 and json.loads(again.stdout)["revision"] == revision
    assert json.loads(again.stdout)["key_created"] is False


def run_hub_install(*args):
    return subprocess.run(["bash", str(HUB / "install.sh"), *map(str, args)], capture_output=True, text=True,
                          timeout=300, cwd=ROOT)  # fmt: skip


def test_hub_install_dry_run_then_real_run_then_nothing_to_do(tmp_path, nginx):
    from tests.support.deploy_scripts import actions, snapshot

    root = tmp_path / "root"
    root.mkdir()
    dry = run_hub_install("--dry-run", "--root", root, "--instances", "8348,8349,8350")
    assert dry.returncode == 0, dry.stderr
    assert list(root.iterdir()) == []
    assert f"systemctl --root={root} enable legal-hub@8350.service" in actions(dry.stdout)

    real = run_hub_install(
        "--root", root, "--instances", "8348,8349,8350", "--server-name", "hub.xd.example.cn"
    )
    assert real.returncode == 0, real.stderr
    assert actions(real.stdout) == [a for a in actions(dry.stdout)]
    env = (root / "etc/legal-hub/hub.env").read_text()
    assert (
        "HUB_DATA=/var/lib/legal-hub" in env
        and oct((root / "etc/legal-hub/hub.env").stat().st_mode)[-3:] == "640"
    )
    assert (
        root / "opt/legal-hub/app/deploy/hub/backup.sh"
    ).exists()  # the backup unit runs it from there
    wants = root / "etc/systemd/system/legal-hub.target.wants"
    assert sorted(p.name for p in wants.iterdir()) == [
        "legal-hub-init.service", "legal-hub@8348.service", "legal-hub@8349.service", "legal-hub@8350.service"
    ]  # fmt: skip
    site = (root / "etc/nginx/sites-available/legal-hub").read_text()
    assert site.count("server 127.0.0.1:8350;") == 2 and "server_name hub.xd.example.cn;" in site
    assert os.readlink(root / "etc/nginx/sites-enabled/legal-hub") == "../sites-available/legal-hub"
    checked = subprocess.run([nginx, "-t", "-c", str(nginx_site(tmp_path, site=site)), "-e", str(tmp_path / "e.log")],
                             capture_output=True, text=True, timeout=60)  # fmt: skip
    assert checked.returncode == 0, checked.stderr

    before = snapshot(root)
    again = run_hub_install("--root", root, "--instances", "8348,8349,8350")
    assert again.returncode == 0 and actions(again.stdout) == []
    assert snapshot(root) == before


def test_hub_install_refuses_bad_instance_ports(tmp_path):
    result = run_hub_install("--root", tmp_path, "--instances", "8348;rm")
    assert result.returncode == 2 and "--instances" in result.stderr
