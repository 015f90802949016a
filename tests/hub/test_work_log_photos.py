"""Photos on work-log entries: JPEG or PNG only (by their bytes), size- and count-limited,
stored by sha256 apart from the terminals' media, shown only to the entry's adviser and to staff
who read every log, deleted by the author while the entry is open, locked with it."""

from __future__ import annotations

import hashlib
import io
import struct
import zlib
from datetime import datetime, timedelta

import pytest
import time_machine
from PIL import Image
from sqlalchemy import select

from hub.core.db import reading
from hub.main import create_app
from hub.models.tables import media, work_log, work_log_photos
from tests.support.admin_app import csrf_of, post_form, sqlite_only, staff_client
from tests.support.work_log_steps import adviser_login, entry_form, photo_bytes
from tests.support.zones import SHANGHAI

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=SHANGHAI)
TODAY = "2026-11-20"
PNG = photo_bytes("PNG")


def _png_claiming(width: int, height: int) -> bytes:
    """A small PNG whose header claims ``width`` x ``height`` pixels (a decompression bomb)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + header
    ihdr = struct.pack(">I", len(header)) + chunk + struct.pack(">I", zlib.crc32(chunk))
    return b"\x89PNG\r\n\x1a\n" + ihdr + bytes(64)


JPEG = photo_bytes("JPEG", color=(10, 120, 200))


def _app(hub_env, **settings):
    return create_app(hub_env.settings.model_copy(update=settings), engine=hub_env.engine)


@pytest.fixture
def app(hub_env):
    return _app(hub_env)


def _files(*datas: bytes, name="sheet.jpg", mime="image/jpeg"):
    return [("photos", (f"{n}-{name}", data, mime)) for n, data in enumerate(datas)]


def _add(client, *datas: bytes, **files_args):
    return post_form(
        client, "/admin/worklog", "/admin/worklog", entry_form(TODAY), _files(*datas, **files_args)
    )


def _photo_rows(hub_env) -> list[dict]:
    with reading(hub_env.engine) as conn:
        query = select(work_log_photos).order_by(work_log_photos.c.id)
        return [dict(r) for r in conn.execute(query).mappings()]


def _entry_ids(hub_env) -> list[int]:
    with reading(hub_env.engine) as conn:
        return list(conn.execute(select(work_log.c.id).order_by(work_log.c.id)).scalars())


def _url(entry_id: int, data: bytes) -> str:
    return f"/admin/worklog/{entry_id}/photos/{hashlib.sha256(data).hexdigest()}"


def test_an_adviser_attaches_photos_and_sees_them_on_the_entry(app, demo, hub_env, terminal):
    with time_machine.travel(NOW, tick=False):
        adviser = staff_client(app, demo, "adviser")
        form = adviser.get("/admin/worklog").text
        assert 'enctype="multipart/form-data"' in form and 'name="photos"' in form
        # the browser's claim (name, type) is not what decides: a PNG sent as "x.jpg" is a PNG
        saved = _add(adviser, PNG, JPEG)
        assert saved.status_code == 303, saved.text
        listed = adviser.get("/admin/worklog?month=2026-11").text
        (entry_id,) = _entry_ids(hub_env)
        shown = [adviser.get(_url(entry_id, data)) for data in (PNG, JPEG)]
        thumb = adviser.get(f"{_url(entry_id, PNG)}/thumb")
    rows = _photo_rows(hub_env)
    assert [(r["entry_id"], r["sha256"], r["mime"], r["size"]) for r in rows] == [
        (entry_id, hashlib.sha256(PNG).hexdigest(), "image/png", len(PNG)),
        (entry_id, hashlib.sha256(JPEG).hexdigest(), "image/jpeg", len(JPEG)),
    ]
    assert listed.count('class="thumb"') == 2 and f'src="{_url(entry_id, PNG)}/thumb"' in listed
    assert [(a.status_code, a.headers["content-type"], a.content) for a in shown] == [
        (200, "image/png", PNG),
        (200, "image/jpeg", JPEG),
    ]
    assert shown[0].headers["cache-control"] == "private, no-store"
    assert (thumb.status_code, thumb.headers["content-type"]) == (200, "image/jpeg")
    with Image.open(io.BytesIO(thumb.content)) as small:
        assert (small.format, small.size) == ("JPEG", (64, 64))
    # stored by hash apart from the published media: terminals and the media pages never see it
    sha = rows[0]["sha256"]
    assert (hub_env.settings.work_log_photo_dir / sha).read_bytes() == PNG
    assert not (hub_env.settings.media_dir / sha).exists()
    with reading(hub_env.engine) as conn:
        assert conn.execute(select(media.c.id).where(media.c.id == sha)).first() is None
    client = adviser
    assert client.get(f"/api/v1/media/{sha}", headers=terminal["headers"]).status_code == 404
    assert staff_client(app, demo, "editor").get(f"/admin/media/{sha}").status_code == 404
    # a terminal's token never opens a staff page, with a staff cookie beside it or without
    assert client.get(_url(entry_id, PNG), headers=terminal["headers"]).status_code == 403
    token_only = staff_client(app, demo, None)
    assert token_only.get(_url(entry_id, PNG), headers=terminal["headers"]).status_code == 403


def test_the_same_file_twice_is_stored_once(app, demo, hub_env):
    with time_machine.travel(NOW, tick=False):
        adviser = staff_client(app, demo, "adviser")
        assert _add(adviser, PNG, PNG).status_code == 303
        assert _add(adviser, PNG).status_code == 303
    rows = _photo_rows(hub_env)
    assert [r["entry_id"] for r in rows] == _entry_ids(hub_env)  # one row per entry
    folder = hub_env.settings.work_log_photo_dir
    assert sorted(p.name for p in folder.iterdir()) == [rows[0]["sha256"], "thumbs"]
    assert [p.name for p in (folder / "thumbs").iterdir()] == [f"{rows[0]['sha256']}.jpg"]


@sqlite_only
@pytest.mark.parametrize(
    ("datas", "settings", "reason"),
    [
        ((photo_bytes("GIF"),), {}, "只能上传 JPG 或 PNG 照片"),
        ((photo_bytes("WEBP"),), {}, "只能上传 JPG 或 PNG 照片"),
        ((b"%PDF-1.7 not a photo",), {}, "只能上传 JPG 或 PNG 照片"),
        ((b"<svg xmlns='http://www.w3.org/2000/svg'/>",), {}, "只能上传 JPG 或 PNG 照片"),
        ((PNG[:16] + b"<script>alert(1)</script>",), {}, "照片打不开"),
        ((JPEG[:400],), {}, "照片打不开"),
        ((_png_claiming(20_000, 20_000),), {}, "照片打不开"),
        (
            (PNG[:16] + bytes(20_000),),
            {"work_log_photo_bytes": 10_000},
            "照片太大了：每张最多 0.01 MB",
        ),
        (
            (PNG, JPEG, photo_bytes("PNG", color=(1, 2, 3))),
            {"work_log_photos_per_entry": 2},
            "这条日志最多还能加 2 张",
        ),
    ],
    ids=["gif", "webp", "pdf", "svg", "broken-png", "broken-jpeg", "bomb", "too-big", "too-many"],
)
def test_refused_photos_answer_422_and_store_nothing(hub_env, demo, datas, settings, reason):
    app = _app(hub_env, **settings)
    with time_machine.travel(NOW, tick=False):
        answer = _add(staff_client(app, demo, "adviser"), *datas)
    assert answer.status_code == 422
    assert reason in answer.text and "照片（签到表、材料）" in answer.text
    assert 'value="走访两户，讲解赡养义务"' in answer.text or "走访两户" in answer.text  # kept
    assert _entry_ids(hub_env) == [] and _photo_rows(hub_env) == []
    folder = hub_env.settings.work_log_photo_dir
    assert not folder.exists() or list(folder.iterdir()) == []


def test_an_entry_holds_at_most_the_limit_counting_what_it_has(hub_env, demo):
    app = _app(hub_env, work_log_photos_per_entry=2)
    with time_machine.travel(NOW, tick=False):
        adviser = staff_client(app, demo, "adviser")
        assert _add(adviser, PNG).status_code == 303
        (entry_id,) = _entry_ids(hub_env)
        url = f"/admin/worklog/{entry_id}"
        more = [JPEG, photo_bytes("PNG", color=(9, 9, 9))]
        refused = post_form(adviser, url, url, entry_form(TODAY), _files(*more))
        assert refused.status_code == 422 and "这条日志最多还能加 1 张" in refused.text
        taken = post_form(adviser, url, url, entry_form(TODAY), _files(JPEG))
        assert taken.status_code == 303
        full = adviser.get(url).text
    assert len(_photo_rows(hub_env)) == 2
    assert 'name="photos"' not in full  # nothing more to add
    assert full.count('data-test="worklog-photo-delete"') == 2


def test_photos_are_shown_only_to_their_adviser_and_to_readers(app, demo, hub_env):
    with time_machine.travel(NOW, tick=False):
        assert _add(staff_client(app, demo, "adviser"), PNG).status_code == 303
        url = _url(_entry_ids(hub_env)[0], PNG)
        for role in ("viewer", "editor", "admin"):
            client = staff_client(app, demo, role)
            assert client.get(url).status_code == 200, role
            assert client.get(f"{url}/thumb").status_code == 200, role
            assert url in client.get("/admin/worklog?month=2026-11").text, role
        other = adviser_login(app, username="adviser-b", adviser_id="adv-b")
        refused = other.get(url)
        assert other.get(f"{url}/thumb").status_code == 403
        nobody = staff_client(app, demo, None).get(url)
        missing = staff_client(app, demo, "viewer").get(_url(_entry_ids(hub_env)[0], JPEG))
    assert refused.status_code == 403 and PNG not in refused.content
    assert (nobody.status_code, nobody.headers["location"].startswith("/admin/login")) == (
        303,
        True,
    )
    assert missing.status_code == 404


def test_the_author_deletes_a_photo_inside_the_window_then_it_locks(app, demo, hub_env):
    with time_machine.travel(NOW, tick=False):
        adviser = staff_client(app, demo, "adviser")
        assert _add(adviser, PNG, JPEG).status_code == 303
    entry_id = _entry_ids(hub_env)[0]
    edit = f"/admin/worklog/{entry_id}"
    png_sha = hashlib.sha256(PNG).hexdigest()
    with time_machine.travel(NOW + timedelta(days=1), tick=False):
        adviser = staff_client(app, demo, "adviser")
        other = adviser_login(app, username="adviser-b", adviser_id="adv-b")
        viewer = staff_client(app, demo, "viewer")
        for stranger in (other, viewer):
            csrf = csrf_of(stranger.get("/admin/worklog").text)
            answer = stranger.post(f"{_url(entry_id, PNG)}/delete", data={"csrf": csrf})
            assert answer.status_code == 403
        no_csrf = adviser.post(f"{_url(entry_id, PNG)}/delete", data={})
        assert no_csrf.status_code == 403
        deleted = post_form(adviser, edit, f"{_url(entry_id, PNG)}/delete")
        assert (deleted.status_code, deleted.headers["location"]) == (
            303,
            f"{edit}?done=photo_deleted",
        )
        assert adviser.get(_url(entry_id, PNG)).status_code == 404
        again = post_form(adviser, edit, f"{_url(entry_id, PNG)}/delete")
        assert again.status_code == 404
    assert [r["mime"] for r in _photo_rows(hub_env)] == ["image/jpeg"]
    folder = hub_env.settings.work_log_photo_dir
    assert not (folder / png_sha).exists()  # on no entry: gone, its thumbnail too
    assert not (folder / "thumbs" / f"{png_sha}.jpg").exists()
    with time_machine.travel(NOW + timedelta(days=7), tick=False):
        adviser = staff_client(app, demo, "adviser")
        csrf = csrf_of(adviser.get("/admin/worklog").text)
        locked = adviser.post(f"{_url(entry_id, JPEG)}/delete", data={"csrf": csrf})
        assert locked.status_code == 409 and "已锁定" in locked.text
        added = adviser.post(edit, data={"csrf": csrf, **entry_form(TODAY)}, files=_files(PNG))
        assert added.status_code == 409
        listed = adviser.get("/admin/worklog?month=2026-11").text
        assert adviser.get(_url(entry_id, JPEG)).status_code == 200  # still readable
    assert [r["mime"] for r in _photo_rows(hub_env)] == ["image/jpeg"]
    assert "已锁定" in listed and 'data-test="worklog-photo-delete"' not in listed


def _with_metadata(kind: str) -> bytes:
    """A photo as a phone saves it: EXIF with the GPS position (and, for PNG, a text chunk)."""
    from PIL import PngImagePlugin

    image = Image.new("RGB", (80, 40), (30, 90, 150))
    exif = Image.Exif()
    exif[0x010F] = "ExamplePhone"  # Make
    exif[0x8825] = {1: "N", 2: (30.0, 49.0, 24.0), 3: "E", 4: (104.0, 9.0, 30.0)}  # GPSInfo
    buffer = io.BytesIO()
    if kind == "PNG":
        info = PngImagePlugin.PngInfo()
        info.add_text("Author", "示例 顾问")
        image.save(buffer, format="PNG", exif=exif, pnginfo=info)
    else:
        image.save(buffer, format="JPEG", exif=exif, comment=b"taken at the village")
    return buffer.getvalue()


@pytest.mark.parametrize("kind", ["JPEG", "PNG"])
def test_a_photo_is_kept_without_its_location_and_other_metadata(app, demo, hub_env, kind):
    uploaded = _with_metadata(kind)
    with Image.open(io.BytesIO(uploaded)) as original:
        assert original.getexif().get_ifd(0x8825)  # the test photo does carry a position
    with time_machine.travel(NOW, tick=False):
        adviser = staff_client(app, demo, "adviser")
        assert _add(adviser, uploaded, name=f"sheet.{kind.lower()}").status_code in (201, 303)
        [row] = _photo_rows(hub_env)
        shown = adviser.get(_url(row["entry_id"], uploaded))
    assert shown.status_code == 200
    kept = (hub_env.settings.work_log_photo_dir / row["sha256"]).read_bytes()
    for data in (kept, shown.content):
        assert b"ExamplePhone" not in data and "示例".encode() not in data
        with Image.open(io.BytesIO(data)) as image:
            assert not image.getexif() and (image.format, image.size) == (kind, (80, 40))
            assert "comment" not in image.info and "Author" not in image.info
