"""一村一卷, the village file: every work-log entry in the village and the kiosk consultations
held on its terminals, for a month, quarter or year — as a page, an A4 PDF whose text holds the
entries in Chinese (the font embedded), and a CSV that opens in Excel and reads back unchanged."""

from __future__ import annotations

import csv
import hashlib
import io
import subprocess
from datetime import date, datetime

import pytest

from hub.admin.village_pdf import fitted_size
from hub.core.db import reading, writing
from hub.crud.institutions_csv import formula_unescaped
from hub.crud.ledger_periods import parse_view
from hub.crud.village_file import village_file
from hub.crud.work_log import add_entry
from hub.crud.work_log_photos import add_photo
from hub.main import create_app
from tests.support.admin_app import sqlite_only, staff_client
from tests.support.screenshots import screenshot_dir
from tests.support.work_log_steps import (
    held_booking,
    held_now_call,
    photo_bytes,
    terminal_id_named,
)
from tests.support.zones import SHANGHAI

WRITTEN = datetime(2026, 11, 30, 20, 0, tzinfo=SHANGHAI)
URL = "/admin/ledger/village"
NOVEMBER = {"village": "示例社区", "kind": "month", "period": "2026-11"}
# (adviser, village, service, day, start, end, minutes, people, outcome, note)
ENTRIES = [
    (
        "adv-a",
        "示例社区",
        "duty",
        date(2026, 11, 3),
        None,
        None,
        120,
        5,
        "=1+2",
        "签到 18 人\n@备注",
    ),
    (
        "adv-a",
        "示例社区",
        "visit",
        date(2026, 11, 10),
        "09:00",
        "10:30",
        90,
        2,
        "已解答",
        "走访两户，讲解赡养义务",
    ),
    (
        "adv-a",
        "示例社区",
        "lecture",
        date(2026, 10, 20),
        None,
        None,
        60,
        40,
        "",
        "讲解《民法典》继承编",
    ),
    ("adv-b", "示例村", "mediation", date(2026, 11, 5), None, None, 60, 2, "", "邻里纠纷已调解"),
]


@pytest.fixture
def filed(hub_env):
    with writing(hub_env.engine) as conn:
        ids = []
        for adviser, village, service, day, start, end, minutes, people, outcome, note in ENTRIES:
            values = {
                "service": service,
                "village": village,
                "day": day,
                "start": start,
                "end": end,
                "minutes": minutes,
                "people": people,
                "outcome": outcome,
                "note": note,
            }
            ids.append(
                add_entry(conn, adviser_id=adviser, author_id=None, values=values, now=WRITTEN)
            )
        add_photo(conn, entry_id=ids[1], sha256="a" * 64, mime="image/png", size=9, now=WRITTEN)
        here = terminal_id_named(conn, "测试终端甲")  # village 示例社区
        there = terminal_id_named(conn, "测试终端乙")  # village 示例村
        at = datetime(2026, 11, 12, 10, 0, tzinfo=SHANGHAI)
        held_booking(conn, adviser_id="adv-a", start=at, minutes=25, key="v1", terminal_id=here)
        held_booking(conn, adviser_id="adv-a", start=at.replace(day=13), minutes=5, key="v2")
        held_booking(conn, adviser_id="adv-b", start=at, minutes=9, key="v3", terminal_id=there)
        held_now_call(
            conn,
            adviser_id="adv-b",
            terminal_id=here,
            start=datetime(2026, 11, 20, 15, 0, tzinfo=SHANGHAI),
            minutes=10,
        )
    return hub_env


@pytest.fixture
def app(filed):
    return create_app(filed.settings, engine=filed.engine)


def _figures(rows):
    return [
        (
            r["source"],
            r["day"].isoformat(),
            r["adviser_id"],
            r["service"],
            r["minutes"],
            r["people"],
        )
        for r in rows
    ]


def test_the_file_holds_the_villages_log_and_its_terminals_consultations(filed):
    view = parse_view("month", "2026-11", zone=SHANGHAI)
    with reading(filed.engine) as conn:
        found = village_file(conn, village="示例社区", period=view.period)
        quarter = village_file(
            conn, village="示例社区", period=parse_view("quarter", "2026-Q4", zone=SHANGHAI).period
        )
        by_adviser = village_file(conn, village="示例社区", period=view.period, district="绵阳市")
        by_terminal = village_file(
            conn, village="示例社区", period=view.period, district="成都市新都区"
        )
    assert _figures(found.rows) == [
        ("log", "2026-11-03", "adv-a", "duty", 120, 5),
        ("log", "2026-11-10", "adv-a", "visit", 90, 2),
        ("kiosk", "2026-11-12", "adv-a", "booked", 25, 1),  # the phone booking is in no village
        ("kiosk", "2026-11-20", "adv-b", "now", 10, 1),
    ]
    assert found.totals == {"entries": 2, "hours": 4.1, "people": 7, "kiosk": 2, "advisers": 2}
    assert found.rows[1]["photos"] == 1 and found.rows[1]["start"] == "09:00"
    assert _figures(quarter.rows)[0] == ("log", "2026-10-20", "adv-a", "lecture", 60, 40)
    assert len(quarter.rows) == 5
    # a district narrows the entries to its advisers' (adv-a's institution is in 绵阳市) and the
    # consultations to its terminals' (测试终端甲 is in 成都市新都区)
    assert [r["source"] for r in by_adviser.rows] == ["log", "log"]
    assert [r["source"] for r in by_terminal.rows] == ["kiosk", "kiosk"]


def _poppler(tool: str, path, *args: str) -> str:
    """The output of a poppler tool (deploy/dev/apt-packages.txt installs poppler-utils)."""
    done = subprocess.run(
        [tool, *args, str(path), "-"] if tool == "pdftotext" else [tool, *args, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout


def test_the_pdf_is_a4_with_the_chinese_font_and_holds_the_entries(app, demo):
    viewer = staff_client(app, demo, "viewer")
    answer = viewer.get("/admin/ledger/village.pdf", params=NOVEMBER)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.headers["content-disposition"].startswith(
        "attachment; filename=\"village-file-2026-11.pdf\"; filename*=UTF-8''"
    )
    folder = screenshot_dir()
    path = folder / "village-file.pdf"
    path.write_bytes(answer.content)
    info = {
        k: " ".join(v.split())
        for k, _, v in map(lambda line: line.partition(":"), _poppler("pdfinfo", path).splitlines())
    }
    assert (info["Page size"], info["Pages"]) == ("595.28 x 841.89 pts (A4)", "1")
    fonts = _poppler("pdffonts", path).splitlines()[2:]
    assert fonts and all("NotoSansCJKSC" in line and " yes yes yes " in line for line in fonts)
    text = "".join(_poppler("pdftotext", path).split())
    for expected in (
        "一村一卷：示例社区（2026-11）",
        "王律师（示例）",
        "值班",
        "走访两户，讲解赡养义务",
        "（照片1张）",
        "签到18人@备注",
        "一体机预约视频咨询",
        "一体机立即通话",
        "共2条工作日志、2次一体机咨询",
        "第1页/共1页",
    ):
        assert expected in text, expected
    assert "邻里纠纷" not in text and "讲解《民法典》继承编" not in text  # elsewhere / October
    # a page image for a person to look at (docs/img with DOC_SCREENSHOTS=docs/img)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "70", "-singlefile", str(path), str(folder / "village-file")],
        check=True,
        timeout=60,
    )


def test_the_csv_opens_in_excel_and_reads_back_unchanged(app, demo):
    answer = staff_client(app, demo, "editor").get("/admin/ledger/village.csv", params=NOVEMBER)
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "text/csv; charset=utf-8"
    assert answer.content.startswith(b"\xef\xbb\xbf")  # the BOM Excel on Chinese Windows needs
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "日期",
        "来源",
        "服务",
        "法律顾问",
        "开始",
        "结束",
        "小时",
        "人数",
        "结果",
        "简要记录",
        "照片数",
    ]
    assert rows[1] == [
        "2026-11-03",
        "工作日志",
        "值班",
        "王律师（示例）",
        "",
        "",
        "2",
        "5",
        "'=1+2",
        "签到 18 人\n@备注",
        "0",
    ]
    assert [formula_unescaped(cell) for cell in rows[1]][8:10] == ["=1+2", "签到 18 人\n@备注"]
    assert rows[2][1:6] == ["工作日志", "走访", "王律师（示例）", "09:00", "10:30"]
    assert rows[2][6:] == ["1.5", "2", "已解答", "走访两户，讲解赡养义务", "1"]
    assert rows[3][:8] == [
        "2026-11-12",
        "一体机",
        "一体机预约视频咨询",
        "王律师（示例）",
        "10:00",
        "10:25",
        "0.42",
        "1",
    ]
    assert rows[4][2:4] == ["一体机立即通话", "李律师（示例）"]
    assert len(rows) == 5


@sqlite_only
def test_the_page_lists_the_file_and_links_its_pdf_and_csv(app, demo):
    viewer = staff_client(app, demo, "viewer")
    ledger = viewer.get("/admin/ledger/standards?month=2026-11").text
    assert 'href="/admin/ledger/village?kind=month&amp;period=2026-11"' in ledger
    page = viewer.get(URL, params={**NOVEMBER, "kind": "quarter", "period": "2026-Q4"})
    assert page.status_code == 200
    assert "一村一卷：示例社区（2026-Q4）" in page.text
    assert page.text.count("<tr") == 6  # head + 5 rows
    assert "讲解《民法典》继承编" in page.text and "邻里纠纷" not in page.text
    assert 'href="/admin/ledger/village.pdf?village=%E7%A4%BA' in page.text
    assert '<option value="示例村">' in page.text  # the villages the hub knows, to pick from
    empty = viewer.get(URL)
    assert empty.status_code == 200 and 'data-test="village-rows"' not in empty.text


@sqlite_only
@pytest.mark.parametrize(
    ("params", "status", "reason"),
    [
        ({**NOVEMBER, "period": "2026-13"}, 422, "期间写法不对"),
        ({**NOVEMBER, "kind": "quarter", "period": "2026-Q5"}, 422, "期间写法不对"),
        ({**NOVEMBER, "kind": "week"}, 422, "期间写法不对"),
        ({"village": "示例社区", "kind": "week"}, 422, "期间写法不对"),
        ({**NOVEMBER, "village": ""}, 422, "请填村（社区）名称"),
        ({**NOVEMBER, "village": "村" * 81}, 422, "请填村（社区）名称"),
    ],
)
def test_bad_requests_answer_with_the_reason(app, demo, params, status, reason):
    viewer = staff_client(app, demo, "viewer")
    for path in ("/admin/ledger/village.pdf", "/admin/ledger/village.csv"):
        answer = viewer.get(path, params=params)
        assert (answer.status_code, reason in answer.text) == (status, True), path


@sqlite_only
def test_only_readers_of_every_log_get_the_file(app, demo):
    for role, status in (("adviser", 403), ("viewer", 200), ("editor", 200), ("admin", 200)):
        client = staff_client(app, demo, role)
        for path in (URL, f"{URL}.pdf", f"{URL}.csv"):
            assert client.get(path, params=NOVEMBER).status_code == status, (role, path)
    nobody = staff_client(app, demo, None).get(f"{URL}.pdf", params=NOVEMBER)
    assert nobody.status_code == 303


def test_the_pdf_with_photos_shows_each_entrys_photos_under_it(app, demo, filed):
    wide = photo_bytes("JPEG", color=(40, 90, 160), side=300)
    small = photo_bytes("PNG", color=(200, 120, 30), side=80)
    with writing(filed.engine) as conn:
        entry_id = village_file(
            conn, village="示例社区", period=parse_view("month", "2026-11", zone=SHANGHAI).period
        ).rows[1]["id"]
        folder = filed.settings.work_log_photo_dir
        folder.mkdir(parents=True, exist_ok=True)
        for data, mime in ((wide, "image/jpeg"), (small, "image/png")):
            sha = hashlib.sha256(data).hexdigest()
            (folder / sha).write_bytes(data)
            add_photo(conn, entry_id=entry_id, sha256=sha, mime=mime, size=len(data), now=WRITTEN)
    viewer = staff_client(app, demo, "viewer")
    page = viewer.get(URL, params=NOVEMBER).text
    assert 'data-test="village-pdf-photos"' in page
    folder = screenshot_dir()
    plain, with_photos = folder / "village-file-plain.pdf", folder / "village-file-photos.pdf"
    plain.write_bytes(viewer.get(f"{URL}.pdf", params=NOVEMBER).content)
    answer = viewer.get(f"{URL}.pdf", params={**NOVEMBER, "photos": "1"})
    assert answer.status_code == 200
    with_photos.write_bytes(answer.content)
    images = _poppler("pdfimages", with_photos, "-list").splitlines()[2:]
    # the two stored photos (the entry's third row names a file that is not there: left out)
    assert sorted(line.split()[3:5] for line in images) == [["300", "300"], ["80", "80"]]
    assert _poppler("pdfimages", plain, "-list").splitlines()[2:] == []
    text = "".join(_poppler("pdftotext", with_photos).split())
    assert "照片（签到表、材料）" in text and "2026-11-10走访王律师（示例）" in text
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "50",
            "-f",
            "2",
            "-l",
            "2",
            "-singlefile",
            str(with_photos),
            str(folder / "village-file-photos"),
        ],
        check=True,
        timeout=60,
    )


def test_a_very_tall_photo_is_narrowed_to_fit_a_page():
    assert fitted_size(4000, 3000, 250) == (92, 69)  # the usual width
    width, height = fitted_size(100, 1200, 250)
    assert (round(width, 2), height) == (20.83, 250)
