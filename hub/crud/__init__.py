"""Database operations with keyword-only arguments, shared by routes, CLI and admin pages."""
