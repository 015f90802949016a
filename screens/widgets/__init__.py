"""Shared widgets and the theme of the kiosk screens."""
