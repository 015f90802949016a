"""Every operation of /openapi.json fed malformed input answers 4xx with a detail, never 5xx."""

import json
import random
from collections import Counter

import pytest
from fastapi.testclient import TestClient

from hub.main import create_app
from tests.support.hub_terminals import enroll

JUNK_VALUES = [
    None,
    "",
    "x" * 300,
    -1,
    2**63,
    1.5,
    True,
    [],
    {},
    ["a"],
    {"a": {"b": [1]}},
    "\x00",
    "离婚",
    "2026-13-45T99:99:99+08:00",
    "../../etc/passwd",
    "' OR 1=1 --",
]


def junk_bodies(schema_fields: list[str], rng: random.Random) -> list:
    bodies = [None, [], "text", 123, {"unknown": 1}]
    for _ in range(12):
        bodies.append(
            {field: rng.choice(JUNK_VALUES) for field in schema_fields if rng.random() < 0.8}
        )
    return bodies


def operations(spec: dict) -> list[tuple[str, str, list[str]]]:
    found = []
    for path, methods in spec["paths"].items():
        for method, operation in methods.items():
            ref = (
                operation.get("requestBody", {})
                .get("content", {})
                .get("application/json", {})
                .get("schema", {})
            )
            fields = []
            if "$ref" in ref:
                fields = list(
                    spec["components"]["schemas"][ref["$ref"].rsplit("/", 1)[1]].get(
                        "properties", {}
                    )
                )
            found.append((method.upper(), path, fields))
    return found


@pytest.mark.parametrize("hub_env", ["sqlite"], indirect=True)
def test_no_5xx_on_malformed_input(hub_env, demo):
    settings = hub_env.settings.model_copy(update={"rate_limit_burst": 10_000})
    with TestClient(create_app(settings, engine=hub_env.engine)) as client:
        terminal = {
            "headers": {
                "Authorization": f"Bearer {enroll(client, next(iter(demo.codes.values())))['token']}"
            }
        }
        statuses = fuzz(client, terminal)
    assert statuses[422] > 50 and statuses[401] > 50 and sum(statuses.values()) > 250


def fuzz(client, terminal) -> Counter:
    rng = random.Random(20261122)
    spec = client.get("/openapi.json").json()
    ops = operations(spec)
    assert {(m, p) for m, p, _ in ops} >= {
        ("POST", "/api/v1/enroll"),
        ("GET", "/api/v1/content"),
        ("POST", "/api/v1/bookings"),
        ("POST", "/api/v1/events"),
    }
    statuses = Counter()
    for method, path, fields in ops:
        for body in junk_bodies(fields, rng):
            concrete = (
                path.replace("{sha256}", rng.choice(["0" * 64, "zz", "x" * 70]))
                .replace("{adviser_id}", rng.choice(["adv-a", "..", "%00", "a" * 80]))
                .replace("{code}", rng.choice(["ABCDEFGHJK", "x", "y" * 40]))
            )
            params = {
                "since": rng.choice(["-5", "abc", "99999999999", "0"]),
                "days": rng.choice(["0", "x", "3"]),
            }
            for headers in ({**terminal["headers"], "Content-Type": "application/json"}, {}):
                answer = client.request(
                    method,
                    concrete,
                    headers=headers,
                    params=params,
                    content=json.dumps(body) if body is not None else b"{",
                )
                statuses[answer.status_code] += 1
                assert answer.status_code < 500, (method, concrete, body, answer.text)
                if answer.status_code >= 400:
                    assert isinstance(answer.json()["detail"], str)
    return statuses
