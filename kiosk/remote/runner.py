"""Runs the hub's remote commands once each and keeps their results for the next heartbeat.

:class:`CommandRunner` reads ``commands`` from a heartbeat answer (:meth:`receive`), runs what
is new (:meth:`run_waiting`, on the sync thread), gives the results to the next heartbeat
(:meth:`done_entries`) and drops them once the hub confirmed that heartbeat (:meth:`confirm`).
What a command does is a *handler* ``(command_id) -> Outcome`` registered by name; the app
registers the ones only a running app can do (screenshot, restart) — :mod:`kiosk.remote.actions`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

from contract.terminal_commands import ID_PATTERN, MAX_DONE, result_problem
from kiosk.remote.ledger import CommandLedger, Received

logger = logging.getLogger(__name__)

ID_RE = re.compile(ID_PATTERN)
# Commands taken from one answer (the hub hands out at most 10; more is not the hub's answer).
MAX_RECEIVED = 50


@dataclass(frozen=True)
class Outcome:
    """What came of a command: ``ok``, a JSON ``result``, and ``then``, called after the result
    is safely recorded (a restart must not outrun the record that it was asked for)."""

    ok: bool
    result: dict
    then: Callable[[], None] | None = None


Handler = Callable[[str], Outcome]


def commands_of(answer: object) -> list[Received]:
    """The well-formed ``{"id", "command"}`` items of a heartbeat answer (others are skipped)."""
    items = answer.get("commands") if isinstance(answer, dict) else None
    if not isinstance(items, list):
        return []
    found = []
    for item in items[:MAX_RECEIVED]:
        if not isinstance(item, dict):
            continue
        command_id, command = item.get("id"), item.get("command")
        if isinstance(command_id, str) and ID_RE.match(command_id) and isinstance(command, str):
            found.append(Received(command_id, command[:40]))
        else:
            logger.warning("heartbeat answer holds a malformed command: skipped")
    return found


class CommandRunner:
    """Remote commands over a :class:`CommandLedger`.

    :param ledger: the durable record of ids seen and results.
    :param handlers: ``{command: handler}``; more can be added with :meth:`register`.
    """

    def __init__(self, ledger: CommandLedger, handlers: dict[str, Handler] | None = None) -> None:
        self.ledger = ledger
        self.handlers: dict[str, Handler] = dict(handlers or {})

    def register(self, command: str, handler: Handler) -> None:
        """Let ``handler`` run ``command`` (replacing any handler it had)."""
        self.handlers[command] = handler

    def receive(self, answer: object) -> list[str]:
        """Record the commands of a heartbeat answer; the ids new to this terminal."""
        new = self.ledger.receive(commands_of(answer))
        if new:
            logger.info("received %d remote command(s) from the hub", len(new))
        return new

    def run_waiting(self) -> list[dict]:
        """Run the received commands once each, in the hub's order; ``[{"id", "command", "ok"}]``
        of those run now. A command with a follow-up (restart) ends the round: the ones after
        it wait for the restarted app."""
        ran = []
        for item in self.ledger.waiting():
            if not self.ledger.claim(item.id):
                continue  # another thread took it
            outcome = self._run(item)
            self.ledger.finish(item.id, ok=outcome.ok, result=outcome.result)
            logger.info(
                "remote command %s %s: %s", item.id, item.command, "ok" if outcome.ok else "failed"
            )
            ran.append({"id": item.id, "command": item.command, "ok": outcome.ok})
            if outcome.then is not None:
                outcome.then()
                break
        return ran

    def _run(self, item: Received) -> Outcome:
        handler = self.handlers.get(item.command)
        if handler is None:
            return Outcome(
                False,
                {
                    "error": "unknown_command",
                    "reason": f"this terminal cannot run {item.command!r}",
                },
            )
        try:
            outcome = handler(item.id)
        except Exception as exc:  # boundary: a failing command is reported, never fatal
            logger.exception("remote command %s %s crashed", item.id, item.command)
            return Outcome(
                False, {"error": "crashed", "reason": f"{type(exc).__name__}: {exc}"[:300]}
            )
        problem = result_problem(outcome.result)
        if problem:
            # The hub would refuse the heartbeat carrying it: report why instead.
            return Outcome(False, {"error": "bad_result", "reason": problem}, outcome.then)
        return outcome

    def done_entries(self) -> list[dict]:
        """Results for the next heartbeat's ``done`` (at most :data:`MAX_DONE`)."""
        return self.ledger.unreported(limit=MAX_DONE)

    def confirm(self, heartbeat: dict) -> None:
        """The hub confirmed ``heartbeat``: the results it carried need not be sent again."""
        ids = _done_ids(heartbeat)
        if ids:
            self.ledger.reported(ids)

    def refused(self, heartbeat: dict) -> None:
        """The hub refused ``heartbeat`` (4xx): drop the results it carried, or every later
        heartbeat would carry them and be refused too; the hub fails those commands as expired."""
        ids = _done_ids(heartbeat)
        if ids:
            logger.warning("heartbeat refused: %d command result(s) dropped", len(ids))
            self.ledger.reported(ids)


def _done_ids(heartbeat: object) -> list[str]:
    done = heartbeat.get("done") if isinstance(heartbeat, dict) else None
    if not isinstance(done, list):
        return []
    return [e["id"] for e in done if isinstance(e, dict) and isinstance(e.get("id"), str)]
