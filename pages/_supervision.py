"""督办 pieces other pages drop in: a unit's (or everyone's) open items, and the per-unit
counts for the wall. Builders on plain frames from cockpit.supervise; no I/O here.

    from cockpit.supervise import open_supervision, open_supervision_counts
    open_items_list(open_supervision(units))      # /districts/<code>, /review
    open_counts_strip(open_supervision_counts())  # /screen (aggregates only)
"""

from __future__ import annotations

import pandas as pd
from dash import dcc, html

from cockpit import supervision as rules

STATE_CLASSES = {
    rules.PENDING: "sup-state-pending",
    rules.OVERDUE: "sup-state-overdue",
    rules.RESPONDED: "sup-state-responded",
    rules.RETURNED: "sup-state-returned",
    rules.CLOSED: "sup-state-closed",
}


def state_badge(state: str) -> html.Span:
    return html.Span(rules.STATE_LABELS.get(state, state), className=f"sup-state {STATE_CLASSES.get(state, '')}")


def open_items_list(items: pd.DataFrame, *, empty: str = "没有未办结的督办事项", show_unit: bool = True) -> html.Div:
    """Open items, most urgent first: state, what, who answers, by when; each links to /supervision."""
    if items.empty:
        return html.Div(empty, className="muted sup-empty")
    urgent = items.assign(_overdue=items["shown_state"] != rules.OVERDUE).sort_values(["_overdue", "deadline"])
    rows = [
        html.Li(
            [
                state_badge(row.shown_state),
                dcc.Link(row.title, href=f"/supervision?item={int(row.id)}", className="sup-title"),
                html.Span(row.unit_name, className="sup-unit") if show_unit else None,
                html.Span(f"期限 {row.deadline:%Y-%m-%d}", className="sup-deadline"),
            ],
            className="sup-item",
        )
        for row in urgent.itertuples()
    ]
    overdue = int((items["shown_state"] == rules.OVERDUE).sum())
    head = f"未办结 {len(items)} 项" + (f",其中逾期未响应 {overdue} 项" if overdue else "")
    return html.Div([html.Div(head, className="sup-count"), html.Ul(rows, className="sup-list")], className="sup-open")


def open_counts_strip(counts: pd.DataFrame) -> html.Div:
    """Per unit: open 督办 and how many are overdue (aggregates only, for the wall)."""
    if counts.empty:
        return html.Div("暂无未办结督办", className="sup-wall-empty")
    cells = [
        html.Div(
            [
                html.Span(row.unit_name, className="sup-wall-unit"),
                html.Span(str(int(row.open)), className="sup-wall-open"),
                html.Span(f"逾期 {int(row.overdue)}", className="sup-wall-overdue") if row.overdue else None,
            ],
            className="sup-wall-cell" + (" sup-wall-late" if row.overdue else ""),
        )
        for row in counts.itertuples()
    ]
    return html.Div([html.Div("督办未办结", className="sup-wall-title"), *cells], className="sup-wall")
