"""How figures read on screen: percentages, counts, amounts, lights, rank changes."""

from __future__ import annotations

import math

LIGHT_LABELS = {"green": "达标", "yellow": "按进度", "red": "滞后", "grey": "无数据"}
LIGHT_WORDS = {"green": "绿灯", "yellow": "黄灯", "red": "红灯", "grey": "灰色"}
# The same formats as grid valueFormatter functions (AG Grid formats numbers kept as numbers).
JS_WAN = "params.value == null ? '' : d3.format(',.2f')(params.value)"
JS_COUNT = "params.value == null ? '' : d3.format(',')(params.value)"
JS_PERCENT = "params.value == null ? '—' : d3.format('.1%')(params.value)"
LIGHT_COLORS = {"green": "#1f9d55", "yellow": "#e0a800", "red": "#d64545", "grey": "#9aa5b1"}


def missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def percent(value: float | None, digits: int = 1) -> str:
    return "—" if missing(value) else f"{value * 100:.{digits}f}%"


def actual_text(value: float | None, kind: str, unit_label: str = "项") -> str:
    if missing(value):
        return "—"
    return f"{int(value)} {unit_label}" if kind == "count" else percent(value)


def target_text(value: float, kind: str, unit_label: str = "项") -> str:
    return f"{value:g} {unit_label}" if kind == "count" else percent(value, 0)


def wan(value: float | None) -> str:
    return "—" if missing(value) else f"{value:,.2f}"


def count(value: int | float | None) -> str:
    return "—" if missing(value) else f"{int(value):,}"


def rank_change(change: float | None) -> str:
    if missing(change):
        return "新"
    change = int(change)
    return f"↑{change}" if change > 0 else f"↓{-change}" if change < 0 else "—"


def light_text(light: str) -> str:
    """ "绿灯 · 达标"."""
    return f"{LIGHT_WORDS.get(light, light)} · {LIGHT_LABELS.get(light, '')}"
