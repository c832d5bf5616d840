"""报送情况 on /submit: who submitted the page's week and who is late (a district: its own unit),
and one unit's submission history (superseded ones included). Rows of a unit are read only for
callers who may see that unit's rows."""

from __future__ import annotations

import pandas as pd
from dash import Input, Output, callback, html

from cockpit import dashboard, weeks
from cockpit.access import DENIED, current_caller
from cockpit.store import StoreUnavailable, config
from pages import _ids as ids
from pages._columns import grid_columns, records
from pages._shell import store_problem

STATUS_COLUMNS = {"unit_code": "单位编码", "unit_name": "单位", "state": "本周报送", "effective_week": "依据报送周"}
HISTORY_COLUMNS = {
    "report_week": "报告周",
    "file_name": "文件名",
    "reporter": "填报人",
    "loaded_at": "导入时间",
    "state": "状态",
    "warning_count": "警告数",
    "sha256": "校验码(SHA-256)",
}


def status_rows(status: pd.DataFrame, week: str) -> list[dict]:
    names = {u.code: u.name for u in config().units}
    rows = []
    for row in records(status):
        if row["submitted"]:
            state = "已报送"
        elif row["effective_week"]:
            state = f"未报送(沿用 {row['effective_week']})"
        else:
            state = "尚无报送"
        rows.append({**row, "unit_name": names.get(row["unit_code"], ""), "state": state, "late": not row["submitted"]})
    return sorted(rows, key=lambda r: (not r["late"], r["unit_code"]))


@callback(
    Output(ids.SUBMIT_STATUS, "rowData"),
    Output(ids.SUBMIT_STATUS, "columnDefs"),
    Output(ids.SUBMIT_STATUS_SUMMARY, "children"),
    Input(ids.WEEK, "data"),
    Input(ids.SUBMIT_RESULT, "children"),
)
def show_status(week: str | None, _result: object):  # noqa: ANN201
    columns = [
        c
        | (
            {"cellClassRules": {"item-open": "params.data.late", "item-done": "!params.data.late"}}
            if c["field"] == "state"
            else {}
        )
        for c in grid_columns(STATUS_COLUMNS)
    ]
    caller = current_caller()
    try:
        week = weeks.parse_week(week) if isinstance(week, str) else None
    except weeks.WeekError:
        week = None
    if not week or not caller.signed_in:
        return [], columns, None
    try:
        status = dashboard.submission_status(week)
    except StoreUnavailable as problem:
        return [], columns, store_problem(str(problem))
    allowed = caller.row_units()
    if allowed is not None:
        status = status[status["unit_code"].isin(list(allowed))]
    rows = status_rows(status, week)
    late = [r["unit_name"] for r in rows if r["late"]]
    if allowed is not None:
        summary = f"{week}:本单位{'已报送' if rows and not late else '未报送'}"
    else:
        summary = f"{week}:已报送 {len(rows) - len(late)} / {len(rows)} 个单位" + (
            f";未报送:{'、'.join(late)}" if late else ";全部按时报送"
        )
    return rows, columns, html.Div(summary, className="submit-summary-text")


@callback(
    Output(ids.SUBMIT_HISTORY, "rowData"),
    Output(ids.SUBMIT_HISTORY, "columnDefs"),
    Input(ids.SUBMIT_HISTORY_UNIT, "value"),
    Input(ids.SUBMIT_RESULT, "children"),
)
def show_history(unit_value: object, _result: object):  # noqa: ANN201
    columns = grid_columns(HISTORY_COLUMNS)
    caller = current_caller()
    unit = caller.unit_code if caller.role == "district" else unit_value
    if not isinstance(unit, str) or not config().has_unit(unit) or not caller.signed_in:
        return [], columns
    if not caller.may_see_rows_of(unit):
        return [{"report_week": DENIED}], columns
    try:
        history = dashboard.submission_history(unit)
    except StoreUnavailable:
        return [], columns
    history["state"] = [
        "当前有效" if current else f"已被替换({superseded:%Y-%m-%d %H:%M})"
        for current, superseded in zip(history["current"], history["superseded_at"], strict=True)
    ]
    history["loaded_at"] = history["loaded_at"].map(lambda t: f"{t:%Y-%m-%d %H:%M}")
    return records(history), columns
