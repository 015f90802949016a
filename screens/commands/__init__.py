"""``legal-kiosk`` commands that start the UI (``run``, ``screenshot``).

They register through the ``legal_kiosk.commands`` entry points in ``pyproject.toml``, so the
terminal core finds them without importing ``screens``. Nothing here imports Kivy at import time:
each command configures Kivy first (:mod:`screens.launcher`), then imports the app.
"""
