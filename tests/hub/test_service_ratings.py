"""Satisfaction after a service (issue 13): ``service.rated`` events validated at the API and
counted per terminal and per guide in the report page and its CSV files."""

from __future__ import annotations

import csv
import io
import uuid

import pytest

from hub.main import create_app
from tests.support.admin_app import staff_client

DAY = "2026-11-20"
PERIOD = f"from={DAY}&to={DAY}"


def rated(hour: int, **props) -> dict:
    return {
        "id": str(uuid.uuid4()),
        "type": "service.rated",
        "at": f"{DAY}T{hour:02d}:00:00+08:00",
        "props": props,
    }


def _csv(answer) -> list[list[str]]:
    assert answer.status_code == 200
    return list(csv.reader(io.StringIO(answer.content.decode("utf-8").lstrip("\ufeff"))))


@pytest.fixture
def viewer(hub_env, demo, client, terminal, other_terminal):
    first = [
        rated(9, service="guide", face="good", article_id="art-divorce"),
        rated(10, service="guide", face="good", article_id="art-divorce"),
        rated(10, service="guide", face="bad", article_id="art-divorce"),
        rated(11, service="guide", face="ok", article_id="art-wages"),
        rated(11, service="booking", face="good"),
        rated(12, service="call", face="bad"),
        # a full outbox folds identical events into one row with a count
        rated(12, service="booking", face="ok", count=3, until=f"{DAY}T12:30:00+08:00"),
    ]
    answer = client.post("/api/v1/events", headers=terminal["headers"], json={"events": first})
    assert answer.status_code == 200 and len(answer.json()["accepted"]) == len(first)
    other = other_terminal
    second = [rated(9, service="guide", face="ok", article_id="art-divorce")]
    answer = client.post("/api/v1/events", headers=other["headers"], json={"events": second})
    assert answer.status_code == 200
    return staff_client(create_app(hub_env.settings, engine=hub_env.engine), demo, "viewer")


def test_ratings_per_guide_and_per_terminal_on_the_page(viewer):
    page = viewer.get(f"/admin/reports?{PERIOD}")
    assert page.status_code == 200
    table = page.text.split('data-test="guide_ratings"')[1].split("</table>")[0]
    rows = [r for r in table.split("<tr>") if "<td>" in r]
    assert "协议离婚要准备什么" in rows[0] and "被拖欠工资怎么办" in rows[1]
    assert rows[0].count('<td class="num">') == 3
    assert '<td class="num">2</td><td class="num">1</td><td class="num">1</td>' in rows[0]
    terminals = page.text.split('data-test="per_terminal"')[1].split("</table>")[0]
    assert "满意" in terminals and "不满意" in terminals


def test_ratings_per_guide_and_per_terminal_in_csv(viewer):
    guides = _csv(viewer.get(f"/admin/reports/export.csv?table=guide_ratings&{PERIOD}"))
    assert guides == [
        ["article", "rated_good", "rated_ok", "rated_bad"],
        ["协议离婚要准备什么", "2", "1", "1"],
        ["被拖欠工资怎么办", "0", "1", "0"],
    ]
    per_terminal = _csv(viewer.get(f"/admin/reports/export.csv?table=terminals&{PERIOD}"))
    header = per_terminal[0]
    by_name = {row[0]: dict(zip(header, row, strict=True)) for row in per_terminal[1:]}
    first = by_name["测试终端甲"]
    assert (first["rated_good"], first["rated_ok"], first["rated_bad"]) == ("3", "4", "2")
    second = by_name["测试终端乙"]
    assert (second["rated_good"], second["rated_ok"], second["rated_bad"]) == ("0", "1", "0")
    summary = dict(_csv(viewer.get(f"/admin/reports/export.csv?table=summary&{PERIOD}"))[1:])
    assert (summary["rated_good"], summary["rated_ok"], summary["rated_bad"]) == ("3", "5", "2")


@pytest.mark.parametrize(
    ("props", "reason"),
    [
        ({"service": "guide", "face": "great", "article_id": "art-divorce"}, "face"),
        ({"service": "shop", "face": "good"}, "service"),
        ({"service": "guide", "face": "good"}, "article_id"),
        ({"service": "booking", "face": "good", "article_id": "art-divorce"}, "article_id"),
        ({"service": "booking", "face": "good", "comment": "很好"}, "comment"),
        ({"service": "guide", "face": "good", "article_id": "[b]x[/b]"}, "article_id"),
    ],
)
def test_bad_ratings_are_refused_with_a_reason(hub_env, client, terminal, props, reason):
    answer = client.post(
        "/api/v1/events", headers=terminal["headers"], json={"events": [rated(9, **props)]}
    )
    assert answer.status_code == 422
    assert reason in str(answer.json()["detail"])
