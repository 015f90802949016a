"""The project's wheel, built and installed into fresh virtual environments as a technician's
shell would (no LEGAL_KIOSK_*, HUB_*, KIVY_* or VIRTUAL_ENV), with versions from the lock files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def clean_env(**extra: str) -> dict[str, str]:
    """What a technician's shell has: no LEGAL_KIOSK_*, HUB_*, KIVY_* or VIRTUAL_ENV."""
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "TMPDIR")}
    keep["PATH"] = "/usr/local/bin:/usr/bin:/bin"
    return {**keep, "LANG": "C.UTF-8", **extra}


def run(*args, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, timeout=900, **kwargs
    )
    assert result.returncode == 0, f"{args}\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}"
    return result


def build_wheel(out: Path) -> Path:
    """Build the project's wheel into ``out`` (no dependencies, no build isolation)."""
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", out, ROOT)
    (built,) = out.glob("legal_kiosk-*.whl")
    return built


def install(tmp_path: Path, wheel: Path, extra: str) -> Path:
    venv = tmp_path / f"venv-{extra}"
    run(sys.executable, "-m", "venv", venv)
    run(
        venv / "bin/python",
        "-m",
        "pip",
        "install",
        "-q",
        "--disable-pip-version-check",
        "-c",
        ROOT / "requirements" / f"{extra}.txt",
        f"{wheel}[{extra}]",
        env=clean_env(),
    )
    return venv
