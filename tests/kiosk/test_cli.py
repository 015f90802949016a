import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_cli(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def test_config_check_prints_values(tmp_path):
    result = run_cli("config-check", "--data", str(tmp_path))
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["data_dir"] == str(tmp_path)
    assert shown["ui"]["language"] == "zh_CN"


def test_bad_config_stops_with_the_key_named(tmp_path):
    bad = tmp_path / "kiosk.toml"
    bad.write_text("[ui]\nlanguage = 'xx'\n", encoding="utf-8")
    result = run_cli("config-check", "--config", str(bad))
    assert result.returncode == 2
    assert "ui.language" in result.stderr and str(bad) in result.stderr


def test_every_command_is_documented_in_the_readme():
    from kiosk.cli import command_modules

    readme = (ROOT / "README.md").read_text(encoding="utf-8") + "".join(
        p.read_text(encoding="utf-8") for p in (ROOT / "docs").glob("*.md")
    )
    missing = [name for name in command_modules() if f"legal-kiosk {name}" not in readme]
    assert missing == []
