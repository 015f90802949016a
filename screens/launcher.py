"""The composition root of the terminal app.

Order matters (Kivy reads its configuration when its modules are first imported):
1. the caller has parsed arguments and loaded the validated :class:`KioskConfig`;
2. :func:`configure_kivy` sets ``KIVY_*`` variables and ``kivy.config.Config``;
3. only then :mod:`screens.app` is imported, the services are built and the app runs.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from kiosk.atomic_file import write_atomic
from kiosk.config import KioskConfig
from kiosk.device.touch import INPUT_FILE_NAME, read_input_settings

logger = logging.getLogger(__name__)
KIVY_CONFIG_NAME = "config.ini"
EFFECTIVE_CONFIG_NOTE = (
    "# Written by legal-kiosk at each start: the Kivy settings it runs with (KIVY_NO_CONFIG=1,\n"
    "# so Kivy does not read this file). Change kiosk.toml or run legal-kiosk touch-setup.\n"
)


def kivy_environment(config: KioskConfig) -> dict[str, str]:
    """The ``KIVY_*`` variables for this terminal (Kivy's files live in the data folder)."""
    return {
        "KIVY_NO_ARGS": "1",
        # Kivy neither reads nor writes its own config.ini: its default file would say
        # ``probesysfs`` while the launcher sets exactly one input provider (FIELD-NOTES, double
        # touches). :func:`configure_kivy` writes the settings really used there instead.
        "KIVY_NO_CONFIG": "1",
        "KIVY_HOME": str(Path(config.data_dir) / "kivy"),
        "KIVY_LOG_MODE": "PYTHON",
        "KIVY_NO_CONSOLELOG": "1",
        "KIVY_WINDOW": "sdl2",
    }


def configure_kivy(
    config: KioskConfig, *, windowed: bool = False, size: tuple[int, int] | None = None
) -> None:
    """Set Kivy's configuration; must run before any ``kivy`` module other than ``kivy.config``."""
    for key, value in kivy_environment(config).items():
        os.environ.setdefault(key, value)
    Path(os.environ["KIVY_HOME"]).mkdir(parents=True, exist_ok=True)
    from kivy.config import Config

    ui = config.ui
    width, height = size or (ui.width, ui.height)
    Config.set("graphics", "width", str(width))
    Config.set("graphics", "height", str(height))
    Config.set("graphics", "fullscreen", "0" if windowed else "auto")
    Config.set("graphics", "borderless", "0" if windowed else "1")
    Config.set("graphics", "resizable", "1" if windowed else "0")
    Config.set("graphics", "show_cursor", "1" if windowed or ui.show_cursor else "0")
    # No multisample buffers: at 1920x1080 they cost ~85 MiB and double each frame's time with
    # software GL; text and flat shapes look the same without them.
    Config.set("graphics", "multisamples", "0")
    Config.set("graphics", "position", "custom")
    Config.set("graphics", "left", "0")
    Config.set("graphics", "top", "0")
    Config.set("kivy", "exit_on_escape", "0")
    Config.set("kivy", "pause_on_minimize", "0")
    Config.set("kivy", "keyboard_mode", "system")
    Config.set("kivy", "log_enable", "0")
    # Exactly one input provider: under X/XWayland a touch screen arrives as pointer events
    # through the window ("mouse"); a second provider reading the same device doubles taps.
    for option in list(Config.options("input")):
        Config.remove_option("input", option)
    # `legal-kiosk touch-setup` may name one evdev provider for one device instead (kiosk/device/touch.py).
    touch = read_input_settings(Path(config.data_dir) / INPUT_FILE_NAME)
    for name, value in touch or [("mouse", "mouse,disable_multitouch")]:
        Config.set("input", name, value)
    write_effective_config(Config, Path(os.environ["KIVY_HOME"]) / KIVY_CONFIG_NAME)


def write_effective_config(config_parser, path: Path) -> None:
    """Leave the settings this start uses in ``path`` (for a technician to read; never read back).

    A folder the kiosk user may not write only costs the file, never the start.
    """
    import configparser
    import io

    text = io.StringIO()
    text.write(EFFECTIVE_CONFIG_NOTE)
    configparser.RawConfigParser.write(config_parser, text)
    try:
        write_atomic(path, text.getvalue().encode("utf-8"))
    except OSError as exc:
        logger.warning("could not write %s: %s", path, exc.strerror)


def build(config: KioskConfig, **overrides):
    """Import the app (after :func:`configure_kivy`) and build it with its services."""
    from kiosk.services import build_services
    from screens.app import KioskApp
    from screens.worker import Worker

    worker = Worker()
    # The store's SQLite connection belongs to the worker's store thread: open it there.
    services = worker.call_sync(build_services, config, **overrides)
    return KioskApp(services=services, worker=worker)


def stop_on_sigterm(app) -> None:
    """SIGTERM (systemd stop, ``make run`` ending) closes the app cleanly: the kiosk otherwise
    refuses window-close requests, and SDL turns SIGTERM into one."""
    import signal

    from kivy.clock import Clock

    def stop(_signum, _frame) -> None:
        app.exit_allowed = True
        Clock.schedule_once(lambda _dt: app.stop())

    signal.signal(signal.SIGTERM, stop)


def start_hub_link(app) -> None:
    """Start the sync loop; new content refreshes the screens on the UI thread, no restart.

    The app lends its screen grab and its restart to the hub's remote commands."""
    from kivy.clock import Clock

    from screens.remote_commands import grab_screen, request_restart

    link = app.services.sync
    if link is None:
        return
    link.listen(
        on_content_changed=lambda version: Clock.schedule_once(
            lambda _dt: app.content_changed(version)
        )
    )
    serve_app = getattr(link, "serve_app", None)
    if callable(serve_app):
        serve_app(grab=lambda: grab_screen(app), restart=lambda: request_restart(app))
    link.start()


def run(config: KioskConfig, *, windowed: bool = False) -> int:
    configure_kivy(config, windowed=windowed)
    app = build(config)
    stop_on_sigterm(app)
    start_hub_link(app)
    app.run()
    app.services.close()
    return 0
