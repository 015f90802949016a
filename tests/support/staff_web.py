"""Staff in the admin of a real hub process, over real HTTP, as a browser would.

    staff = staff_session(hub, "admin")
    page = staff.get(f"{hub.base_url}/admin/terminals/{terminal_id}")
    values = form_values(page.text, f"/admin/terminals/{terminal_id}")
    staff.post(f"{hub.base_url}/admin/terminals/{terminal_id}", data={**values, "adviser_id": x})

:func:`form_values` reads what a browser would submit for the form with that ``action``: its
inputs' values, the selected option of each select, textareas' text and checked boxes (the CSRF
field included), so a test changes only the fields a person would touch.
"""

from __future__ import annotations

from html.parser import HTMLParser

import requests

from tests.support.admin_app import csrf_of

TIMEOUT_S = 20


def staff_session(hub, role: str) -> requests.Session:
    """A session logged in through the real login form as the demo user of ``role``."""
    session = requests.Session()
    page = session.get(f"{hub.base_url}/admin/login", timeout=TIMEOUT_S)
    answer = session.post(
        f"{hub.base_url}/admin/login",
        data={
            "username": role,
            "password": hub.passwords[role],
            "csrf": csrf_of(page.text),
            "next": "/admin",
        },
        timeout=TIMEOUT_S,
    )
    assert answer.status_code == 200 and "/admin/login" not in answer.url, answer.text[:300]
    return session


class _FormReader(HTMLParser):
    def __init__(self, action: str) -> None:
        super().__init__(convert_charrefs=True)
        self.action = action
        self.inside = False
        self.values: dict[str, str] = {}
        self._select: str | None = None
        self._first_option: dict[str, str] = {}
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs) -> None:
        attr = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = attr.get("action") == self.action
        if not self.inside:
            return
        name = attr.get("name")
        if tag == "input" and name:
            if attr.get("type") in ("checkbox", "radio") and "checked" not in attr:
                return
            self.values[name] = attr.get("value", "")
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select is not None:
            self._first_option.setdefault(self._select, attr.get("value", ""))
            if "selected" in attr:
                self.values[self._select] = attr.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.values[name] = ""

    def handle_data(self, data) -> None:
        if self._textarea is not None:
            self.values[self._textarea] += data

    def handle_endtag(self, tag) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "select" and self._select is not None:
            # A select with nothing selected submits its first option.
            self.values.setdefault(self._select, self._first_option.get(self._select, ""))
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def form_values(html: str, action: str) -> dict[str, str]:
    """What submitting the form whose ``action`` is ``action`` unchanged would send."""
    reader = _FormReader(action)
    reader.feed(html)
    assert reader.values, f"no form with action {action!r} on the page"
    return reader.values
