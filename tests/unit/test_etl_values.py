"""Cell values as people type them (DESIGN §5): dates, amounts, percentages, header folding."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from cockpit.amounts import AMOUNT_SCALE, format_wan, wan
from etl.contract import RECTIFICATION, fold
from etl.values import ValueProblem, parse_amount, parse_date, parse_percent, text

MARCH_5 = dt.date(2024, 3, 5)


@pytest.mark.parametrize(
    "value",
    [
        MARCH_5,
        dt.datetime(2024, 3, 5, 0, 0),
        45356,  # Excel serial: 1899-12-30 + 45356 days
        45356.0,
        "2024-03-05",
        "2024-3-5",
        "2024/3/5",
        "2024/03/05",
        "2024年3月5日",
        "2024年03月05日",
        " 2024-03-05 ",
        "2024-03-05 00:00:00",
        "2024.3.5",
    ],
)
def test_date_forms(value: object) -> None:
    assert parse_date(value) == MARCH_5


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("2024-02-30", "日期不存在"),
        ("2023年2月29日", "日期不存在"),
        ("5/3/2024", "无法识别的日期"),
        ("明天", "无法识别的日期"),
        ("20240305", "无法识别的日期"),
        (45356.5, "不是有效日期"),
        (-3, "不是有效日期"),
    ],
)
def test_bad_dates(value: object, reason: str) -> None:
    with pytest.raises(ValueProblem, match=reason):
        parse_date(value)


@pytest.mark.parametrize(
    ("value", "units"),
    [
        ("1,234.50", 1_234_500_000),
        ("1，234.5", 1_234_500_000),  # full-width comma
        (" 12 345.6 ", 12_345_600_000),
        (1234.5, 1_234_500_000),
        (0.1, 100_000),  # a float cell 0.1 is 0.1 万元 = 1000 元, not 0.1000000000000000055…
        (3, 3_000_000),
        ("0", 0),
        ("0.000001", 1),  # 0.01 元
    ],
)
def test_amounts_are_exact(value: object, units: int) -> None:
    assert parse_amount(value) == (units, False)


def test_amounts_sum_exactly() -> None:
    total = parse_amount(0.1)[0] + parse_amount(0.2)[0]
    assert total == 300_000
    assert format_wan(total) == "0.3"  # a float sum would be 0.30000000000000004
    assert wan(total) == Decimal("0.3")
    assert format_wan(1_234_500_000) == "1234.5"
    assert format_wan(0) == "0"
    assert AMOUNT_SCALE == 1_000_000


def test_amount_precision_beyond_a_fen_is_rounded_half_up_and_flagged() -> None:
    assert parse_amount("0.0000005") == (1, True)
    assert parse_amount("0.0000004") == (0, True)


@pytest.mark.parametrize(
    ("value", "reason"),
    [("-1", "金额不能为负数"), (-0.5, "金额不能为负数"), ("一万", "不是数字"), ("NaN", "不是数字"), (True, "不是数字")],
)
def test_bad_amounts(value: object, reason: str) -> None:
    with pytest.raises(ValueProblem, match=reason):
        parse_amount(value)


@pytest.mark.parametrize(("value", "pct"), [(45, 45.0), ("45%", 45.0), ("45％", 45.0), ("100", 100.0), (0, 0.0)])
def test_percent(value: object, pct: float) -> None:
    assert parse_percent(value) == pct


def test_percent_out_of_range() -> None:
    with pytest.raises(ValueProblem, match="进度应在 0 到 100 之间"):
        parse_percent(120)


def test_text_of_numbers_and_dates() -> None:
    assert text(330100.0) == "330100"
    assert text(" K1 ") == "K1"
    assert text(dt.datetime(2024, 3, 5, 0, 0)) == "2024-03-05"


@pytest.mark.parametrize(
    "header", ["问题金额(万元)", "问题金额（万元）", " 问题 金额 (万元) ", "amount_wan", "Amount_Wan"]
)
def test_header_folding(header: str) -> None:
    column = RECTIFICATION.column("amount_wan")
    assert fold(header) in {fold(column.zh), fold(column.en)}
