"""One module per ``legal-kiosk`` command; see :mod:`kiosk.cli` for the interface."""
