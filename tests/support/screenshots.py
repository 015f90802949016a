"""Where tests save screenshots: ``DOC_SCREENSHOTS`` when set, else a folder in the temp dir.

The pictures in ``docs/img/`` are refreshed by running the tests with
``DOC_SCREENSHOTS=docs/img``; a plain test run never writes into the work tree.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def screenshot_dir() -> Path:
    folder = Path(
        os.environ.get("DOC_SCREENSHOTS") or Path(tempfile.gettempdir()) / "legal-kiosk-shots"
    )
    folder.mkdir(parents=True, exist_ok=True)
    return folder
