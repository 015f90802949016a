"""The terminal's hardware and display around the app.

- :mod:`~kiosk.device.touch` — touch devices, calibration and Kivy's ``[input]`` section;
- :mod:`~kiosk.device.watchdog` — the systemd watchdog ping from the UI loop;
- :mod:`~kiosk.device.xvfb` — a virtual screen where there is none.
"""

from kiosk.device.touch import InputDevice, list_touch_devices, read_input_settings
from kiosk.device.watchdog import Watchdog
from kiosk.device.xvfb import Xvfb

__all__ = ["InputDevice", "Watchdog", "Xvfb", "list_touch_devices", "read_input_settings"]
