"""Cell values as submitted → typed values, or a Chinese reason why not (DESIGN §5 forms)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from cockpit.amounts import AMOUNT_SCALE

_EXCEL_EPOCH = dt.date(1899, 12, 30)
_DATE_PATTERNS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
)
_TIME_SUFFIX = re.compile(r"[ T]00:00(:00)?$")


class ValueProblem(ValueError):
    """The reason, in Chinese, a cell cannot be read as its column's type."""


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value: object) -> str:
    """A cell as text; whole numbers typed as numbers lose their '.0' (330100.0 → '330100')."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return str(value).strip()


def parse_date(value: object) -> dt.date:
    """Excel date cells, Excel serial numbers, 2024-03-05, 2024/3/5, 2024年3月5日."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2958466 and float(value).is_integer():
            return _EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise ValueProblem("不是有效日期")
    cleaned = _TIME_SUFFIX.sub("", str(value).strip()).replace(" ", "")
    for pattern in _DATE_PATTERNS:
        if match := pattern.match(cleaned):
            try:
                return dt.date(*(int(g) for g in match.groups()))
            except ValueError:
                raise ValueProblem("日期不存在") from None
    raise ValueProblem("无法识别的日期(应为 2024-03-05、2024/3/5 或 2024年3月5日)")


def parse_decimal(value: object) -> Decimal:
    if isinstance(value, bool):
        raise ValueProblem("不是数字")
    if isinstance(value, int | float):
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    cleaned = str(value).strip().replace(",", "").replace("，", "").replace(" ", "")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise ValueProblem("不是数字") from None
    if not number.is_finite():
        raise ValueProblem("不是数字")
    return number


def parse_amount(value: object) -> tuple[int, bool]:
    """万元 → integer units of 0.01 元; the flag says the value had to be rounded."""
    amount = parse_decimal(value)
    if amount < 0:
        raise ValueProblem("金额不能为负数")
    scaled = amount * AMOUNT_SCALE
    rounded = scaled.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return int(rounded), rounded != scaled


def parse_percent(value: object) -> float:
    """0–100, as a number or '45%'."""
    raw = value.strip().rstrip("%％") if isinstance(value, str) else value
    number = parse_decimal(raw)
    if not 0 <= number <= 100:
        raise ValueProblem("进度应在 0 到 100 之间")
    return float(number)
