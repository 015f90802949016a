"""One module per resource of the terminal API."""
