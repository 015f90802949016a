"""Fixtures shared by the terminal-core tests (defined in tests/support/content_fixtures.py)."""

from tests.support.content_fixtures import empty_store, store  # noqa: F401 - pytest fixtures
