"""Legal-service places near the terminal: :func:`nearby` by great-circle distance, filtered by
type and radius (bounding box on an index, then exact distance), and address-only records."""

from kiosk.places.lookup import DEFAULT_RADIUS_M, address_only, nearby

__all__ = ["DEFAULT_RADIUS_M", "address_only", "nearby"]
