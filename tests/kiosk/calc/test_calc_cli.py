"""``legal-kiosk calc`` as a resident's helper runs it: a subprocess with no LEGAL_KIOSK_* set."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def calc(tmp_path, *args, language="zh_CN"):
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEGAL_KIOSK_")}
    (tmp_path / "kiosk.toml").write_text(f'[ui]\nlanguage = "{language}"\n', encoding="utf-8")
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, "-m", "kiosk", "calc", *args, "--data", str(tmp_path)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_court_fee_json(tmp_path):
    result = calc(tmp_path, "court-fee", "--amount", "100000", "--procedure", "simple", "--json")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["fee"] == 1150 and answer["fee_max"] == 1150
    assert answer["basis"] == [
        {"law": "诉讼费用交纳办法", "article": 13},
        {"law": "诉讼费用交纳办法", "article": 16},
    ]
    assert answer["steps"][-1] == "案件受理费合计约 1,150 元。"
    assert "12348" in answer["notice"]


def test_severance_json_in_english(tmp_path):
    result = calc(
        tmp_path,
        "severance",
        "--monthly-wage",
        "6000",
        "--start",
        "2020-03-01",
        "--end",
        "2023-08-31",
        "--unlawful",
        "--json",
        language="en",
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert (answer["amount"], answer["months"]) == (48000, 4)
    assert "Severance = 6,000 yuan × 4 months = 24,000 yuan." in answer["steps"]
    assert {"law": "劳动合同法", "article": 87} in answer["basis"]


def test_work_injury_plain_text(tmp_path):
    result = calc(tmp_path, "work-injury", "--grade", "7", "--monthly-wage", "5000")
    assert result.returncode == 0, result.stderr
    assert "一次性伤残补助金 = 5,000 元 × 13 个月 = 65,000 元。" in result.stdout


@pytest.mark.parametrize(
    ("args", "sentence"),
    [
        (["court-fee", "--amount", "-5"], "金额填得不对"),
        (["court-fee"], "请填写金额"),
        (["court-fee", "--case", "labor", "--amount", "5"], "这类案件不按金额计算"),
        (["severance", "--monthly-wage", "6000", "--start", "2020-02-30", "--end", "2021-01-01"],
         "开始日期请按 年-月-日 填写"),
        (["severance", "--monthly-wage", "6000", "--start", "2021-01-01", "--end", "2020-01-01"],
         "日期不对"),
        (["work-injury", "--grade", "十", "--monthly-wage", "5000"], "伤残等级是 1 级到 10 级"),
    ],
)  # fmt: skip
def test_bad_input_exits_2_with_a_sentence_and_no_output(tmp_path, args, sentence):
    result = calc(tmp_path, *args, "--json")
    assert result.returncode == 2
    assert sentence in result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
