"""``legal-kiosk screenshot`` pointed at a live terminal's data folder, as the guides suggest:
every picture is made, and the folder (outbox, content, enrollment, config) is left exactly as
it was, even with an empty category listed first."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.kiosk_folder import seed_demo, write_config

pytestmark = [pytest.mark.ui, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (links not followed) by relative path → sha256."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            found[str(path.relative_to(folder))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def live_folder(data_dir: Path) -> None:
    from kiosk.outbox import Outbox

    write_config(data_dir, seed_demo(data_dir))
    db = sqlite3.connect(data_dir / "content.db")
    try:
        with db:
            db.execute(
                "INSERT INTO categories (id, name, name_en, icon, sort) "
                "VALUES ('empty-first', '新栏目', 'New section', '', -1)"
            )
    finally:
        db.close()
    (data_dir / "enrollment.json").write_text(
        json.dumps(
            {
                "hub_url": "http://127.0.0.1:9",
                "terminal_id": "t-live",
                "token": "live-token",
                "public_key": "",
                "enrolled_at": 0.0,
            }
        ),
        encoding="utf-8",
    )
    outbox = Outbox.open(data_dir)
    try:
        outbox.event("session_start", {})
    finally:
        outbox.close()


def test_the_tour_leaves_a_live_data_folder_untouched(tmp_path):
    data, out = tmp_path / "live", tmp_path / "shots"
    data.mkdir()
    live_folder(data)
    before = snapshot(data)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LEGAL_KIOSK_", "KIVY_"))}
    env.pop("DISPLAY", None)  # the command starts its own virtual screen, as on a terminal
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "kiosk",
            "--data",
            str(data),
            "screenshot",
            "--out",
            str(out),
            "--lang",
            "zh_CN",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=400,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    pictures = sorted(p.name for p in out.glob("*.png"))
    assert "landscape-zh_CN-article.png" in pictures and "portrait-zh_CN-guide_list.png" in pictures
    from screens.tour import ORIENTATIONS, all_step_names

    expected = sorted(f"{o}-zh_CN-{name}.png" for o in ORIENTATIONS for name in all_step_names())
    assert pictures == expected
    assert len(result.stdout.split()) == len(expected)
    assert snapshot(data) == before
