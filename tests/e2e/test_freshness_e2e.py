"""A forged 304 freezes nothing (issue 15, finding 3), between the real kiosk and a real hub.

A man in the middle answers the kiosk's polls with the hub's real 304 minus the signed statement
of the current version, or with a statement signed by another key. Neither confirms the content;
once no fresh statement came for longer than ``hub.fresh_max_age_hours`` the terminal says its
content is stale — in ``legal-kiosk sync``, in the doctor, in the heartbeat, and so in the
admin's fleet view — and an honest poll clears it everywhere.
"""

from __future__ import annotations

import base64
import json
import time

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from contract.freshness import signed_message, statement_bytes
from tests.support.e2e_steps import enroll, hub_rows, kiosk_cli, sync_here
from tests.support.fake_http import Reply
from tests.support.staff_web import staff_session
from tests.support.tamper_proxy import TamperProxy

pytestmark = pytest.mark.e2e
STATEMENT = ("X-Content-Timestamp", "X-Content-Timestamp-Signature")
FRESH_HOURS = "1"


def stripped(path, reply: Reply) -> Reply:
    """The hub's own 304, without the signed statement."""
    if path != "/api/v1/content":
        return reply
    return Reply(
        reply.status, reply.body, {k: v for k, v in reply.headers.items() if k not in STATEMENT}
    )


def forged(path, reply: Reply) -> Reply:
    """A statement naming the held version, fresh, signed by a key that is not the hub's."""
    if path != "/api/v1/content":
        return reply
    now = int(time.time())
    held = json.loads(base64.b64decode(reply.headers["X-Content-Timestamp"]))["version"]
    raw = statement_bytes(version=held, issued_at=now + 3600, expires_at=now + 86_400)
    other = Ed25519PrivateKey.generate()
    headers = {
        **reply.headers,
        STATEMENT[0]: base64.b64encode(raw).decode(),
        STATEMENT[1]: base64.b64encode(other.sign(signed_message(raw))).decode(),
    }
    return Reply(reply.status, reply.body, headers)


def state(data) -> dict:
    return json.loads((data / "sync_state.json").read_text(encoding="utf-8"))


def confirmed_hours_ago(data, hours: float) -> None:
    """As if the kiosk had been answered only forged 304s for ``hours``."""
    held = state(data)
    held["last_checked_at"] = time.time() - hours * 3600
    (data / "sync_state.json").write_text(json.dumps(held), encoding="utf-8")


def stale_on_hub(hub, name: str) -> int | None:
    [(value,)] = hub_rows(hub, "SELECT content_stale FROM terminals WHERE name = ?", (name,))
    return value


def test_a_forged_304_confirms_nothing_and_staleness_shows_everywhere(hub, tmp_path):
    data = tmp_path / "kiosk"
    name = hub.terminals[0]
    enroll(hub, data, name, cli=False)
    first = sync_here(data, hub.base_url, fresh_max_age_hours=FRESH_HOURS)
    assert first["status"] == "updated" and first["stale"] is False
    assert stale_on_hub(hub, name) == 0
    checked = state(data)["last_checked_at"]

    for mutate, reason in ((stripped, "timestamp_missing"), (forged, "timestamp_invalid")):
        with TamperProxy(hub.base_url, mutate) as proxy:
            result = sync_here(data, proxy.url, fresh_max_age_hours=FRESH_HOURS)
        assert (result["status"], result["reason"]) == ("rejected", reason)
        assert [r.status for p, r in proxy.seen if p == "/api/v1/content"] == [304]
        assert state(data)["last_checked_at"] == checked  # nothing was confirmed

    # Two hours of nothing but forged answers, with a limit of one hour: stale.
    confirmed_hours_ago(data, 2)
    with TamperProxy(hub.base_url, stripped) as proxy:
        frozen = sync_here(data, proxy.url, fresh_max_age_hours=FRESH_HOURS)
    assert (frozen["status"], frozen["stale"]) == ("rejected", True)
    assert stale_on_hub(hub, name) == 1  # the heartbeat said so
    fleet = staff_session(hub, "admin").get(f"{hub.base_url}/admin/terminals", timeout=20)
    assert fleet.status_code == 200 and "未经确认" in fleet.text
    doctor = kiosk_cli(
        data,
        "doctor",
        "--json",
        "--offline",
        check=False,
        LEGAL_KIOSK_HUB_FRESH_MAX_AGE_HOURS=FRESH_HOURS,
        LEGAL_KIOSK_UI_LANGUAGE="zh_CN",
    )
    checks = {c["name"]: c for c in json.loads(doctor.stdout)["checks"]}
    assert not checks["content_age"]["ok"] and "确认" in checks["content_age"]["detail"]

    # An honest poll confirms the content again, and the fleet view follows.
    honest = sync_here(data, hub.base_url, fresh_max_age_hours=FRESH_HOURS)
    assert (honest["status"], honest["stale"]) == ("unchanged", False)
    assert stale_on_hub(hub, name) == 0
