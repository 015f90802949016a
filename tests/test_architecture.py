"""House rules that keep the parts apart and the core testable (docs/architecture.md).

- kiosk/ never imports hub/ or screens/, and never Kivy (not even at run time);
- hub/ imports nothing of the terminal side but the contract package;
- screens/ never opens databases, sockets or HTTP sessions itself;
- contract/ imports neither side;
- nothing runs at import time.
"""

import ast
import importlib
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import contract
import kiosk

ROOT = Path(__file__).resolve().parent.parent
TERMINAL_SIDE = ("kiosk", "screens")


def imported_names(folder: str) -> dict[str, set[str]]:
    """``{file: {imported module, ...}}`` for every Python file under ``folder`` (static)."""
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / folder).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        names: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
                names |= {f"{node.module}.{alias.name}" for alias in node.names}
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute | ast.Name)
                and getattr(node.func, "attr", getattr(node.func, "id", "")) == "import_module"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                names.add(node.args[0].value)
        found[str(path.relative_to(ROOT))] = names
    return found


def offenders(folder: str, forbidden: tuple[str, ...]) -> list[str]:
    bad = []
    for path, names in imported_names(folder).items():
        for name in sorted(names):
            if any(name == f or name.startswith(f + ".") for f in forbidden):
                bad.append(f"{path}: {name}")
    return bad


@pytest.mark.parametrize(
    ("folder", "forbidden"),
    [
        ("kiosk", ("hub", "screens", "kivy")),
        ("contract", ("kiosk", "screens", "hub", "kivy")),
        ("hub", ("kiosk", "screens", "kivy")),
        ("screens", ("hub", "sqlite3", "sqlite_utils", "requests", "socket", "httpx", "urllib3")),
    ],
)
def test_parts_import_only_what_they_may(folder, forbidden):
    assert offenders(folder, forbidden) == []


def test_the_rules_would_see_a_violation(tmp_path, monkeypatch):
    # The checker itself must not be blind: a file that imports the UI is reported.
    (tmp_path / "kiosk").mkdir()
    (tmp_path / "kiosk" / "bad.py").write_text(
        "import importlib\nfrom screens import launcher\nimportlib.import_module('hub.main')\n"
    )
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert offenders("kiosk", ("hub", "screens")) == [
        "kiosk/bad.py: hub.main",
        "kiosk/bad.py: screens",
        "kiosk/bad.py: screens.launcher",
    ]


def _import_all_with_blocked(packages: list, blocked: tuple[str, ...]) -> None:
    names = [
        m.name
        for package in packages
        for m in pkgutil.walk_packages(package.__path__, package.__name__ + ".")
        if not m.name.endswith("__main__")
    ]
    code = (
        "import sys, importlib\n"
        f"BLOCKED = {blocked!r}\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if any(name == b or name.startswith(b + '.') for b in BLOCKED):\n"
        "            raise ImportError('blocked here: ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "assert not any(m.split('.')[0] in BLOCKED for m in sys.modules), sorted(\n"
        "    m for m in sys.modules if m.split('.')[0] in BLOCKED)\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=120)


def test_every_kiosk_module_imports_without_kivy_hub_or_screens():
    _import_all_with_blocked([kiosk], ("kivy", "hub", "screens", "fastapi", "sqlalchemy"))


def test_the_contract_imports_alone():
    _import_all_with_blocked([contract], ("kivy", "kiosk", "hub", "screens", "requests"))


def test_catalogs_have_the_same_keys_in_every_language():
    zh = {}
    en = {}
    for path in (ROOT / "assets/locale/zh_CN").glob("*.json"):
        zh.update(json.loads(path.read_text(encoding="utf-8")))
    for path in (ROOT / "assets/locale/en").glob("*.json"):
        en.update(json.loads(path.read_text(encoding="utf-8")))
    assert sorted(set(zh) - set(en)) == []
    assert sorted(set(en) - set(zh)) == []
    assert all(text.strip() for text in zh.values())


def test_translator_falls_back_and_formats():
    from contract.i18n import Translator

    zh = Translator("zh_CN")
    en = Translator("en")
    assert "12348" in zh("error.generic")
    assert "12348" in en("error.generic")
    assert en("no.such.key") == "no.such.key"
    importlib.import_module("kiosk.errors")


def test_no_test_module_imports_another():
    bad = []
    for path, names in imported_names("tests").items():
        for name in names:
            if name.startswith("tests.") and not name.startswith("tests.support"):
                bad.append(f"{path}: {name}")
    assert sorted(bad) == []


def test_hub_routes_and_pages_query_only_through_crud():
    # Queries live in hub/crud/ with keyword-only arguments; routes and pages call them.
    bad = []
    for folder in ("hub/api/routes", "hub/admin", "hub/pages"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Call) and getattr(node.func, "attr", "") in (
                    "execute",
                    "exec_driver_sql",
                ):
                    bad.append(f"{path.relative_to(ROOT)}:{node.lineno}")
                if isinstance(node, ast.ImportFrom) and node.module == "sqlalchemy":
                    names = {a.name for a in node.names} & {"select", "insert", "update", "delete"}
                    if names:
                        bad.append(
                            f"{path.relative_to(ROOT)}:{node.lineno} imports {sorted(names)}"
                        )
    assert bad == []
