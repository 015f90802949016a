"""Booking a video consultation: adviser → slot → name and phone → consent → ticket.

Without a booking client (no hub configured, or the hub unreachable) the screen says plainly
that booking needs the network and offers the 12348 hotline instead of a dead end; on an
enrolled terminal it also offers a callback request, queued in the outbox until the hub answers.
"""

from __future__ import annotations

from kivy.clock import Clock
from kivy.properties import BooleanProperty

from kiosk.booking.advisers import advisers_for_terminal
from kiosk.errors import BookingRejected
from kiosk.local_time import parse_local
from screens.booking_details import DetailsStep
from screens.booking_done import build_done
from screens.booking_form import BookingForm
from screens.widgets.base import KioskScreen
from screens.widgets.common import BigButton, BodyLabel, ListItem, QRView, TitleLabel

SLOT_DAYS = 7
CALL_NOW_RECHECK_S = 20.0  # while the screen is open, ask the hub again this often (one GET)
CALL_NOW_TICK_S = 1.0  # how often the app clock is looked at (no network on this tick)


class BookingScreen(KioskScreen):
    resident_input = True
    call_now_available = BooleanProperty(False)  # the hub says an adviser is on duty and free

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.form = BookingForm()
        self.mode = "booking"  # or "callback": the hub is unreachable, staff call back
        self.step = "offline"
        self.result: dict | None = None
        self.adviser_name = ""
        self._asked_at: float | None = None  # app clock of the last "call now?" question
        self._asking = False
        self._call_now_watch = None

    def prepare(self, **_params) -> None:
        self.call_now_available = False  # no promise until the hub answers for this visit
        self.check_call_now()
        if self.services.booking is None:
            self.show_offline()
        elif self.step == "offline" or self.form.adviser is None:
            self.show_advisers()

    def check_call_now(self) -> None:
        """Offer "call now" only while the hub says an adviser is on duty (asked on the io lane).

        The offer shown stays until the answer comes, so a re-check never makes it flicker.
        """
        video = self.services.video
        if video is None:
            self.call_now_available = False
            return
        self._asking = True
        self._asked_at = self.services.session.clock()
        self.run(
            video.can_call_now,
            lane="io",
            on_done=lambda answer: self._call_now_answer(bool(answer[0])),
            on_error=lambda _error: self._call_now_answer(False),  # no answer: no promise
        )

    def _call_now_answer(self, available: bool) -> None:
        self._asking = False
        self.call_now_available = available

    def on_enter(self, *_args) -> None:
        """While the screen is open, duty changes show: the hub is asked again every
        ``CALL_NOW_RECHECK_S`` of the app's clock (the idle timer's), never once per frame."""
        if self._call_now_watch is None:
            self._call_now_watch = Clock.schedule_interval(self._recheck_call_now, CALL_NOW_TICK_S)

    def on_leave(self, *_args) -> None:
        if self._call_now_watch is not None:
            self._call_now_watch.cancel()
            self._call_now_watch = None

    def _recheck_call_now(self, _dt) -> None:
        if self._asking or self._asked_at is None:
            return
        if self.services.session.clock() - self._asked_at >= CALL_NOW_RECHECK_S:
            self.check_call_now()

    def _body(self, title: str):
        self.ids.step_title.text = title
        body = self.ids.body
        body.clear_widgets()
        self.ids.scroll.scroll_y = 1
        # again once the new step is laid out: a step always opens at its top
        Clock.schedule_once(lambda _dt: setattr(self.ids.scroll, "scroll_y", 1), 0)
        return body

    def _button(self, text: str, callback, role: str = "primary", **kwargs) -> BigButton:
        button = BigButton(text=text, role=role, **kwargs)
        button.bind(on_release=lambda _b: callback())
        return button

    def show_offline(self, reason_key: str = "booking.offline") -> None:
        self.step = "offline"
        body = self._body(self.tr("booking.offline_title"))
        body.add_widget(BodyLabel(text=self.tr(reason_key), base_size=36))
        body.add_widget(
            TitleLabel(text=self.tr("booking.hotline_big"), tone="accent", base_size=72)
        )
        qr = QRView(size_hint_y=None, height=320)
        qr.payload = self.services.tickets.hotline_payload()
        body.add_widget(qr)
        body.add_widget(BodyLabel(text=self.tr("booking.hotline_qr_hint")))
        if self.services.booking is not None:
            body.add_widget(BodyLabel(text=self.tr("sync.callback_offer")))
            body.add_widget(self._button(self.tr("sync.callback_button"), self.start_callback))
        self.record("booking.offline")

    # -- offline: a callback request, queued until the hub answers -------------------------------
    def start_callback(self) -> None:
        """Name and phone for a callback (kept when the resident already typed them)."""
        self.mode = "callback"
        if self.form.phone_ok():
            self.show_consent()
        else:
            self.show_details()

    def _callback_queued(self, _request_id: str) -> None:
        self.form.wipe()  # the request is in the outbox now; nothing else keeps the contact
        self.mode = "booking"
        self.step = "done"
        self.record("booking.callback")
        body = self._body(self.tr("sync.callback_done_title"))
        body.add_widget(BodyLabel(text=self.tr("sync.callback_queued"), base_size=36))
        body.add_widget(BodyLabel(text=self.tr("sync.hotline_next_step")))
        body.add_widget(
            self._button(self.tr("sync.callback_home"), self.app.nav.home, role="plain")
        )

    def step_back(self) -> bool:
        """返回 inside the steps goes one step back (what was typed is kept); False at the first."""
        if self.step == "slots":
            self.show_advisers()
        elif self.step == "details" and self.mode == "callback":
            self.show_offline()
        elif self.step == "details" and self.form.adviser is not None:
            self.choose_adviser(self.form.adviser)
        elif self.step == "consent":
            self.show_details()
        else:
            return False
        return True

    # -- step 1: adviser ----------------------------------------------------------------------
    def show_advisers(self) -> None:
        self.step = "advisers"
        self._body(self.tr("booking.choose_adviser"))
        terminal = self.services.config.terminal
        store = self.services.store

        def load():
            return advisers_for_terminal(store, terminal)

        self.run(load, on_done=self._list_advisers)

    def _list_advisers(self, advisers: list[dict]) -> None:
        body = self.ids.body
        for adviser in advisers:
            item = ListItem(
                title=f"{adviser['name']} {adviser.get('title', '')}",
                detail=self.tr("common.list_sep").join(adviser.get("serves", [])),
                payload=adviser,
            )
            item.bind(on_release=lambda i: self.choose_adviser(i.payload))
            body.add_widget(item)

    def choose_adviser(self, adviser: dict) -> None:
        self.form.adviser = adviser
        self.step = "slots"
        self._body(self.tr("booking.choose_slot", adviser=adviser["name"]))
        self.run(
            self.services.booking.slots,
            adviser["id"],
            days=SLOT_DAYS,
            lane="io",
            on_done=self._list_slots,
            on_error=self._hub_failed,
        )

    def _list_slots(self, slots: list[dict]) -> None:
        body = self.ids.body
        free = [s for s in slots if s.get("free", True)]
        if not free:
            body.add_widget(BodyLabel(text=self.tr("booking.no_slots")))
        for slot in free:
            start = parse_local(slot["start"], self.services.config.terminal.timezone)
            text = self.tr(
                "booking.slot",
                month=start.month,
                day=start.day,
                weekday=self.tr(f"weekday.{start.weekday()}"),
                time=start.strftime("%H:%M"),
            )
            body.add_widget(self._button(text, lambda s=slot: self.choose_slot(s), role="chip"))

    def _hub_failed(self, error: BaseException) -> None:
        self.record("booking.failed", kind=type(error).__name__)
        if (
            isinstance(error, BookingRejected)
            and self.form.adviser is not None
            and self.mode == "booking"
        ):
            # The slot was taken meanwhile (or refused): say so and show the free slots again.
            self.app.show_message(self.tr(error.message_key))
            self.choose_adviser(self.form.adviser)
            return
        self.show_offline(getattr(error, "message_key", "error.hub_unavailable"))

    # -- step 2: name and phone -----------------------------------------------------------------
    def choose_slot(self, slot: dict) -> None:
        self.form.slot = slot
        self.show_details()

    def show_details(self) -> None:
        self.step = "details"
        body = self._body(self.tr("booking.your_details"))
        self.details = DetailsStep(
            self, body, self._button(self.tr("booking.next"), self.show_consent)
        )

    # -- step 3: consent and booking ------------------------------------------------------------
    def show_consent(self) -> None:
        if not self.form.phone_ok():
            self.app.show_message(self.tr("booking.check_details"))
            return
        self.step = "consent"
        body = self._body(self.tr("booking.privacy_title"))
        body.add_widget(BodyLabel(text=self.tr("booking.privacy_notice")))
        agree_key = "sync.callback_agree" if self.mode == "callback" else "booking.agree_and_book"
        body.add_widget(self._button(self.tr(agree_key), self.agree))
        body.add_widget(self._button(self.tr("booking.disagree"), self.app.nav.home, role="plain"))

    def agree(self) -> None:
        self.form.consent = True
        form = self.form
        if self.mode == "callback":
            adviser_id = form.adviser["id"] if form.adviser else None
            self.run(
                self.services.booking.request_callback,
                name=form.contact_name(),
                phone=form.phone,
                adviser_id=adviser_id,
                lane="io",
                on_done=self._callback_queued,
                on_error=self.app.show_error,
            )
            return
        self.run(
            self.services.booking.book,
            adviser_id=form.adviser["id"],
            start=form.slot["start"],
            name=form.contact_name(),
            phone=form.phone,
            idempotency_key=form.idempotency_key,
            lane="io",
            on_done=self.show_done,
            on_error=self._hub_failed,
        )

    def show_done(self, booking: dict) -> None:
        self.result = booking
        self.adviser_name = self.form.adviser["name"] if self.form.adviser else ""
        self.form.wipe()  # nothing personal stays on the terminal after the booking
        self.step = "done"
        self.record("booking.made")
        body = self._body(self.tr("booking.done_title"))
        build_done(self, body, booking)
        self.ids.body.add_widget(self._button(self.tr("booking.print"), self.print_ticket))
        self.app.rating.offer("booking")  # the screen ends above the question: it covers nothing

    def print_ticket(self) -> None:
        from screens.printing import print_booking

        print_booking(self.app, self.result, adviser_name=self.adviser_name)

    def clear(self) -> None:
        self.form.wipe()
        self.mode = "booking"
        self.result = None
        self.step = "offline"
        if "body" in self.ids:
            self.ids.body.clear_widgets()
