"""What a resident types for a person: a name without hidden characters, a phone in ASCII digits.

Both the hub (where bookings and callback requests enter) and the terminal use these rules, so a
phone number typed with full-width digits (``１３８…``) is stored as ``138…``, and a name carrying a
zero-width space or a right-to-left override (which would make two names look alike or reorder
what staff read) is refused.
"""

from __future__ import annotations

import unicodedata

# Separators people write inside phone numbers, ASCII and full-width alike.
PHONE_SEPARATORS = frozenset(" ()+-\u3000（）＋－\u2010\u2011\u2012\u2013\u2014")
# Invisible or direction-changing characters that are not in Unicode's "format" category.
EXTRA_HIDDEN = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def hidden_characters(text: str) -> list[str]:
    """The invisible, direction-changing or unpaired-surrogate characters in ``text`` (as found)."""
    return [
        ch for ch in text if unicodedata.category(ch) in ("Cf", "Cs", "Co") or ch in EXTRA_HIDDEN
    ]


def hidden_code_points(text: str) -> str:
    """The hidden characters of ``text`` as code points for a reason shown to people
    (``"U+200B, U+202E"``; each once, in order of appearance); empty when there are none."""
    return ", ".join(f"U+{ord(ch):04X}" for ch in dict.fromkeys(hidden_characters(text)))


def ascii_phone(text: str) -> str | None:
    """``text`` as ASCII digits: decimal digits of any script become 0-9, separators are dropped;
    None when anything else is in it (letters, superscripts, circled digits …)."""
    digits = []
    for ch in text:
        if ch in PHONE_SEPARATORS:
            continue
        if unicodedata.category(ch) != "Nd":
            return None
        digits.append(str(unicodedata.decimal(ch)))
    return "".join(digits)
