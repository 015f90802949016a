"""The ticket a resident can take home, shown before it is printed (the same image goes to paper)."""

from __future__ import annotations

import io

from kivy.core.image import Image as CoreImage
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.image import Image
from kivy.uix.modalview import ModalView

from screens.widgets.common import BigButton

PREVIEW_HEIGHT = 0.8  # of the window


def _texture(image):
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    buffer.seek(0)
    return CoreImage(buffer, ext="png").texture


class TicketPreview(ModalView):
    """The rendered ticket, 打印 and 关闭. ``on_print()`` sends the same image to the printer."""

    def __init__(self, app, image, on_print, **kwargs) -> None:
        super().__init__(
            size_hint=(None, PREVIEW_HEIGHT),
            width=min(900, app.root.width * 0.9),
            auto_dismiss=True,
            background_color=(0, 0, 0, 0),
            overlay_color=(0, 0, 0, 0.6),
            **kwargs,
        )
        box = BoxLayout(orientation="vertical", spacing=16, padding=24)
        self.picture = Image(texture=_texture(image), fit_mode="contain")
        box.add_widget(self.picture)
        buttons = BoxLayout(size_hint_y=None, height=110, spacing=16)
        self.print_button = BigButton(text=app.tr("printing.print"), role="primary")
        self.close_button = BigButton(text=app.tr("printing.close"), role="plain")
        self.print_button.bind(on_release=lambda _b: (self.dismiss(), on_print()))
        self.close_button.bind(on_release=lambda _b: self.dismiss())
        buttons.add_widget(self.print_button)
        buttons.add_widget(self.close_button)
        box.add_widget(buttons)
        self.add_widget(box)
