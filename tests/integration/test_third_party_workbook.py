"""A workbook written by someone else (openpyxl, as Excel would save it) loads, and its exported
figures equal DESIGN §6 to the last digit — every number below is computed by hand."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

D = dt.date
WEEK = "2024-W23"  # as_of = Sunday 2024-06-09; milestone in force M2 (due 2024-12-31), previous M1 (2023-12-31)


def third_party_workbook(path: Path) -> Path:
    book = Workbook()
    book.remove(book.active)
    rect = book.create_sheet("rectification")  # English sheet name and headers, listed first
    rect.append(
        [
            "issue_id",
            "audit_project",
            "category",
            "summary",
            "amount_wan",
            "found_on",
            "due_on",
            "status",
            "rectified_on",
            "origin",
            "closed_on",
            "reviewer",
        ]
    )
    rect.append(
        [
            "R1",
            "2024年预算执行审计",
            "财政收支",
            "",
            "1,234.56",
            D(2024, 1, 5),
            D(2024, 3, 1),
            "已整改",
            D(2024, 2, 20),
            "审计整改",
            None,
            "王",
        ]
    )
    rect.append(
        [
            "R2",
            "2024年预算执行审计",
            "财政收支",
            "",
            100,
            "2024/2/1",
            "2024年5月1日",
            "整改中",
            None,
            "审计整改",
            None,
            "",
        ]
    )
    rect.append(
        [
            "R3",
            "经济责任审计",
            "内部控制",
            "",
            0.5,
            D(2024, 5, 20),
            D(2024, 8, 20),
            "未整改",
            None,
            "审计整改",
            None,
            "",
        ]
    )
    rect.append(
        [
            "R4",
            "七张清单",
            "政府债务",
            "",
            "20.25",
            D(2024, 3, 1),
            D(2024, 6, 30),
            "已整改",
            D(2024, 6, 1),
            "监督整改",
            D(2024, 6, 5),
            "",
        ]
    )
    rect.append(
        ["R5", "经济责任审计", "内部控制", "", 7, D(2024, 6, 20), D(2024, 9, 20), "未整改", None, "审计整改", None, ""]
    )
    cover = book.create_sheet("封面")
    for label, value in (("单位编码", 330105), ("报告周", WEEK), ("填报人", "李四")):
        cover.append([label, value])
    ledger = book.create_sheet("指标台账")
    ledger.append(["指标编码", "事项编号", "事项名称", "状态", "完成日期", "备注"])
    rows = [
        ("K1", "1", "已完成", D(2024, 1, 10)),
        ("K1", "2", "已上线", D(2024, 6, 9)),  # on as_of itself: counts
        ("K1", "3", "推进中", None),
        *[("K4", str(i), "已完成", D(2023, 11, i)) for i in range(1, 10)],
        ("K4", "10", "推进中", None),
        *[("K6", str(i), "已覆盖", D(2024, 2, i)) for i in range(1, 8)],
        *[("K6", str(i), "未启动", None) for i in range(8, 11)],
        ("K7", "1", "已推出", D(2023, 5, 1)),  # M1's window, not M2's
        ("K7", "2", "已推出", D(2024, 3, 1)),
        *[("K9", str(i), "已完成", D(2024, 4, i)) for i in range(1, 4)],
        ("K9", "4", "推进中", None),
        ("K9", "5", "推进中", D(2024, 7, 1)),  # a date on an open row: kept, warned, not done
    ]
    for code, item, status, done in rows:
        ledger.append([code, f"{code}-{item}", f"事项{item}", status, done, ""])
    book.save(path)
    return path


def test_a_third_party_workbook_exports_the_hand_computed_figures(store, tmp_path: Path) -> None:  # noqa: ANN001
    result = store.load(third_party_workbook(tmp_path / "上报.xlsx"), today=D(2024, 6, 12))
    assert result.accepted, [i.line() for i in result.errors]
    reasons = " ".join(w.reason for w in result.warnings)
    assert "未识别的列" in reasons and "不计为完成" in reasons and "K2 没有台账行" in reasons

    kpi = {r["indicator_code"]: r for r in store.export("kpi", WEEK, "330105")}
    assert sorted(kpi) == ["K1", "K2", "K3", "K4", "K5", "K6", "K7", "K9"]  # no K8 outside 330100
    # f = (2024-06-09 − 2023-12-31) / (2024-12-31 − 2023-12-31) = 161 / 366
    assert (kpi["K1"]["numerator"], kpi["K1"]["denominator"], kpi["K1"]["actual"]) == (2, 3, 2 / 3)
    assert (kpi["K1"]["target"], kpi["K1"]["trajectory"], kpi["K1"]["light"]) == (1, 1.0, "red")
    assert (kpi["K4"]["actual"], kpi["K4"]["target"]) == (0.9, 1)
    assert kpi["K4"]["trajectory"] == 0.9 + 0.1 * 161 / 366 and kpi["K4"]["light"] == "red"
    assert (kpi["K6"]["actual"], kpi["K6"]["target"], kpi["K6"]["light"]) == (0.7, 0.7, "green")
    assert (kpi["K7"]["numerator"], kpi["K7"]["denominator"], kpi["K7"]["actual"], kpi["K7"]["light"]) == (
        1,
        None,
        1,
        "green",
    )
    assert (kpi["K9"]["numerator"], kpi["K9"]["denominator"], kpi["K9"]["actual"]) == (3, 5, 0.6)
    assert abs(kpi["K9"]["trajectory"] - (0.2 + 0.8 * 161 / 366)) < 1e-15 and kpi["K9"]["light"] == "yellow"
    assert (kpi["K2"]["denominator"], kpi["K2"]["actual"], kpi["K2"]["light"]) == (0, None, "grey")

    rect = store.row("rectification", WEEK, "330105")
    # R5 is found after as_of and does not count; R2 is past its 整改期限 and not rectified.
    assert {k: rect[k] for k in ("found", "rectified", "rate", "in_progress", "overdue", "supervision_closed")} == {
        "found": 4,
        "rectified": 2,
        "rate": 0.5,
        "in_progress": 2,
        "overdue": 1,
        "supervision_closed": 1,
    }
    assert (rect["amount_found_wan"], rect["amount_rectified_wan"]) == ("1355.31", "1254.81")

    # (2/3 + 0 + 0 + 0.9 + 0 + 1 + 1 + 0.6 + 2 × 0.5) / (8 + 2) × 100 = 310/6 = 51.666… → 51.67
    ranking = store.export("ranking", WEEK)
    assert [(r["unit_code"], str(r["score"]), r["rank"], r["rank_change"]) for r in ranking] == [
        ("330105", "51.67", 1, None)
    ]
