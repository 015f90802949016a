"""Runs slow calls off the UI thread and brings results back with ``Clock.schedule_once``.

Two lanes: ``store`` is one thread that owns the SQLite connection (search, guides, places);
``io`` is for network, printer and speech calls that may wait seconds. Widgets are touched only
in the callbacks, which run on the UI thread.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor

from kivy.clock import Clock

logger = logging.getLogger(__name__)

LANES = {"store": 1, "io": 2}


class Worker:
    """``submit(fn, *args, on_done=..., on_error=..., lane="store")``; executors start lazily."""

    def __init__(self) -> None:
        self._executors: dict[str, ThreadPoolExecutor] = {}
        self.pending = 0

    def _executor(self, lane: str) -> ThreadPoolExecutor:
        if lane not in self._executors:
            self._executors[lane] = ThreadPoolExecutor(
                LANES[lane], thread_name_prefix=f"kiosk-{lane}"
            )
        return self._executors[lane]

    def call_sync(self, fn, *args, lane: str = "store", **kwargs):
        """Run on a lane and wait: only for start-up, before the UI exists."""
        return self._executor(lane).submit(fn, *args, **kwargs).result()

    def submit(
        self, fn, *args, on_done=None, on_error=None, lane: str = "store", **kwargs
    ) -> Future:
        self.pending += 1
        future = self._executor(lane).submit(fn, *args, **kwargs)
        future.add_done_callback(
            lambda f: Clock.schedule_once(lambda _dt: self._finish(f, on_done, on_error))
        )
        return future

    def _finish(self, future: Future, on_done, on_error) -> None:
        self.pending -= 1
        error = future.exception()
        if error is None:
            if on_done is not None:
                on_done(future.result())
            return
        if on_error is not None:
            on_error(error)
            return
        # No handler: let the global exception handler log it and bring the resident home.
        raise error

    def shutdown(self) -> None:
        for executor in self._executors.values():
            executor.shutdown(wait=False, cancel_futures=True)
        self._executors.clear()
