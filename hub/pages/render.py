"""Jinja2 rendering for the public phone pages: language choice, translator, view counts."""

from __future__ import annotations

from datetime import datetime, tzinfo
from functools import lru_cache
from pathlib import Path

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from contract.i18n import LANGUAGES, Translator
from hub.core.clock import local

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"


@lru_cache(maxsize=1)
def environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES_DIR), autoescape=select_autoescape(("html",))
    )


def language(request: Request) -> str:
    """``?lang=en`` wins, then Accept-Language, else zh_CN."""
    asked = request.query_params.get("lang")
    if asked in LANGUAGES:
        return asked
    accept = request.headers.get("accept-language", "").lower()
    return "en" if accept.startswith("en") else "zh_CN"


def render(
    request: Request, template: str, *, status: int = 200, **context: object
) -> HTMLResponse:
    lang = language(request)
    other = "en" if lang == "zh_CN" else "zh_CN"
    t = Translator(lang)
    zone = page_zone(request)
    html = (
        environment()
        .get_template(template)
        .render(
            t=t,
            when_text=lambda value: local_words(value, t, zone),
            lang=lang,
            html_lang="zh-CN" if lang == "zh_CN" else "en",
            switch_url=f"{request.url.path}?lang={other}",
            **context,
        )
    )
    return HTMLResponse(html, status_code=status, headers={"Cache-Control": "no-store"})


def not_found(request: Request) -> HTMLResponse:
    return render(request, "public/not_found.html", status=404)


def page_zone(request: Request) -> tzinfo:
    """The hub's zone (``HUB_TIMEZONE``): every time on a phone page is written in it."""
    return request.app.state.hub.settings.zone


def local_words(value: datetime, t: Translator, zone: tzinfo) -> str:
    """A date and time in ``zone``, written the way the reader's language writes it."""
    shown = local(value, zone)
    return t(
        "hub.datetime",
        year=shown.year,
        month=shown.month,
        day=shown.day,
        weekday=t(f"hub.weekday.{shown.weekday()}"),
        time=f"{shown:%H:%M}",
    )
