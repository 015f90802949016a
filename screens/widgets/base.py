"""The base of every screen: injected services, the worker, translation and reset hooks."""

from __future__ import annotations

from kivy.app import App
from kivy.uix.screenmanager import Screen


class KioskScreen(Screen):
    """Screens override ``prepare(**params)`` (before showing) and ``clear()`` (session reset).

    ``resident_input``: the screen holds what a resident typed; the navigator clears it when the
    resident leaves it, except towards the screens named in ``keeps_input_for``.
    """

    resident_input = False
    keeps_input_for: tuple[str, ...] = ()

    @property
    def app(self):
        return App.get_running_app()

    @property
    def services(self):
        return self.app.services

    def tr(self, key: str, **values) -> str:
        return self.app.tr(key, **values)

    def run(self, fn, *args, on_done=None, on_error=None, lane: str = "store", **kwargs):
        """Run ``fn`` on the worker; ``on_done(result)`` comes back on the UI thread."""
        return self.app.worker.submit(
            fn, *args, on_done=on_done, on_error=on_error or self.failed, lane=lane, **kwargs
        )

    def failed(self, error: BaseException) -> None:
        """Default for a failed background call: a kind sentence, and stay where we are."""
        self.app.show_error(error)

    def record(self, event_type: str, **props) -> None:
        self.services.telemetry.record(event_type, **props)

    def prepare(self, **params) -> None:
        pass

    def clear(self) -> None:
        pass

    def speak(self, text, on_part=None) -> int:
        """Read ``text`` (a string, or parts) aloud; ``on_part(index)`` on the UI thread as each
        part begins. Returns the utterance's number (``app.utterance`` while it is current)."""
        return self.app.speak(text, on_part=on_part)
