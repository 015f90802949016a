"""Starts a private Xvfb display when there is no screen (``make run`` on a server, tests).

The display number is chosen by Xvfb itself (``-displayfd``), never fixed, so parallel runs
never collide.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import time

logger = logging.getLogger(__name__)

DEFAULT_SCREEN = "1920x1920x24"


class Xvfb:
    """``with Xvfb() as display:`` → ``":N"``; the server stops when the block ends."""

    def __init__(self, screen: str = DEFAULT_SCREEN, timeout_s: float = 20.0) -> None:
        self.screen = screen
        self.timeout_s = timeout_s
        self.process: subprocess.Popen | None = None
        self.display = ""

    def start(self) -> str:
        binary = shutil.which("Xvfb")
        if binary is None:
            raise RuntimeError("Xvfb is not installed (apt-get install xvfb)")
        read_fd, write_fd = os.pipe()
        self.process = subprocess.Popen(
            [
                binary,
                "-displayfd",
                str(write_fd),
                "-screen",
                "0",
                self.screen,
                "-nolisten",
                "tcp",
                "+extension",
                "GLX",
            ],
            pass_fds=(write_fd,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(write_fd)
        deadline = time.monotonic() + self.timeout_s
        number = b""
        with os.fdopen(read_fd, "rb") as reader:
            while time.monotonic() < deadline and not number.endswith(b"\n"):
                chunk = reader.read(1)
                if not chunk:
                    break
                number += chunk
        if not number.strip():
            self.stop()
            raise RuntimeError("Xvfb did not report a display number")
        self.display = ":" + number.decode().strip()
        logger.info("started Xvfb on %s", self.display)
        return self.display

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
            self.process = None

    def __enter__(self) -> str:
        return self.start()

    def __exit__(self, *_exc) -> None:
        self.stop()
