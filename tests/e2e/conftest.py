"""Shared pieces of the terminal ↔ hub tests: a real hub process, the real kiosk CLI, hub edits."""

from __future__ import annotations

import pytest

from tests.support.e2e_steps import (
    start_hub,
)
from tests.support.hub_process import hub_process


@pytest.fixture(scope="session")
def sync_hub(tmp_path_factory):
    """One real hub process (demo data) for every terminal ↔ hub test; tests that stop it start it again."""
    with hub_process(tmp_path_factory.mktemp("hub")) as running:
        yield running


@pytest.fixture
def hub(sync_hub):
    if sync_hub.process.poll() is not None:  # a failed test left it stopped
        start_hub(sync_hub)
    return sync_hub
