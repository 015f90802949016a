"""The one-tap satisfaction question: three large faces with words (满意 / 一般 / 不满意).

:class:`RatingFaces` is the row of faces (the call rating screen uses it too);
:class:`RatingPrompt` is the band the app puts along the bottom of the window after a guide was
read or a booking made; the screens end above it. It is not modal: the screen stays usable, and
it goes away by itself (``RATING_PROMPT_S``), on 首页, at the idle reset, or with its own close
button.
"""

from __future__ import annotations

from kivy.properties import BooleanProperty, ListProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.widget import Widget

from contract.events import SATISFACTION_FACES

RATING_PROMPT_S = 25.0  # the prompt leaves by itself after this long
THANKS_S = 2.0  # "thank you" shows this long before the prompt leaves
FACE_STARS = {"good": 5, "ok": 3, "bad": 1}  # for the 1-5 ``call_rated`` the ledger reads


class FaceIcon(Widget):
    """A face drawn with lines (no emoji font needed): ``face`` = good, ok or bad."""

    face = StringProperty("good")
    colour = ListProperty([0, 0, 0, 1])


class FaceButton(ButtonBehavior, BoxLayout):
    face = StringProperty("good")
    text = StringProperty("")


class RatingFaces(BoxLayout):
    """Three face buttons; fires ``on_rate(face)``."""

    faces = SATISFACTION_FACES
    __events__ = ("on_rate",)

    def on_rate(self, face: str) -> None:
        pass


class RatingPanel(BoxLayout):
    """The question with its faces and close button; ``wide`` puts the question beside the
    faces (one low row on a landscape screen) instead of above them."""

    title = StringProperty("")
    thanks = StringProperty("")  # set once a face was tapped
    wide = BooleanProperty(False)
    __events__ = ("on_rate", "on_close")

    def on_rate(self, face: str) -> None:
        pass

    def on_close(self) -> None:
        pass


class RatingPrompt(RatingPanel):
    """The question in a band along the bottom of the window (after a guide, a booking); the
    screens are shrunk to end above it (:class:`screens.rating_offer.RatingOffer`), so it covers
    nothing of them; a touch inside it never reaches the screen under it."""

    def on_touch_down(self, touch) -> bool:
        if not self.collide_point(*touch.pos):
            return False
        super().on_touch_down(touch)
        return True
