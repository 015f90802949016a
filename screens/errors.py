"""The global exception handler: log, record, say something kind, go home. Never exits."""

from __future__ import annotations

import logging

from kivy.base import ExceptionHandler, ExceptionManager
from kivy.clock import Clock

logger = logging.getLogger(__name__)


class KioskExceptionHandler(ExceptionHandler):
    """Any exception that reaches Kivy's loop ends here: the resident sees a sentence, not a trace."""

    def __init__(self, app) -> None:
        super().__init__()
        self.app = app
        self.handled = 0

    def handle_exception(self, inst):
        if isinstance(inst, KeyboardInterrupt | SystemExit):
            return ExceptionManager.RAISE
        self.handled += 1
        logger.error("unexpected error, returning home", exc_info=inst)
        try:
            self.app.services.telemetry.record("error.unexpected", kind=type(inst).__name__)
        except Exception:  # boundary: recording must not turn one error into a crash loop
            logger.exception("could not record the error")
        Clock.schedule_once(self._recover, 0)
        return ExceptionManager.PASS

    def _recover(self, _dt) -> None:
        try:
            self.app.nav.home()
            self.app.show_message(self.app.tr("error.generic"))
        except Exception:  # boundary: the last line of defence must not raise again
            logger.exception("could not return home after an error")
