"""Everything that talks to the hub: the client, enrollment and content sync.

- :mod:`~kiosk.hublink.client` — :class:`HubClient`, the one client of the terminal API;
- :mod:`~kiosk.hublink.enrollment` — one-time code → terminal id, token and pinned key;
- :mod:`~kiosk.hublink.plan` — verify a signed content answer and plan the update (no network);
- :mod:`~kiosk.hublink.sync` — :class:`~kiosk.hublink.sync.Syncer`, one pull-verify-apply round;
- :mod:`~kiosk.hublink.loop` — the background loop of sync rounds, heartbeats and deliveries;
- :mod:`~kiosk.hublink.link` — :func:`~kiosk.hublink.link.build_hub_link` wires them for the app.

Only the leaf modules are re-exported here: ``sync``, ``loop`` and ``link`` use the outbox, whose
delivery uses the client, so importing them from this ``__init__`` would make a cycle.
"""

from kiosk.errors import HubRefused
from kiosk.hublink.client import ContentAnswer, HubClient
from kiosk.hublink.enrollment import Enrollment, enroll, load_enrollment

__all__ = ["ContentAnswer", "Enrollment", "HubClient", "HubRefused", "enroll", "load_enrollment"]
