"""How a resident can be named on a booking without typing: common surnames and forms of address.

A resident taps a surname and a form of address (王 + 阿姨 → 王阿姨) instead of spelling pinyin, so
the adviser reads Chinese characters, never "wang". Someone who gives no surname is named by the
last four digits of the phone number (居民（尾号1234）). Both tables are facts, not translations:
what is sent to the hub is the Chinese form; the terminal's catalogs give only the key labels.
"""

from __future__ import annotations

# The forty most frequent surnames of mainland China (household-registration statistics, roughly
# in order of frequency), enough to name most residents with one tap.
COMMON_SURNAMES: tuple[str, ...] = tuple(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩邓冯曹彭曾肖田董潘袁蔡蒋余"
)

# Forms of address after a surname: (catalog key suffix, the Chinese form the adviser reads).
FORMS_OF_ADDRESS: tuple[tuple[str, str], ...] = (
    ("mr", "先生"),
    ("ms", "女士"),
    ("auntie", "阿姨"),
    ("uncle", "大爷"),
)

ANONYMOUS_NAME_KEY = "booking.anonymous_name"  # 居民（尾号{last4}）, from the hub's language


def compose_name(surname: str, form_of_address: str = "") -> str:
    """``"王"`` + ``"先生"`` → ``"王先生"``; empty without a surname (a form alone names nobody)."""
    return f"{surname}{form_of_address}" if surname else ""
