"""Thumbnails of work-log photos: decoding the photo is also the proof that it is a picture
(the first bytes alone let a damaged or disguised file through).

A thumbnail is a JPEG at most :data:`THUMB_PX` on its longer side, turned as the camera's EXIF
says, without the photo's metadata (no location); the photo itself is kept without its metadata
too (:func:`without_metadata`). Pictures over :data:`MAX_PIXELS` are refused
before they are decoded (a "decompression bomb" is a small file of an enormous picture).
"""

from __future__ import annotations

import io

from PIL import Image, ImageOps, UnidentifiedImageError

THUMB_PX = 240
PRINT_PX = 1400  # a photo in the village file's PDF: a sign-in sheet stays legible on A4
MAX_PIXELS = 64_000_000  # a phone's photo has up to ~50 million pixels
THUMB_QUALITY = 80
KEPT_QUALITY = 92  # a photo saved again without its metadata: the sheet's ink stays sharp
METADATA_KEYS = frozenset({"exif", "xmp", "comment", "photoshop"})


class PhotoUnreadable(ValueError):
    """The file starts like a JPEG or PNG but is no picture Pillow can decode."""


def thumbnail(data: bytes, *, side: int = THUMB_PX) -> bytes:
    """``data`` as a JPEG at most ``side`` pixels on its longer side (never enlarged);
    :class:`PhotoUnreadable` when it cannot be decoded."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_PIXELS:
                raise PhotoUnreadable(f"{image.width}x{image.height} pixels is too many")
            image.draft("RGB", (side * 2, side * 2))  # JPEG: decode at a smaller scale
            turned = ImageOps.exif_transpose(image)
            turned.thumbnail((side, side))
            out = io.BytesIO()
            turned.convert("RGB").save(out, format="JPEG", quality=THUMB_QUALITY)
            return out.getvalue()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError) as exc:
        if isinstance(exc, PhotoUnreadable):
            raise
        raise PhotoUnreadable(str(exc)) from None


def without_metadata(data: bytes) -> bytes:
    """The photo as it is kept: the uploaded bytes when they carry no metadata, else the picture
    saved again, upright, without it — EXIF (a phone's GPS location, its make, the time), XMP,
    comments and PNG text chunks. Call after :func:`thumbnail` has checked the picture."""
    with Image.open(io.BytesIO(data)) as image:
        carried = [key for key in image.info if key in METADATA_KEYS or key.startswith("XML:")]
        texts = [key for key, value in image.info.items() if isinstance(value, str)]
        if not image.getexif() and not carried and not texts:
            return data
        turned = ImageOps.exif_transpose(image)
        # Pillow writes some of ``info`` back on save (a JPEG's comment): keep only colour data
        turned.info = {k: v for k, v in image.info.items() if k in ("icc_profile", "dpi")}
        out = io.BytesIO()
        if image.format == "PNG":
            turned.save(out, format="PNG")  # no pnginfo, no exif: no text chunks
        else:
            turned.convert("RGB").save(out, format="JPEG", quality=KEPT_QUALITY)
        return out.getvalue()


def print_copy(data: bytes) -> tuple[bytes, int, int]:
    """``(JPEG, width px, height px)`` of ``data`` at most :data:`PRINT_PX` on its longer side,
    for a PDF; :class:`PhotoUnreadable` when it cannot be decoded."""
    jpeg = thumbnail(data, side=PRINT_PX)
    with Image.open(io.BytesIO(jpeg)) as image:
        return jpeg, image.width, image.height
