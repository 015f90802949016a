"""Public phone pages under /p (no login): guides, institutions, bookings."""
