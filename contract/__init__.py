"""What hub and terminal agree on, owned by neither: both import it, it imports neither.

- :mod:`contract.records` — the content records and their validation (errors as data);
- :mod:`contract.i18n` — the translation catalogs (package data of :mod:`assets`);
- :mod:`contract.geo`, :mod:`contract.maplinks` — map datums and navigation links;
- :mod:`contract.api` — API prefix, code alphabet; :mod:`contract.events` — usage events;
- :mod:`contract.commands` — command discovery for both command lines;
- :mod:`contract.demo` — the demo content both sides seed from.
"""

from contract.i18n import DEFAULT_LANGUAGE, LANGUAGES, Translator
from contract.records import COLLECTIONS, RecordInvalid, validate_id, validate_record

__all__ = [
    "COLLECTIONS",
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "RecordInvalid",
    "Translator",
    "validate_id",
    "validate_record",
]
