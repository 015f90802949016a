"""HTTP routes of the hub: terminal API under ``/api/v1``, dependencies in :mod:`hub.api.deps`."""
