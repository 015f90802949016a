"""The content commands as a user runs them: ``python -m kiosk`` in a subprocess."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.store import ContentStore
from tests.support.content_fixtures import demo_changes, open_demo_store

ROOT = Path(__file__).resolve().parents[2]


def run_cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    folder = tmp_path_factory.mktemp("data")
    with ContentStore.open(folder) as store:
        store.apply(demo_changes(), version=1)
    return folder


def test_search_json_shape(data):
    result = run_cli("search", "离婚", "--data", str(data), "--json")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert list(answer) == ["query", "results"]
    assert answer["query"] == "离婚"
    assert [r["id"] for r in answer["results"]][0] == "a-divorce"
    assert all(
        list(r) == ["id", "title", "category", "snippet", "score", "match"]
        for r in answer["results"]
    )


def test_a_question_in_everyday_words_finds_the_wages_guide_first(tmp_path):
    """The issue's own example, on the real demo content, through the installed command."""
    open_demo_store(tmp_path).close()
    result = run_cli("search", "工资拖了半年没给怎么办", "--data", str(tmp_path), "--json")
    assert result.returncode == 0, result.stderr
    first = json.loads(result.stdout)["results"][0]
    assert (first["id"], first["match"]) == ("labour-unpaid-wages", "good")
    table = run_cli("search", "家里的猫丢了", "--data", str(tmp_path))
    assert "没有完全对得上" in table.stdout or "没有找到" in table.stdout


def test_search_without_json_prints_a_table_and_hostile_input_is_fine(data):
    table = run_cli("search", "lihun", "--data", str(data))
    assert table.returncode == 0 and "协议离婚怎么办" in table.stdout
    hostile = run_cli("search", '" OR * NEAR(', "--data", str(data), "--json")
    assert hostile.returncode == 0 and json.loads(hostile.stdout)["results"] == []


def test_candidates_json_shape(data):
    result = run_cli("candidates", "lih", "--data", str(data), "--json")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["letters"] == "lih"
    assert answer["candidates"][0] == {"word": "离婚", "pinyin": "li hun", "freq": 6}


def test_nearby_json_defaults_to_the_configured_location(data, tmp_path):
    config = tmp_path / "kiosk.toml"
    config.write_text(
        "[terminal]\nlat = 30.8235\nlng = 104.1586\ndatum = 'gcj02'\n", encoding="utf-8"
    )
    result = run_cli("nearby", "--data", str(data), "--config", str(config), "--json")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["origin"] == {"lat": 30.8235, "lng": 104.1586}
    assert [(r["id"], r["distance_m"]) for r in answer["results"]] == [
        ("i-aid", 0),
        ("i-firm", 735),
    ]
    assert set(answer["results"][0]) >= {
        "id",
        "name",
        "type",
        "address",
        "phone",
        "lat",
        "lng",
        "distance_m",
    }


def test_nearby_with_origin_type_and_radius(data):
    result = run_cli(
        "nearby",
        "--data",
        str(data),
        "--json",
        "--lat",
        "31.47",
        "--lng",
        "104.68",
        "--type",
        "law_firm",
        "--radius-m",
        "500",
    )
    assert result.returncode == 0, result.stderr
    assert [r["id"] for r in json.loads(result.stdout)["results"]] == ["i-far"]
    table = run_cli("nearby", "--data", str(data), "--lat", "31.47", "--lng", "104.68")
    assert "远处示例律师事务所" in table.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["nearby", "--lat", "30.1"],
        ["nearby", "--lat", "95", "--lng", "104"],
        ["nearby", "--type", "bank"],
        ["nearby", "--radius-m", "-1"],
    ],
)
def test_nearby_bad_arguments_exit_2(data, args):
    result = run_cli(*args, "--data", str(data), "--json")
    assert result.returncode == 2
    assert result.stderr.strip()


def test_commands_on_a_folder_without_content_say_so(tmp_path):
    for command in (["search", "离婚"], ["candidates", "lh"], ["nearby"]):
        result = run_cli(*command, "--data", str(tmp_path), "--json")
        assert result.returncode == 1
        assert "demo-data" in result.stderr
    assert not (tmp_path / "content.db").exists()


def test_demo_data_with_counts_writes_synthetic_content(tmp_path):
    result = run_cli(
        "demo-data", "--data", str(tmp_path), "--articles", "40", "--institutions", "200"
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["version"] >= 1
    assert answer["applied"]["articles"]["upsert"] >= 40
    with ContentStore.open(tmp_path) as store:
        assert store.integrity_check() == "ok"
        assert store.article("syn-a-000039") is not None
        assert store.institution("syn-i-000199") is not None
    again = run_cli(
        "demo-data", "--data", str(tmp_path), "--articles", "40", "--institutions", "200"
    )
    assert json.loads(again.stdout)["version"] == answer["version"] + 1


def test_demo_data_writes_the_hand_written_demo_content(tmp_path):
    from contract.demo import DEMO_TERMINALS
    from kiosk.places import address_only, nearby
    from kiosk.search import candidates, search

    result = run_cli("demo-data", "--data", str(tmp_path))
    assert result.returncode == 0, result.stderr
    with ContentStore.open(tmp_path) as store:
        assert len(store.categories_with_counts()) >= 10
        assert store.integrity_check() == "ok"
        for query in ("离婚", "工资", "欠薪", "宅基地", "工伤赔偿", "lihun", "lh"):
            assert search(store, query), query
        assert candidates(store, "lih")[0]["word"] == "离婚"
        hidden = {i["id"] for i in address_only(store)}
        assert hidden
        for terminal in DEMO_TERMINALS:
            rows = nearby(
                store,
                terminal["lat"],
                terminal["lng"],
                datum=terminal["datum"],
                radius_m=8_000,
                limit=500,
            )
            assert len(rows) >= 20, terminal["name"]
            assert not hidden & {r["id"] for r in rows}
            assert [r["distance_m"] for r in rows] == sorted(r["distance_m"] for r in rows)
