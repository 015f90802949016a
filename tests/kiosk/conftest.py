"""Fixtures shared by the terminal-core tests (defined in core_fixtures.py)."""

from tests.support.content_fixtures import empty_store, store  # noqa: F401 - pytest fixtures
