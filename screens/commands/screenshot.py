"""``legal-kiosk screenshot --out DIR``: a PNG of every screen, both orientations and languages."""

import logging
import os
from pathlib import Path

logger = logging.getLogger(__name__)

NAME = "screenshot"
HELP = "render every screen in 1920x1080 and 1080x1920, Chinese and English, to PNG files in DIR"


def add_arguments(parser) -> None:
    parser.add_argument("--out", required=True, metavar="DIR", help="folder for the PNG files")
    parser.add_argument(
        "--lang", choices=("zh_CN", "en"), action="append", help="only this language (repeatable)"
    )


def run(args, config) -> int:
    from kiosk.device.xvfb import Xvfb

    out = Path(args.out).resolve()
    server = None
    if not os.environ.get("DISPLAY"):
        server = Xvfb()
        os.environ["DISPLAY"] = server.start()
        logger.info("no DISPLAY: rendering on a virtual screen %s", os.environ["DISPLAY"])
    try:
        return _render(config, out, tuple(args.lang or ("zh_CN", "en")))
    finally:
        if server is not None:
            server.stop()


def _render(config, out: Path, languages) -> int:
    from screens import launcher

    launcher.configure_kivy(config, windowed=True, size=(1920, 1080))
    app = launcher.build(config)
    from screens.tour import Tour

    result: list = []

    def finished(paths) -> None:
        result.extend(paths)
        app.stop()

    tour = Tour(app, out, languages=languages, on_finished=finished)
    app.bind(on_start=lambda *_: tour.start())
    app.run()
    app.services.close()
    for path in result:
        print(path)
    return 0 if result else 1
