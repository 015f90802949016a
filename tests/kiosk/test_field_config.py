"""The config file a technician's commands share: ``--data DIR`` reads ``DIR/kiosk.toml``, global
options go before or after the command, and ``enroll`` writes the hub's address and key into it."""

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from kiosk.config import load_config
from kiosk.config_edit import set_strings, write_strings
from kiosk.errors import ConfigError
from tests.support.enroll_server import enroll_server, public_b64

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "deploy" / "terminal" / "kiosk.example.toml"


def clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("LEGAL_KIOSK_")}


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args],
        cwd=ROOT,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", '[hub]\nurl = "http://h"\n'),
        ('[ui]\nlanguage = "en"\n', '[ui]\nlanguage = "en"\n\n[hub]\nurl = "http://h"\n'),
        (
            '[hub]\n# note\nurl = ""\ntimeout_s = 3.0\n',
            '[hub]\n# note\nurl = "http://h"\ntimeout_s = 3.0\n',
        ),
        ("[hub]\ntimeout_s = 3.0\n\n[ui]\n", '[hub]\ntimeout_s = 3.0\nurl = "http://h"\n\n[ui]\n'),
        ('[hub] # the hub\n  url="old"  # old\n', '[hub] # the hub\nurl = "http://h"\n'),
    ],
)
def test_set_strings_replaces_or_adds_one_key(text, expected):
    assert set_strings(text, "hub", {"url": "http://h"}) == expected


def test_the_example_config_keeps_its_comments_and_gets_the_values(tmp_path):
    path = tmp_path / "kiosk.toml"
    path.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    write_strings(path, "hub", {"url": "https://hub.example.cn", "public_key": "S0VZ"})
    text = path.read_text(encoding="utf-8")
    assert text.count("\n") == EXAMPLE.read_text(encoding="utf-8").count("\n")
    assert "# Filled in by `legal-kiosk enroll" in text
    parsed = tomllib.loads(text)
    assert parsed["hub"]["url"] == "https://hub.example.cn"
    assert parsed["hub"]["public_key"] == "S0VZ"
    assert parsed["terminal"]["name"] == "示例终端（请修改）"


def test_a_broken_file_is_not_rewritten(tmp_path):
    path = tmp_path / "kiosk.toml"
    path.write_text("[hub\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        write_strings(path, "hub", {"url": "http://h"})
    assert path.read_text(encoding="utf-8") == "[hub\n"


def test_data_alone_selects_the_config_in_that_folder(tmp_path):
    (tmp_path / "kiosk.toml").write_text('[terminal]\nname = "新都区示例终端"\n', encoding="utf-8")
    config = load_config(data_dir=tmp_path, environ={})
    assert config.terminal.name == "新都区示例终端"
    assert config.source == tmp_path / "kiosk.toml"
    assert config.data_dir == tmp_path


@pytest.mark.parametrize("before", [True, False])
def test_global_options_before_or_after_the_command(tmp_path, before):
    (tmp_path / "kiosk.toml").write_text('[ui]\nlanguage = "en"\n', encoding="utf-8")
    options = ["--data", str(tmp_path)]
    args = [*options, "config-check"] if before else ["config-check", *options]
    result = cli(*args)
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert (shown["data_dir"], shown["ui"]["language"]) == (str(tmp_path), "en")
    assert shown["source"] == str(tmp_path / "kiosk.toml")


def test_an_option_after_the_command_wins_over_one_before(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    result = cli("--data", str(first), "config-check", "--data", str(second))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["data_dir"] == str(second)


def test_enroll_writes_hub_url_and_key_into_the_config_later_commands_read(tmp_path):
    key = public_b64()
    (tmp_path / "kiosk.toml").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    with enroll_server(key) as fake:
        result = cli("--data", str(tmp_path), "enroll", "--hub", fake.url + "/", "--code", "GOOD")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["config"] == str(tmp_path / "kiosk.toml")
    shown = json.loads(cli("config-check", "--data", str(tmp_path)).stdout)
    assert shown["hub"]["url"] == fake.url
    assert shown["hub"]["public_key"] is True
    assert tomllib.loads((tmp_path / "kiosk.toml").read_text("utf-8"))["hub"]["public_key"] == key


def test_enroll_creates_the_config_when_there_is_none(tmp_path):
    key = public_b64()
    with enroll_server(key) as fake:
        result = cli("enroll", "--hub", fake.url, "--code", "GOOD", "--data", str(tmp_path))
    assert result.returncode == 0, result.stderr
    config = load_config(data_dir=tmp_path, environ={})
    assert (config.hub.url, config.hub.public_key) == (fake.url, key)


def test_replace_moves_a_terminal_whose_config_holds_the_key_enroll_wrote(tmp_path):
    with enroll_server(public_b64()) as fake:
        assert (
            cli("enroll", "--hub", fake.url, "--code", "GOOD", "--data", str(tmp_path)).returncode
            == 0
        )
    other = public_b64()
    with enroll_server(other) as fake:
        refused = cli("enroll", "--hub", fake.url, "--code", "GOOD", "--data", str(tmp_path))
        assert refused.returncode == 1 and "--replace" in refused.stderr
        moved = cli(
            "enroll", "--hub", fake.url, "--code", "GOOD", "--replace", "--data", str(tmp_path)
        )
    assert moved.returncode == 0, moved.stderr
    assert load_config(data_dir=tmp_path, environ={}).hub.public_key == other
