"""Does a resident's free text look like it carries personal data?

Residents type anything into the search box; what the hub turns into hot questions is shown on
every kiosk, so a query is left out when :func:`looks_personal` says yes. The rules err on the side
of leaving a question out (a missed hot question costs little; a shown phone number costs a lot):

- a run of 5 or more digits (ASCII, full-width after NFKC, or Chinese numerals 〇一二…九);
- digits broken up by spaces or dashes the way phone numbers are written (``138 0013 8000``);
- an ID card number (17 digits and a check digit or ``X``) is already a digit run;
- a masked value (``***``: the terminal masks phone-like text before it sends it);
- an e-mail address or a web address;
- a house number (``12号``, ``3栋``, ``502室`` …);
- a name given outright (``我叫…``, ``我的名字``, ``姓名``) or a common surname followed by a form
  of address (``张先生``, ``李女士``, ``王老板``, ``刘某``), which names a particular person.
"""

from __future__ import annotations

import re
import unicodedata

DIGIT_RUN_RE = re.compile(r"[0-9〇零一二三四五六七八九两]{5,}")
PHONE_LIKE_RE = re.compile(r"\d[\d\s\-—()（）]{6,}\d")
MASKED_RE = re.compile(r"\*{2,}")
EMAIL_OR_WEB_RE = re.compile(r"@|https?:|www\.|\.(com|cn|net)\b", re.I)
HOUSE_NUMBER_RE = re.compile(r"\d+\s*(号|栋|幢|单元|室|弄|楼|组)")
NAME_GIVEN_RE = re.compile(r"我叫|我名叫|名字叫|我的名字|姓名|本人姓|叫做")
# The most common surnames (they cover the large majority of residents) before a form of address.
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤"
)
TITLED_NAME_RE = re.compile(
    f"[{SURNAMES}](先生|女士|小姐|老板|师傅|经理|总|老师|律师|医生|大爷|大妈|阿姨|叔|婶|某)"
)
PERSONAL_RES = (
    DIGIT_RUN_RE,
    PHONE_LIKE_RE,
    MASKED_RE,
    EMAIL_OR_WEB_RE,
    HOUSE_NUMBER_RE,
    NAME_GIVEN_RE,
    TITLED_NAME_RE,
)


def normalise_text(text: str) -> str:
    """NFKC, trimmed, runs of white space collapsed to one space."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def looks_personal(text: str) -> bool:
    """True when ``text`` (normalised or not) may carry a phone, ID number, address or name."""
    normalised = normalise_text(text)
    return any(pattern.search(normalised) for pattern in PERSONAL_RES)
