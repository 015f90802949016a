"""Replacing the hub's signing key without re-enrolling terminals (``legal-hub key``).

1. ``announce``: a next key is created (``hub_next_ed25519.pem``); from then on every content
   answer carries the link current → next, signed by the current key (:mod:`contract.key_link`),
   and each terminal pins the next key and says so in its heartbeat (``next_key_id``).
2. ``switch``: once every enrolled terminal has pinned it (or with ``force``), the current key
   becomes the previous one and the next key the current one. The hub signs with the new key
   only; a terminal that has switched refuses anything signed by the old key.
3. ``forget_previous``: the previous key is deleted; a terminal that missed the whole rotation
   then has to be enrolled again.

Each step replaces files atomically, so a step stopped half-way can be run again.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from sqlalchemy import Connection, select

from contract.key_link import key_id
from hub.core import security
from hub.core.config import HubSettings
from hub.core.keyring import Keys, read_keys
from hub.models.tables import terminals


class RotationError(Exception):
    """A rotation step cannot be done now; the message says why and what to do."""


@dataclass(frozen=True)
class Lagging:
    """An enrolled terminal that has not pinned the announced key yet."""

    name: str
    key_id: str | None
    next_key_id: str | None


def status(settings: HubSettings) -> dict:
    """The key ids (current, next, previous) and public keys, for ``legal-hub key status``."""
    keys = read_keys(settings)
    described: dict[str, dict[str, str] | None] = {}
    for name, key in (("current", keys.current), ("next", keys.next), ("previous", keys.previous)):
        if key is None:
            described[name] = None
        else:
            public = security.public_key_b64(key)
            described[name] = {"key_id": key_id(public), "public_key": public}
    return described


def announce(settings: HubSettings) -> bool:
    """Create the next key unless one is announced already (then False, nothing changes)."""
    keys = read_keys(settings)
    if keys.next is not None:
        return False
    security.write_private(settings.next_signing_key_path, security.new_private_pem())
    return True


def lagging_terminals(conn: Connection, next_id: str) -> list[Lagging]:
    """Enrolled, not revoked terminals whose last heartbeat did not name ``next_id``."""
    rows = conn.execute(
        select(terminals.c.name, terminals.c.key_id, terminals.c.next_key_id)
        .where(terminals.c.enrolled_at.is_not(None), terminals.c.revoked_at.is_(None))
        .order_by(terminals.c.name)
    ).all()
    return [
        Lagging(row.name, row.key_id, row.next_key_id)
        for row in rows
        if next_id not in (row.key_id, row.next_key_id)
    ]


def switch(settings: HubSettings, lagging: list[Lagging], *, force: bool = False) -> str:
    """Make the announced key current; returns its id.

    :param lagging: :func:`lagging_terminals` — refused while any is left, unless ``force``.
    :raises RotationError: no key announced, or terminals have not pinned it yet.
    """
    keys = read_keys(settings)
    if keys.next is None:
        raise RotationError("no next key is announced: run `legal-hub key announce` first")
    if lagging and not force:
        names = ", ".join(item.name for item in lagging[:10])
        more = f" and {len(lagging) - 10} more" if len(lagging) > 10 else ""
        raise RotationError(
            f"{len(lagging)} terminal(s) have not pinned the next key yet ({names}{more}); "
            "wait for their heartbeats, or use --force (they will need the previous key's link "
            "or a new enrollment)"
        )
    security.write_private(settings.previous_signing_key_path, security.key_pem(keys.current))
    os.replace(settings.next_signing_key_path, settings.signing_key_path)
    public = security.public_key_b64(keys.next)
    settings.public_key_path.write_text(public + "\n", encoding="ascii")
    return key_id(public)


def forget_previous(settings: HubSettings) -> str | None:
    """Delete the previous key; returns its id, or ``None`` when there was none."""
    keys = read_keys(settings)
    if keys.previous is None:
        settings.previous_signing_key_path.unlink(missing_ok=True)
        return None
    gone = key_id(security.public_key_b64(keys.previous))
    settings.previous_signing_key_path.unlink()
    return gone


def terminal_key_state(key_id_: str | None, next_key_id: str | None, keys: Keys) -> str | None:
    """Where a terminal stands in a rotation, from the key ids its last heartbeat named:

    ``None`` (it never said, or all is well), ``lagging`` (a next key is announced and it has
    not pinned it yet), ``old`` (it still pins the previous key: its next poll follows the
    link), ``other`` (it pins a key this hub no longer knows: enroll it again).
    """
    if key_id_ is None:
        return None
    if keys.next is not None:
        return None if keys.next_id in (key_id_, next_key_id) else "lagging"
    if key_id_ == keys.current_id:
        return None
    return "old" if key_id_ == keys.previous_id else "other"
