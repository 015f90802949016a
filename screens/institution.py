"""One legal-service place: address, hours, phone, services, distance and a navigation QR."""

from __future__ import annotations

from screens.distance import format_distance
from screens.widgets.base import KioskScreen


class InstitutionScreen(KioskScreen):
    place: dict | None = None

    def prepare(self, place: dict | None = None, **_params) -> None:
        if place is None:
            self.app.nav.home()
            return
        self.place = place
        self.run(self.services.store.institution, place["id"], on_done=self.show)

    def show(self, record: dict | None) -> None:
        place = {**(self.place or {}), **(record or {})}
        self.place = place
        self.ids.bar.title = self.tr("institution.type." + place["type"])
        self.ids.name.text = place["name"]
        lines = [
            self.tr(
                "institution.distance", value=format_distance(place.get("distance_m", 0), self.tr)
            ),
            self.tr("institution.address", value=place.get("address", "")),
        ]
        if place.get("hours"):
            lines.append(self.tr("institution.hours", value=place["hours"]))
        if place.get("phone"):
            lines.append(self.tr("institution.phone", value=place["phone"]))
        if place.get("services"):
            lines.append(
                self.tr(
                    "institution.services", value=self.tr("common.list_sep").join(place["services"])
                )
            )
        self.ids.details.text = "\n".join(lines)
        self.ids.qr.payload = self.services.tickets.navigation_payload(place, app="amap")
        self.record("institution.view", institution_id=place["id"], type=place["type"])
        self.record("qr.show", kind="navigation", institution_id=place["id"])

    def print_place(self) -> None:
        if self.place is not None:
            from screens.printing import print_institution

            print_institution(self.app, self.place)

    def clear(self) -> None:
        self.place = None
