"""``legal-kiosk screenshot --out DIR``: a PNG of every screen, both orientations and languages.

Safe on a live terminal: the tour runs on a private copy of the data folder
(:mod:`kiosk.private_copy`), so its taps and searches never reach the outbox, the hub's usage
figures or the content store of the folder it is pointed at.
"""

import logging
import os
import tempfile
from pathlib import Path

from screens.tour_modes import MODES

logger = logging.getLogger(__name__)

NAME = "screenshot"
HELP = "render every screen in 1920x1080 and 1080x1920, Chinese and English, to PNG files in DIR"


def add_arguments(parser) -> None:
    parser.add_argument("--out", required=True, metavar="DIR", help="folder for the PNG files")
    parser.add_argument(
        "--lang", choices=("zh_CN", "en"), action="append", help="only this language (repeatable)"
    )
    parser.add_argument(
        "--mode",
        choices=(*MODES, "all"),
        action="append",
        help="also (or only) in this mode: large_text, high_contrast, elderly, all (repeatable; "
        "default normal)",
    )


def run(args, config) -> int:
    from kiosk.device.xvfb import Xvfb
    from kiosk.private_copy import private_data_copy

    out = Path(args.out).resolve()
    server = None
    if not os.environ.get("DISPLAY"):
        server = Xvfb()
        os.environ["DISPLAY"] = server.start()
        logger.info("no DISPLAY: rendering on a virtual screen %s", os.environ["DISPLAY"])
    try:
        with tempfile.TemporaryDirectory(prefix="legal-kiosk-tour-") as private:
            tour_config = private_data_copy(config, Path(private))
            modes = MODES if "all" in (args.mode or ()) else tuple(args.mode or ("normal",))
            return _render(tour_config, out, tuple(args.lang or ("zh_CN", "en")), modes)
    finally:
        if server is not None:
            server.stop()


def _render(config, out: Path, languages, modes=("normal",)) -> int:
    from screens import launcher

    launcher.configure_kivy(config, windowed=True, size=(1920, 1080))
    app = launcher.build(config)
    from screens.tour import Tour

    result: list = []

    def finished(paths) -> None:
        result.extend(paths)
        app.stop()

    tour = Tour(app, out, languages=languages, modes=modes, on_finished=finished)
    app.bind(on_start=lambda *_: tour.start())
    app.run()
    app.services.close()
    for path in result:
        print(path)
    return 0 if result else 1
