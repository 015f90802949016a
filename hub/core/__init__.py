"""Hub infrastructure: settings, database engine, security helpers."""
