"""``/p/institutions/{id}``: a legal-service place for a phone — address, hours, phone, navigation."""

from __future__ import annotations

import re

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from contract.maplinks import map_link
from hub.api.deps import HubDep
from hub.core.db import writing
from hub.crud.pages import count_view, published
from hub.pages.render import not_found, render

router = APIRouter(prefix="/p", include_in_schema=False)


@router.get("/institutions/{institution_id}", response_class=HTMLResponse)
def institution_page(institution_id: str, request: Request, hub: HubDep) -> HTMLResponse:
    with writing(hub.engine) as conn:
        place = published(conn, "institutions", institution_id)
        if place is None:
            return not_found(request)
        count_view(conn, kind="institution", item_id=institution_id, zone=hub.settings.zone)
    tel = re.sub(r"[^0-9+]", "", place.get("phone", ""))
    return render(
        request,
        "public/institution.html",
        place=place,
        tel=tel,
        amap_url=map_link(place, app="amap"),
        baidu_url=map_link(place, app="baidu"),
    )
