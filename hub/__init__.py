"""The hub server: terminal API, public phone pages, staff admin (``hub.admin``); see docs/hub.md."""
