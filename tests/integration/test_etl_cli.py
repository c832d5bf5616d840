"""`python -m etl` as other programs call it (DESIGN §9), in a child process on the test store."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from workbooks import D, filler, finding, item, scenario_files, write

from cockpit.exports import COLUMNS, to_csv

W10, W12 = "2024-W10", "2024-W12"


def etl(store, *args: str) -> subprocess.CompletedProcess:  # noqa: ANN001
    return subprocess.run(
        [sys.executable, "-m", "etl", *args], env=store.env(), capture_output=True, text=True, timeout=120, check=False
    )


def test_export_ranking_and_kpi(store, tmp_path: Path) -> None:  # noqa: ANN001
    assert all(r.accepted for r in store.load_many(scenario_files(tmp_path)))
    # Hand-computed in test_facts_weeks.py: 330102 38.33 moves up to 1, 330105 0.00 down to 2.
    done = etl(store, "export", "--what", "ranking", "--week", W12, "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        "week,unit_code,score,rank,rank_change\n2024-W12,330102,38.33,1,1\n2024-W12,330105,0.00,2,-1\n"
    )
    out = tmp_path / "ranking.json"
    done = etl(store, "export", "--what", "ranking", "--week", "2024w12", "--format", "json", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert json.loads(out.read_text("utf-8")) == [
        {"week": W12, "unit_code": "330102", "score": 38.33, "rank": 1, "rank_change": 1},
        {"week": W12, "unit_code": "330105", "score": 0.0, "rank": 2, "rank_change": -1},
    ]
    # The kpi table through the same writer the command uses (one child process less).
    text = to_csv(store.export("kpi", W10), COLUMNS["kpi"])
    rows = {(r["unit_code"], r["indicator_code"]): r for r in csv.DictReader(io.StringIO(text))}
    assert len(rows) == 24
    # K7 carries the count as numerator and actual, and an empty denominator; rates are decimals.
    assert rows["330102", "K7"] == {
        "week": W10,
        "unit_code": "330102",
        "indicator_code": "K7",
        "numerator": "1",
        "denominator": "",
        "actual": "1",
        "target": "1",
        "trajectory": "0.1912568306010929",
        "light": "green",
    }
    assert (rows["ALL", "K1"]["numerator"], rows["ALL", "K1"]["denominator"], rows["ALL", "K1"]["actual"]) == (
        "3",
        "4",
        "0.75",
    )
    assert rows["330102", "K6"]["target"] == "0.7"
    assert rows["330102", "K2"]["actual"] == "0.0"


@pytest.mark.parametrize("store", ["sqlite"], indirect=True)  # the week is checked before the store is read
def test_export_of_an_invalid_week_fails(store) -> None:  # noqa: ANN001
    done = etl(store, "export", "--what", "submissions", "--week", "2025-W53")
    assert done.returncode == 2
    assert "2025年没有第53周" in done.stderr


def test_load_exit_codes_and_error_lines(store, tmp_path: Path) -> None:  # noqa: ANN001
    good = write(tmp_path, "330102", W10, ledger=filler("330102"))
    done = etl(store, "load", str(good))
    assert done.returncode == 0, done.stderr
    assert f"{good}: 已接收" in done.stderr
    assert store.row("submissions", W10, "330102")["submitted"] is True

    other = write(tmp_path, "330105", W10, ledger=filler("330105"))
    bad = write(
        tmp_path / "bad",
        "330106",
        W10,
        ledger=[item("K1", "1", "完成了"), *filler("330106", skip=("K1",))],
        rectification=[
            finding("R1", found_on=D(2024, 2, 1), due_on=D(2024, 4, 1), amount="-2"),
            finding("R2", found_on=D(2024, 2, 1), due_on=D(2024, 4, 1), status="已整改", rectified_on=D(2024, 1, 31)),
        ],
    )
    done = etl(store, "load", "--json", str(other), str(bad))
    assert done.returncode == 1
    errors = [line for line in done.stderr.splitlines() if "错误" in line]
    assert errors == [
        f"  {bad}: 错误 [指标台账 第2行 状态] “完成了”: 状态应为 未启动/推进中/已完成(或 已上线/已接入/已覆盖/已推出)",
        f"  {bad}: 错误 [整改台账 第2行 问题金额(万元)] “-2”: 金额不能为负数",
        f"  {bad}: 错误 [整改台账 第3行 整改日期] “2024-01-31”: 整改日期早于发现日期(2024-02-01)",
    ]
    assert all(re.search(r"\[\S+ 第\d+行 \S+\]", line) for line in errors)
    assert "共 2 个文件:接收 1,拒收 1" in done.stderr
    report = json.loads(done.stdout)
    assert [(r["accepted"], len(r["errors"])) for r in report] == [(True, 0), (False, 3)]
    assert report[1]["errors"][2] == {
        "level": "error",
        "reason": "整改日期早于发现日期(2024-02-01)",
        "sheet": "整改台账",
        "row": 3,
        "column": "整改日期",
        "value": "2024-01-31",
    }
    # The accepted file of the batch is in; the rejected one is not.
    submitted = {r["unit_code"]: r["submitted"] for r in store.export("submissions", W10)}
    assert (submitted["330105"], submitted["330106"]) == (True, False)


@pytest.mark.parametrize("store", ["sqlite"], indirect=True)  # jobs.rebuild itself runs on both in test_facts_*
def test_rebuild_command_reproduces_the_facts(store, tmp_path: Path) -> None:  # noqa: ANN001
    assert all(r.accepted for r in store.load_many(scenario_files(tmp_path)))
    before = store.facts()
    done = etl(store, "rebuild")
    assert done.returncode == 0, done.stderr
    assert "已从归档重建 4 份报送,重算 3 周指标" in done.stderr
    assert store.facts() == before


@pytest.mark.parametrize("store", ["sqlite"], indirect=True)  # the rollback itself is tested on both databases
def test_rebuild_with_a_missing_archive_file_fails_in_chinese(store, tmp_path: Path) -> None:  # noqa: ANN001
    assert store.load(write(tmp_path, "330102", W10, ledger=filler("330102"))).accepted
    for archived in store.archive_dir.rglob("*.xlsx"):
        archived.unlink()
    done = etl(store, "rebuild")
    assert done.returncode == 1
    assert "错误: 归档文件无法重建" in done.stderr
    assert "Traceback" not in done.stderr
