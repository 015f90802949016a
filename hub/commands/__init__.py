"""One module per ``legal-hub`` command (see :mod:`hub.cli`)."""
