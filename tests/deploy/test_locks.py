"""The lock files pin every library each extra asks for, and nothing of the other part."""

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
NAME_RE = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def wanted(extra: str) -> set[str]:
    names = set()
    for requirement in PROJECT["optional-dependencies"][extra]:
        name = canonical(NAME_RE.match(requirement).group(1))
        if name == canonical(PROJECT["name"]):  # [dev] = [kiosk,hub] + tools
            inner = requirement[requirement.index("[") + 1 : requirement.index("]")]
            for part in inner.split(","):
                names |= wanted(part.strip())
        else:
            names.add(name)
    return names


def pinned(extra: str) -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements" / f"{extra}.txt").read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)", line)
        if match:
            pins[canonical(match.group(1))] = match.group(2)
    return pins


@pytest.mark.parametrize("extra", ["kiosk", "hub", "dev"])
def test_every_requirement_is_pinned(extra):
    assert sorted(wanted(extra) - set(pinned(extra))) == []


def test_the_parts_stay_apart():
    assert PROJECT["dependencies"] == []
    assert {"kivy", "jieba", "python-escpos", "pyttsx3"} & set(pinned("hub")) == set()
    assert {"fastapi", "sqlalchemy", "psycopg", "alembic"} & set(pinned("kiosk")) == set()


def test_both_parts_agree_on_shared_libraries():
    kiosk, hub, dev = pinned("kiosk"), pinned("hub"), pinned("dev")
    for name in set(kiosk) & set(hub):
        assert kiosk[name] == hub[name] == dev[name], name
