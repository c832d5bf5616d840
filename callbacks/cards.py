"""Figure cards shared by 总览, the unit page and 审计整改 (no callbacks here).

An indicator card and the rectification cards read the same for the city (unit "ALL") and for one
unit; every number in them opens the rows behind it.
"""

from __future__ import annotations

import pandas as pd
from dash import html

from cockpit.config import Indicator
from cockpit.definitions import AS_OF, FINDINGS, indicator_definition
from cockpit.store import config
from pages import _ids as ids
from pages._format import LIGHT_LABELS, actual_text, count, light_text, missing, percent, target_text, wan
from pages._shell import number_link

# (column of the rectification facts, label, drill key or None when no row set stands behind it)
MEASURES = (
    ("found", "发现", "found"),
    ("rectified", "已整改", "rectified"),
    ("rate", "整改率", "rate"),
    ("in_progress", "整改中", "open"),
    ("overdue", "逾期", "overdue"),
    ("amount_wan_found", "问题金额(万元)", "amount"),
    ("amount_wan_rectified", "整改金额(万元)", "amount_rectified"),
    ("supervision_closed", "监督整改已销号", "closed"),
)
DEFINITIONS = FINDINGS | {
    "in_progress": FINDINGS["open"],
    "supervision_closed": FINDINGS["closed"],
    "supervision_found": FINDINGS["supervision"],
}


def indicator_card(unit_code: str, indicator: Indicator, fact: dict | None) -> html.Div:
    """Actual against the target in force, the light, and numerator / denominator as drill links
    (the numerator opens the items counted as done, the denominator every item)."""
    label = indicator.unit_label or "项"
    head = html.Div(
        [
            html.Span(indicator.code, className="kpi-code"),
            html.Span(LIGHT_LABELS.get(fact["light"] if fact else "grey", ""), className="kpi-light"),
        ],
        className="kpi-top",
    )
    name = html.Div(indicator.name, className="kpi-name", title=indicator.seed_name)
    if fact is None:
        return html.Div(
            [head, name, html.Div("—", className="kpi-actual"), html.Div("本周无数据", className="kpi-target")],
            className="kpi-card light-grey",
            id={"type": "kpi-card", "index": indicator.code},
        )
    definition = indicator_definition(config(), indicator.code)
    numerator = int(fact["numerator"])
    done = number_link(
        f"{numerator} {label}" if indicator.kind == "count" else str(numerator),
        ids.drill("ledger", unit_code, f"{indicator.code}:done"),
        f"分子:计入完成的事项 {numerator} 项。{definition}",
    )
    ratio: list = [done]
    if indicator.kind == "rate":
        denominator = 0 if missing(fact["denominator"]) else int(fact["denominator"])
        ratio += [
            " / ",
            number_link(
                str(denominator),
                ids.drill("ledger", unit_code, indicator.code),
                f"分母:台账事项共 {denominator} 项。{definition}",
            ),
        ]
    if fact.get("carried_forward"):
        ratio.append(html.Span(" 沿用", className="kpi-carried", title="本周未报送,沿用最近一次报送的数据"))
    trajectory = f"{fact['trajectory']:.1f} {label}" if indicator.kind == "count" else percent(fact["trajectory"])
    actual = fact["numerator"] if indicator.kind == "count" else fact["actual"]
    target = f"目标 {target_text(fact['target'], indicator.kind, label)}({fact['milestone_code']})"
    return html.Div(
        [
            head,
            name,
            html.Div(actual_text(actual, indicator.kind, label), className="kpi-actual"),
            html.Div([html.Span(target), html.Span(f"应达 {trajectory}")], className="kpi-target"),
            html.Div(ratio, className="kpi-ratio"),
        ],
        className=f"kpi-card light-{fact['light']}",
        title=light_text(fact["light"]),
        id={"type": "kpi-card", "index": indicator.code},
    )


def figure_text(column: str, value: object) -> str:
    """Counts with thousands separators, the rate in percent, amounts in 万元 with 2 decimals."""
    if column == "rate":
        return percent(value)
    return wan(float(value)) if column.startswith("amount") else count(value)


def figure_definition(column: str) -> str:
    key = {"amount_wan_found": "amount", "amount_wan_rectified": "amount"}.get(column, column)
    return DEFINITIONS.get(key, "") + AS_OF


def rectification_figure(unit: str, column: str, key: str | None, value: object) -> html.Span | html.A:
    text = figure_text(column, value)
    if key is None:
        return html.Span(text, title=figure_definition(column), className="plain-figure")
    return number_link(text, ids.drill("findings", unit, key), figure_definition(column))


def rectification_cards(unit: str, fact: pd.Series | None) -> list[html.Div]:
    """The rectification headline of a unit (or "ALL"): one card per figure, each opening its rows."""
    if fact is None:
        return [html.Div("本周无整改数据", className="muted")]
    cards = []
    for column, label, key in MEASURES:
        body = [
            html.Div(label, className="rect-card-label"),
            html.Div(rectification_figure(unit, column, key, fact[column]), className="rect-card-value"),
        ]
        if column == "supervision_closed":
            found = rectification_figure(unit, "supervision_found", "supervision", fact["supervision_found"])
            body.append(html.Div(["监督整改发现 ", found], className="rect-card-sub"))
        danger = " rect-card-danger" if column == "overdue" and fact[column] > 0 else ""
        cards.append(html.Div(body, className=f"rect-card{danger}"))
    return cards
