"""督办 page: red items to supervise, issuing, the items list, an item's steps, and the steps
themselves. Who may do what is decided on the server (cockpit.supervision.check via
cockpit.supervise) from `current_caller()`; a grid row only says which item is meant."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from dash import Input, Output, State, callback, ctx, html, no_update

from cockpit import supervise, weeks
from cockpit import supervision as rules
from cockpit.access import current_caller
from cockpit.store import StoreUnavailable, config
from pages import _ids as ids
from pages._columns import grid_columns, records
from pages._shell import store_problem
from pages._supervision import state_badge

RED_COLUMNS = {"subject": "类别", "unit_name": "责任单位", "title": "事项", "proposal": "建议", "open_item": "已有督办"}
WIDE = {"title": 4, "request": 3, "proposal": 2}  # flex of the columns people read; the others 1


def _columns(columns: dict[str, str]) -> list[dict]:
    return [
        c | {"flex": WIDE.get(c["field"], 1), "minWidth": 90, "tooltipField": c["field"]} for c in grid_columns(columns)
    ]


def _message(text: str, color: str) -> html.Div:
    return html.Div(text, className=f"alert alert-{color} sup-message", role="alert")


def _week(week: object) -> str | None:
    try:
        return weeks.parse_week(week) if isinstance(week, str) else None
    except weeks.WeekError:
        return None


def _bump(refresh: object, item: int | None = None) -> dict:
    n = refresh.get("n", 0) if isinstance(refresh, dict) else 0
    return {"n": int(n) + 1 if isinstance(n, int) else 1, "item": item}


@callback(
    Output(ids.SUPERVISION_RED, "rowData"),
    Output(ids.SUPERVISION_RED, "columnDefs"),
    Input(ids.WEEK, "data"),
    Input(ids.SUPERVISION_REFRESH, "data"),
    Input(ids.SUPERVISION_ONLY_PROPOSED, "value"),
)
def show_red(week: object, _refresh: object, only_proposed: object = None):  # noqa: ANN201
    columns = _columns(RED_COLUMNS)
    week = _week(week)
    if week is None or not current_caller().may("supervise"):
        return [], columns
    try:
        red = supervise.red_items(week)
    except StoreUnavailable:
        return [], columns
    names = {u.code: u.name for u in config().units}
    rows = [
        {
            "key": f"{r.subject_kind}|{r.subject_code}|{r.unit_code}",
            "subject": rules.SUBJECT_LABELS[r.subject_kind],
            "unit_name": names[r.unit_code],
            "title": r.title,
            "proposal": "建议督办(连续两周红灯)" if r.red_last_week else "",
            "open_item": f"#{r.open_item_id}" if r.open_item_id else "",
        }
        for r in red
        if not (isinstance(only_proposed, list) and "proposed" in only_proposed)
        or (r.red_last_week and r.open_item_id is None)
    ]
    return rows, columns


@callback(
    Output(ids.SUPERVISION_MESSAGE, "children"),
    Output(ids.SUPERVISION_REFRESH, "data", allow_duplicate=True),
    Input(ids.SUPERVISION_ISSUE, "n_clicks"),
    State(ids.SUPERVISION_RED, "selectedRows"),
    State(ids.SUPERVISION_DEADLINE, "date"),
    State(ids.SUPERVISION_REQUEST, "value"),
    State(ids.WEEK, "data"),
    State(ids.SUPERVISION_REFRESH, "data"),
    prevent_initial_call=True,
)
def issue_item(_clicks: int | None, selected: object, deadline: object, request: object, week: object, refresh: object):  # noqa: ANN201, E501
    week = _week(week)
    if not current_caller().may("supervise"):
        return _message("无权发起督办(仅工作专班)", "warning"), no_update
    key = selected[0].get("key") if isinstance(selected, list) and selected and isinstance(selected[0], dict) else None
    parts = key.split("|") if isinstance(key, str) else []
    if len(parts) != 3 or week is None:
        return _message("请先在上表中选择一个红灯事项", "warning"), no_update
    try:
        day = dt.date.fromisoformat(str(deadline)[:10])
    except ValueError:
        return _message("请选择办理期限", "warning"), no_update
    try:
        item_id = supervise.issue(
            subject_kind=parts[0],
            subject_code=parts[1],
            unit_code=parts[2],
            week=week,
            request=request if isinstance(request, str) else "",
            deadline=day,
        )
    except rules.TransitionRefused as refusal:
        return _message(str(refusal), "warning"), no_update
    except StoreUnavailable as problem:
        return store_problem(str(problem)), no_update
    return _message(f"已发起督办 #{item_id},责任单位将在其页面看到该事项", "success"), _bump(refresh, item_id)


def _items(show_closed: object) -> pd.DataFrame:
    return supervise.supervision_items(open_only=not (isinstance(show_closed, list) and "closed" in show_closed))


@callback(
    Output(ids.SUPERVISION_ITEMS, "rowData"),
    Output(ids.SUPERVISION_ITEMS, "columnDefs"),
    Output(ids.SUPERVISION_ITEMS, "selectedRows"),
    Input(ids.SUPERVISION_REFRESH, "data"),
    Input(ids.SUPERVISION_SHOW_CLOSED, "value"),
)
def show_items(refresh: object, show_closed: object):  # noqa: ANN201
    columns = _columns(supervise.ITEM_COLUMNS)
    columns = [
        c | {"cellClassRules": {"sup-cell-overdue": "params.value == '逾期未响应'"}}
        if c["field"] == "state_label"
        else c
        for c in columns
    ]
    if not current_caller().signed_in:
        return [], columns, []
    try:
        rows = records(_items(show_closed).drop(columns=["created_at"]))
    except StoreUnavailable:
        return [], columns, []
    wanted = refresh.get("item") if isinstance(refresh, dict) else None
    chosen = [r for r in rows if str(r["id"]) == str(wanted)]
    return rows, columns, chosen


@callback(
    Output(ids.SUPERVISION_DETAIL, "children"),
    Input(ids.SUPERVISION_ITEMS, "selectedRows"),
    Input(ids.SUPERVISION_REFRESH, "data"),
)
def show_detail(selected: object, _refresh: object):  # noqa: ANN201
    item_id = _selected_id(selected)
    if item_id is None:
        return html.Div("选择上表中的一项,查看办理经过并办理", className="muted")
    try:
        items = supervise.supervision_items()
        steps = supervise.item_steps(item_id)
    except StoreUnavailable as problem:
        return store_problem(str(problem))
    mine = items[items["id"] == item_id]
    if mine.empty:
        return html.Div("无权查看", className="muted")
    item = mine.iloc[0]
    timeline = [
        html.Li(
            [
                html.Span(f"{step.acted_at:%Y-%m-%d %H:%M}", className="sup-when"),
                html.Span(f"{step.actor} · {rules.ACTION_LABELS.get(step.action, step.action)}", className="sup-who"),
                state_badge(step.to_state),
                html.Div(step.text, className="sup-text"),
                html.Div(f"整改措施:{step.measures}", className="sup-text") if pd.notna(step.measures) else None,
                html.Div(f"计划完成:{step.planned_on:%Y-%m-%d}", className="sup-text")
                if pd.notna(step.planned_on)
                else None,
            ],
            className="sup-step",
        )
        for step in steps.itertuples()
    ]
    head = html.Div(
        [
            html.Strong(f"#{item_id} {item['title']}"),
            " ",
            state_badge(item["shown_state"]),
            html.Span(f" 办理期限 {item['deadline']:%Y-%m-%d}", className="sup-deadline"),
        ]
    )
    return html.Div([head, html.Ol(timeline, className="sup-steps")])


def _selected_id(selected: object) -> int | None:
    if not isinstance(selected, list) or not selected or not isinstance(selected[0], dict):
        return None
    value = selected[0].get("id")
    return value if isinstance(value, int) and not isinstance(value, bool) else None


@callback(
    Output(ids.SUPERVISION_ACT_MESSAGE, "children"),
    Output(ids.SUPERVISION_REFRESH, "data", allow_duplicate=True),
    Input(ids.SUPERVISION_RESPOND, "n_clicks"),
    Input(ids.SUPERVISION_CLOSE, "n_clicks"),
    Input(ids.SUPERVISION_RETURN, "n_clicks"),
    State(ids.SUPERVISION_ITEMS, "selectedRows"),
    State(ids.SUPERVISION_EXPLANATION, "value"),
    State(ids.SUPERVISION_MEASURES, "value"),
    State(ids.SUPERVISION_PLANNED, "date"),
    State(ids.SUPERVISION_OPINION, "value"),
    State(ids.SUPERVISION_REFRESH, "data"),
    prevent_initial_call=True,
)
def act(
    _r: object,
    _c: object,
    _t: object,
    selected: object,
    explanation: object,
    measures: object,  # noqa: ANN201
    planned: object,
    opinion: object,
    refresh: object,
):
    action = {
        ids.SUPERVISION_RESPOND: rules.RESPOND,
        ids.SUPERVISION_CLOSE: rules.CLOSE,
        ids.SUPERVISION_RETURN: rules.RETURN,
    }.get(ctx.triggered_id)
    return act_on(action, selected, explanation, measures, planned, opinion, refresh)


def act_on(
    action: str | None,
    selected: object,
    explanation: object,
    measures: object,
    planned: object,  # noqa: ANN201
    opinion: object,
    refresh: object,
):
    """Take `action` on the selected item as the caller: (message, refresh)."""
    item_id = _selected_id(selected)
    if action is None or item_id is None:
        return _message("请先在上表中选择一个督办事项", "warning"), no_update
    text = explanation if action == rules.RESPOND else opinion
    try:
        planned_on = dt.date.fromisoformat(str(planned)[:10]) if planned else None
    except ValueError:
        planned_on = None
    step = rules.Step(
        action, text if isinstance(text, str) else "", measures if isinstance(measures, str) else None, planned_on
    )
    try:
        state = supervise.take_step(item_id, step)
    except rules.TransitionRefused as refusal:
        return _message(str(refusal), "warning"), no_update
    except StoreUnavailable as problem:
        return store_problem(str(problem)), no_update
    done = f"#{item_id} 已{rules.ACTION_LABELS[action]},当前状态:{rules.STATE_LABELS[state]}"
    return _message(done, "success"), _bump(refresh, item_id)
