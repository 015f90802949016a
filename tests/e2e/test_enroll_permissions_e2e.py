"""``legal-kiosk enroll`` where the installer left the config to root (issue 14): the command, run
without privilege in a clean environment (no ``LEGAL_KIOSK_*``) against a real hub process,
checks every file it will write *before* it redeems the one-time code. Refused, it names the file
and what to do (sudo, or the technician), exits non-zero and leaves the hub untouched: the same
code then enrolls the terminal once the file may be written. A config the kiosk user may rewrite
in place (folder root's, file group-writable) is enough.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.e2e_steps import ROOT, hub_rows
from tests.support.hub_process import hub_process
from tests.support.unprivileged import check_unprivileged_can_be_refused, read_only, unprivileged

pytestmark = pytest.mark.e2e

CONFIG_TEXT = '[terminal]\nname = "示例终端"\n# 安装时写入的说明\n'


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    with hub_process(tmp_path_factory.mktemp("hub-enroll-perm")) as running:
        yield running


@pytest.fixture
def site(tmp_path):
    """``etc/kiosk.toml`` (as the installer leaves it) and an empty ``data`` folder."""
    check_unprivileged_can_be_refused(tmp_path)
    etc, data = tmp_path / "etc", tmp_path / "data"
    etc.mkdir()
    data.mkdir()
    (etc / "kiosk.toml").write_text(CONFIG_TEXT, encoding="utf-8")
    yield etc / "kiosk.toml", data
    for folder in (etc, data):  # let pytest clean up
        folder.chmod(0o755)


def enroll_unprivileged(hub, config: Path, data: Path, code: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEGAL_KIOSK_")}
    argv = [sys.executable, "-m", "kiosk", "enroll", "--config", str(config), "--data", str(data)]
    return subprocess.run(
        unprivileged([*argv, "--hub", hub.base_url, "--code", code]),
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def code_used(hub, code: str) -> bool:
    import hashlib

    digest = hashlib.sha256(code.encode()).hexdigest()
    (used,) = hub_rows(hub, "SELECT used_at FROM enrollment_codes WHERE code_hash = ?", (digest,))
    return used[0] is not None


@pytest.mark.parametrize("refusing", ["config", "data"])
def test_a_file_it_may_not_write_stops_enroll_before_the_code_is_used(hub, site, refusing):
    config, data = site
    code = hub.new_code(hub.terminals[0])
    if refusing == "config":  # /etc/legal-kiosk and kiosk.toml belong to root, mode 0755/0644
        read_only(config)
        read_only(config.parent)
        named = config
    else:
        read_only(data)
        named = data / "enrollment.json"

    refused = enroll_unprivileged(hub, config, data, code)
    assert refused.returncode != 0, refused.stdout
    assert f"无法写入 {named}" in refused.stderr and "sudo" in refused.stderr, refused.stderr
    assert "Traceback" not in refused.stderr
    assert not code_used(hub, code)
    assert not (data / "enrollment.json").exists()
    assert config.read_text(encoding="utf-8") == CONFIG_TEXT

    config.parent.chmod(0o755)  # the technician ran it with sudo / fixed the owner
    config.chmod(0o644)
    data.chmod(0o755)
    done = enroll_unprivileged(hub, config, data, code)
    assert done.returncode == 0, done.stderr
    assert code_used(hub, code)
    answer = json.loads(done.stdout)
    assert (
        json.loads((data / "enrollment.json").read_text())["terminal_id"] == answer["terminal_id"]
    )
    written = config.read_text(encoding="utf-8")
    assert f'url = "{hub.base_url}"' in written and "# 安装时写入的说明" in written


def test_a_config_the_kiosk_user_may_rewrite_in_place_is_enough(hub, site):
    config, data = site
    read_only(config.parent)  # the folder is root's; the file is writable for the kiosk user
    done = enroll_unprivileged(hub, config, data, hub.new_code(hub.terminals[0]))
    assert done.returncode == 0, done.stderr
    assert f'url = "{hub.base_url}"' in config.read_text(encoding="utf-8")
