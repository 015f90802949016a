"""Shared helpers for the deploy tests: where things are and how to run the installer."""

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
INSTALL = DEPLOY / "terminal" / "install.sh"


def run_install(*args, timeout=600):
    return subprocess.run(
        ["bash", str(INSTALL), *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def snapshot(root: Path) -> dict:
    """Every path under root with its mode and content (or link target): for "nothing changed"."""
    seen = {}
    for path in sorted(root.rglob("*")):
        stat = path.lstat()
        if path.is_symlink():
            body = "-> " + str(path.readlink())
        elif path.is_file():
            body = path.read_bytes()
        else:
            body = None
        seen[str(path.relative_to(root))] = (stat.st_mode, stat.st_mtime_ns, body)
    return seen


def actions(output: str) -> list[str]:
    """The lines of installer output that are changes (they start with "+ ")."""
    return [line[2:] for line in output.splitlines() if line.startswith("+ ")]
