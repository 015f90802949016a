"""The one error of the calculators: a figure that cannot be used, named by field and reason."""

from __future__ import annotations


class CalcInputError(ValueError):
    """``field`` names the input; ``reason`` is a catalog key under ``calc.error.``."""

    def __init__(self, field: str, reason: str, **values: object) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason
        self.values = values
