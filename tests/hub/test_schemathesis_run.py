"""A bounded schemathesis run over the terminal API of a real hub process: 0 server errors.

Schemathesis reads the hub's own ``/openapi.json`` and generates requests for every operation —
valid ones and ones that break the schema (wrong types, missing and unknown fields, odd strings).
The hub runs as a process on loopback, on SQLite and on PostgreSQL, with an enrolled terminal's
token so the calls reach the code behind authentication. The run is bounded (a fixed number of
examples per operation, a derandomized seed) so ``make test`` stays quick and repeatable.
"""

from __future__ import annotations

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode

from tests.support.hub_process import hub_on_database

EXAMPLES_PER_OPERATION = 30
OPERATIONS = {
    ("POST", "/api/v1/enroll"),
    ("GET", "/api/v1/content"),
    ("GET", "/api/v1/media/{sha256}"),
    ("GET", "/api/v1/advisers/{adviser_id}/slots"),
    ("POST", "/api/v1/bookings"),
    ("POST", "/api/v1/bookings/{code}/cancel"),
    ("POST", "/api/v1/events"),
    ("POST", "/api/v1/heartbeat"),
    ("POST", "/api/v1/callbacks"),
    ("GET", "/api/v1/calls/now"),
    ("POST", "/api/v1/calls"),
    ("PUT", "/api/v1/commands/{command_id}/screenshot"),
}
# Operations that take no input at all: only valid requests can be generated for them.
NO_INPUT = {("GET", "/api/v1/calls/now")}
CASES = [
    pytest.param(key, mode, id=f"{' '.join(key)} {mode.value}")
    for key in sorted(OPERATIONS)
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    if not (mode is GenerationMode.NEGATIVE and key in NO_INPUT)
]
# The run sends thousands of requests from one address in a few seconds; the limiter would answer
# most of them 429 and hide the code behind it (the limiter has tests of its own).
UNLIMITED = {"HUB_RATE_LIMIT_PER_MINUTE": "1000000", "HUB_RATE_LIMIT_BURST": "1000000"}


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def fuzzed_hub(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(f"schemathesis-{request.param}")
    with hub_on_database(request.param, folder, env=UNLIMITED) as (running, _url):
        yield running


@pytest.fixture(scope="module")
def terminal_headers(fuzzed_hub) -> dict[str, str]:
    name = next(iter(fuzzed_hub.codes))
    answer = httpx.post(
        fuzzed_hub.base_url + "/api/v1/enroll",
        json={"code": fuzzed_hub.new_code(name)},
        timeout=10,
    )
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['token']}"}


@pytest.fixture(scope="module")
def api_schema(fuzzed_hub):
    return schemathesis.openapi.from_url(fuzzed_hub.base_url + "/openapi.json")


def operations(api_schema) -> dict[tuple[str, str], object]:
    found = {}
    for result in api_schema.get_all_operations():
        operation = result.ok()
        found[(operation.method.upper(), operation.path)] = operation
    return found


def test_schema_lists_every_terminal_operation(api_schema):
    assert set(operations(api_schema)) == OPERATIONS


@pytest.mark.parametrize(("key", "mode"), CASES)
def test_no_server_error_for_any_generated_request(api_schema, terminal_headers, key, mode):
    operation = operations(api_schema)[key]
    seen: list[int] = []

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case):
        answer = case.call(headers=terminal_headers, timeout=30)
        seen.append(answer.status_code)
        case.validate_response(answer, checks=[not_a_server_error])
        if answer.status_code >= 400:
            assert isinstance(answer.json()["detail"], str), answer.text

    check()
    assert seen, "schemathesis generated no request"
