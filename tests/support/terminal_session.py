"""A command run as if typed in a terminal: its own session with a pseudo-terminal as controlling
terminal, so Ctrl-C (``interrupt``) is the kernel's SIGINT to the foreground process group,
exactly what a person's keypress does — not a signal aimed at one chosen process.

    with TerminalSession(["make", "run"], cwd=ROOT, env=env) as term:
        term.wait_for("run: the app opens", timeout_s=300)
        term.interrupt()
        code = term.wait(timeout_s=60)
    print(term.output)

Everything the command and its children print is collected in ``output``. Leaving the block
kills whatever is still running of the session (a failed test leaves nothing behind).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import subprocess
import termios
import threading
import time
from pathlib import Path

CTRL_C = b"\x03"


def descendants(pid: int) -> dict[int, str]:
    """Every process below ``pid`` (children, their children …) with its command line."""
    children: dict[int, list[int]] = {}
    lines: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
        lines[int(entry.name)] = cmdline.strip()
    found: dict[int, str] = {}
    todo = list(children.get(pid, []))
    while todo:
        child = todo.pop()
        found[child] = lines.get(child, "")
        todo.extend(children.get(child, []))
    return found


def alive(pid: int) -> bool:
    """Running (a zombie waiting to be reaped is not running)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


class TerminalSession:
    def __init__(self, argv: list[str], *, cwd: Path, env: dict[str, str]) -> None:
        self.argv, self.cwd, self.env = argv, cwd, env
        self.output = ""
        self._lock = threading.Lock()
        self.process: subprocess.Popen | None = None
        self.seen: dict[int, str] = {}  # every process of the session ever looked at

    def __enter__(self) -> TerminalSession:
        master, slave = os.openpty()
        self._master = master

        def controlling_terminal() -> None:  # in the child, before exec
            os.setsid()
            fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
            # A person's terminal delivers Ctrl-C. A test run started in the background of a
            # non-interactive shell (`.ci/run &`, nohup) inherits SIGINT and SIGQUIT ignored,
            # and ignored signals survive exec: the command would never see the keypress.
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            signal.signal(signal.SIGQUIT, signal.SIG_DFL)

        self.process = subprocess.Popen(
            self.argv,
            cwd=self.cwd,
            env=self.env,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            preexec_fn=controlling_terminal,
            close_fds=True,
        )
        os.close(slave)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        return self

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self._master, 65536)
            except OSError:  # EIO: every writer of the terminal is gone
                return
            if not chunk:
                return
            with self._lock:
                self.output += chunk.decode(errors="replace")

    def wait_for(self, text: str, *, timeout_s: float) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            with self._lock:
                if text in self.output:
                    return
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        raise AssertionError(
            f"{text!r} did not appear; the terminal showed:\n{self.output[-4000:]}"
        )

    def snapshot(self) -> dict[int, str]:
        """The processes running under the command now (also remembered in ``seen``)."""
        now = descendants(self.process.pid)
        self.seen.update(now)
        return now

    def interrupt(self) -> None:
        """Ctrl-C typed at the terminal."""
        os.write(self._master, CTRL_C)

    def wait(self, *, timeout_s: float) -> int:
        code = self.process.wait(timeout_s)
        self._reader.join(5)
        return code

    def __exit__(self, *_exc) -> None:
        if self.process.poll() is None:
            self.snapshot()
        for pid in self.seen:  # also those that outlived the command (the bug this catches)
            if alive(pid):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)
        with contextlib.suppress(OSError):
            os.close(self._master)
