"""A terminal's data folder for UI tests: the demo content applied to the store, and a config for
the first demo terminal with speech and printer off."""

from __future__ import annotations

from pathlib import Path


def seed_demo(data_dir: Path) -> dict:
    from contract.demo import DEMO_TERMINALS, load_demo_content
    from kiosk.store import ContentStore

    content = load_demo_content()
    store = ContentStore.open(data_dir)
    try:
        store.apply(
            {name: {"upsert": records, "delete": []} for name, records in content.items()},
            version=1,
        )
    finally:
        store.close()
    return DEMO_TERMINALS[0]


def write_config(data_dir: Path, terminal: dict) -> Path:
    path = data_dir / "kiosk.toml"
    path.write_text(
        "[terminal]\n"
        f'name = "{terminal["name"]}"\nplace = "{terminal["place"]}"\n'
        f"lat = {terminal['lat']}\nlng = {terminal['lng']}\n"
        f'village = "{terminal["village"]}"\n'
        "[ui]\nidle_timeout_s = 60\ncountdown_s = 10\nattract_after_s = 120\n"
        '[speech]\nbackend = "none"\n[printer]\nbackend = "none"\n',
        encoding="utf-8",
    )
    return path
