"""House rules that keep the core testable: kiosk/ never imports Kivy; nothing runs at import."""

import importlib
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import kiosk

ROOT = Path(__file__).resolve().parent.parent


def test_every_kiosk_module_imports_without_kivy():
    names = [
        m.name
        for m in pkgutil.walk_packages(kiosk.__path__, "kiosk.")
        if not m.name.endswith("__main__")
    ]
    code = (
        "import sys, importlib\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'kivy' or name.startswith('kivy.'):\n"
        "            raise ImportError('kivy is blocked in kiosk/: ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "assert not any(m == 'kivy' or m.startswith('kivy.') for m in sys.modules)\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=120)


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
