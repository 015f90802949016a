"""Terminals in hub tests: enroll one through the API with a code."""

from __future__ import annotations

from fastapi.testclient import TestClient


def enroll(client: TestClient, code: str) -> dict:
    answer = client.post("/api/v1/enroll", json={"code": code})
    assert answer.status_code == 200, answer.text
    return answer.json()
