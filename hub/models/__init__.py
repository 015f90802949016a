"""The hub's database schema (SQLAlchemy Core tables)."""
