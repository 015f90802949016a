"""The nginx site in front of a real hub process: TLS, redirects, body limits and the content cache.

nginx runs from this machine's package with the site file as shipped (only certificate paths,
ports and upstream addresses changed, see test_hub_deploy.nginx_site); the hub is the real one
from tests/support/hub_process.py, seeded with the demo data.
"""

import base64
import json
import os
import signal
import socket
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from tests.support.deploy_scripts import nginx_site

hub_process = pytest.importorskip("tests.support.hub_process").hub_process
pytestmark = pytest.mark.slow


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def proxied_hub(tmp_path, nginx_binary):
    with hub_process(tmp_path) as hub:
        upstream = hub.base_url.removeprefix("http://")
        http_port, https_port = free_port(), free_port()
        conf = nginx_site(
            tmp_path, http_port=http_port, https_port=https_port, upstreams=(upstream, upstream)
        )
        process = subprocess.Popen(
            [nginx_binary, "-c", str(conf), "-e", str(tmp_path / "error.log"), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            deadline = time.monotonic() + 15
            while time.monotonic() < deadline:
                try:
                    socket.create_connection(("127.0.0.1", https_port), timeout=0.5).close()
                    break
                except OSError:
                    time.sleep(0.1)
            session = requests.Session()
            session.trust_env = False  # else REQUESTS_CA_BUNDLE would replace our CA
            session.verify = str(
                tmp_path / "fullchain.pem"
            )  # real verification: the cert names 127.0.0.1
            base = f"https://127.0.0.1:{https_port}"
            yield hub, session, base, f"http://127.0.0.1:{http_port}"
        finally:
            process.send_signal(signal.SIGQUIT)
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)


@pytest.fixture
def nginx_binary():
    path = "/usr/sbin/nginx"
    if not os.path.exists(path):
        pytest.skip("nginx is not installed")
    return path


def enroll(session, base, code):
    answer = session.post(base + "/api/v1/enroll", json={"code": code}, timeout=10)
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_content_is_cached_per_token_and_still_verifies(proxied_hub):
    hub, session, base, http_base = proxied_hub
    first_name, second_name = hub.terminals[:2]
    one = enroll(session, base, hub.codes[first_name])
    two = enroll(session, base, hub.codes[second_name])
    auth_one = {"Authorization": f"Bearer {one['token']}"}

    miss = session.get(base + "/api/v1/content?since=0", headers=auth_one, timeout=30)
    hit = session.get(base + "/api/v1/content?since=0", headers=auth_one, timeout=30)
    assert (miss.status_code, miss.headers["X-Cache-Status"]) == (200, "MISS")
    assert (hit.status_code, hit.headers["X-Cache-Status"]) == (200, "HIT")
    assert hit.content == miss.content and hit.headers["X-Signature"] == miss.headers["X-Signature"]
    key = Ed25519PublicKey.from_public_bytes(base64.b64decode(one["public_key"]))
    key.verify(base64.b64decode(hit.headers["X-Signature"]), hit.content)  # raises if not
    assert json.loads(hit.content)["version"] >= 1

    # Another terminal's token never gets the first one's cached answer; no token gets a 401.
    other = session.get(
        base + "/api/v1/content?since=0", headers={"Authorization": f"Bearer {two['token']}"}
    )
    assert (other.status_code, other.headers["X-Cache-Status"]) == (200, "MISS")
    anonymous = session.get(base + "/api/v1/content?since=0", timeout=10)
    assert anonymous.status_code == 401 and anonymous.headers["X-Cache-Status"] != "HIT"
    forged = session.get(
        base + "/api/v1/content?since=0", headers={"Authorization": "Bearer forged"}
    )
    assert forged.status_code == 401

    # A terminal that has the answer revalidates it with its ETag: 304 from the cache.
    again = session.get(
        base + "/api/v1/content?since=0", headers={**auth_one, "If-None-Match": hit.headers["ETag"]}
    )
    assert again.status_code == 304


def test_plain_http_redirects_and_big_bodies_are_refused(proxied_hub):
    hub, session, base, http_base = proxied_hub
    moved = requests.get(
        http_base + "/admin", allow_redirects=False, timeout=10, headers={"Host": "hub.example.cn"}
    )
    assert moved.status_code == 301 and moved.headers["Location"] == "https://hub.example.cn/admin"
    token = enroll(session, base, hub.codes[hub.terminals[0]])["token"]
    huge = b'{"events": [' + b" " * 3_000_000 + b"]}"
    refused = session.post(
        base + "/api/v1/events",
        data=huge,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        timeout=30,
    )
    assert refused.status_code == 413
    health = session.get(base + "/healthz", timeout=10)
    assert (
        health.status_code == 200
        and health.headers["Strict-Transport-Security"] == "max-age=31536000"
    )


def test_video_websocket_upgrades_through_nginx(proxied_hub, tmp_path):
    """The call page's signalling socket (/call/ROOM/ws) through TLS and the site's upgrade."""
    import importlib.util
    import ssl

    if importlib.util.find_spec("hub.video") is None:
        pytest.skip("the hub's video rooms (hub/video) are not on this branch yet")
    from websockets.sync.client import connect

    hub, session, base, http_base = proxied_hub
    context = ssl.create_default_context(cafile=session.verify)
    url = base.replace("https://", "wss://") + "/call/no-such-room/ws?t=resident.0.x"
    with connect(url, ssl=context, open_timeout=10) as ws:
        refused = json.loads(ws.recv(timeout=10))
    log, access, deadline = tmp_path / "access.log", "", time.monotonic() + 10
    while '"GET /call/' not in access and time.monotonic() < deadline:  # written when it closes
        time.sleep(0.1)
        access = log.read_text() if log.exists() else ""
    # nginx logs the request, not its secrets
    assert '"GET /call/…"' in access and "no-such-room" not in access and "resident." not in access
    assert refused == {"type": "refused", "reason": refused["reason"]} and refused["reason"] in (
        "wrong_room",
        "invalid",
    )


def test_limit_req_answers_429_with_a_json_detail(proxied_hub):
    """The shipped login limit (30 a minute, bursts of 20, per address) throttles a guesser."""
    hub, session, base, http_base = proxied_hub
    answers = [session.get(base + "/admin/login", timeout=10) for _ in range(40)]
    statuses = [answer.status_code for answer in answers]
    assert statuses[:20] == [200] * 20
    throttled = [answer for answer in answers if answer.status_code == 429]
    assert len(throttled) >= 15, statuses
    assert throttled[0].json() == {"detail": "too many requests, slow down"}
    assert throttled[0].headers["Retry-After"] == "1"
    # The terminal API has its own, far larger allowance: it still answers.
    assert session.get(base + "/healthz", timeout=10).status_code == 200


# The shipped general zone: 20 requests a second per address, bursts of 400 (nodelay).
GENERAL_RATE_PER_S, GENERAL_BURST = 20, 400


def test_the_general_zone_bounds_any_address_to_its_rate(proxied_hub):
    """Far more requests than a burst, sent in parallel from one address: nginx lets through no
    more than the burst plus the rate over the time taken, and answers the rest 429 with JSON."""
    _hub, session, base, _http_base = proxied_hub
    threads, each = 12, 100

    def hammer(_n: int) -> list[requests.Response]:
        with requests.Session() as own:
            own.trust_env, own.verify = False, session.verify
            return [own.get(base + "/healthz", timeout=30) for _ in range(each)]

    started = time.monotonic()
    with ThreadPoolExecutor(threads) as pool:
        answers = [a for batch in pool.map(hammer, range(threads)) for a in batch]
    elapsed = time.monotonic() - started
    passed = [a for a in answers if a.status_code == 200]
    throttled = [a for a in answers if a.status_code == 429]
    assert len(passed) + len(throttled) == threads * each, {a.status_code for a in answers}
    # +1: the request that opens the bucket; +GENERAL_RATE_PER_S: rounding of the elapsed time
    assert len(passed) <= GENERAL_BURST + 1 + GENERAL_RATE_PER_S * (elapsed + 1), (
        len(passed),
        elapsed,
    )
    assert throttled, f"{threads * each} requests in {elapsed:.1f} s were never throttled"
    assert throttled[0].json() == {"detail": "too many requests, slow down"}
    assert throttled[0].headers["Retry-After"] == "1"
