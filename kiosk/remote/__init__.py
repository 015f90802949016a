"""Remote commands from the hub (sync, doctor, screenshot, restart), each run once.

- :mod:`~kiosk.remote.ledger` — :class:`CommandLedger`, ids seen and results in ``commands.db``;
- :mod:`~kiosk.remote.runner` — :class:`CommandRunner`, receive → run once → report → forget;
- :mod:`~kiosk.remote.actions` — the handlers (the app registers screenshot and restart).
"""

from kiosk.remote.ledger import CommandLedger
from kiosk.remote.runner import CommandRunner, Outcome

__all__ = ["CommandLedger", "CommandRunner", "Outcome"]
