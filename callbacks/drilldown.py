"""The rows behind any number: a click on a DRILL id opens them in a filterable grid.

A drill query comes from the client (a component id, a store) and is hostile: `valid_query`
checks every field against config, and the rows are read through cockpit.dashboard, which limits
them to the caller's units; another unit's drill answers 无权查看 and nothing else.
"""

from __future__ import annotations

import pandas as pd
from dash import ALL, Input, Output, State, callback, ctx, dcc, no_update

from cockpit import audit, dashboard, weeks
from cockpit.access import DENIED, AccessDenied, current_caller
from cockpit.config import CITY_WIDE
from cockpit.definitions import finding_definition, indicator_definition, milestone_definition
from cockpit.exports import spreadsheet_safe
from cockpit.predicates import FINDING_RULES
from cockpit.queries.frames import ROW_LIMIT
from cockpit.store import StoreUnavailable, config
from pages import _ids as ids
from pages._columns import FINDING_COLUMNS, LEDGER_COLUMNS, MILESTONE_REPORT_COLUMNS, grid_columns, records


def modal_targets() -> list[Output]:
    """The drill-down modal's outputs for another page's callback (a grid cell, a bar) that
    opens it too; the values come from `modal_outputs`."""
    return [
        Output(component, prop, allow_duplicate=True)
        for component, prop in (
            (ids.DRILL_MODAL, "is_open"),
            (ids.DRILL_TITLE, "children"),
            (ids.DRILL_DEFINITION, "children"),
            (ids.DRILL_GRID, "rowData"),
            (ids.DRILL_GRID, "columnDefs"),
            (ids.DRILL_COUNT, "children"),
            (ids.DRILL_QUERY, "data"),
        )
    ]


FINDING_TITLES = {
    "found": "已发现问题",
    "rectified": "已整改问题",
    "open": "整改中问题",
    "overdue": "逾期问题",
    "supervision": "监督整改问题",
    "closed": "已销号问题",
    "amount": "已发现问题(问题金额)",
    "amount_rectified": "已整改问题(整改金额)",
}
# An amount opens the rows it sums: the found findings, or the rectified ones.
AMOUNT_RULES = {"amount": "found", "amount_rectified": "rectified"}


class BadDrillQuery(ValueError):
    """A drill query names a unit, figure or bar that does not exist (hostile or stale)."""


def finding_filter(key: str | None) -> tuple[str, str, str | None]:
    """(figure, rule, origin) of a findings drill key "<figure>" or "<figure>:<origin>": the
    figure as the page names it, its row rule (`cockpit.predicates.FINDING_RULES`) and the
    问题来源 it is narrowed to (None = both)."""
    kind, _, origin = (key or "found").partition(":")
    only = AMOUNT_RULES.get(kind, kind)
    if kind not in FINDING_TITLES or only not in FINDING_RULES:
        raise BadDrillQuery(kind)
    return kind, only, origin or None


def valid_query(query: object) -> dict | None:
    """The drill query if every field has the shape the cockpit makes, else None (what its key
    and bar name is checked where they are read: BadDrillQuery)."""
    if not isinstance(query, dict) or query.get("what") not in ("ledger", "findings", "milestones"):
        return None
    unit, key, week = query.get("unit"), query.get("key") or "", query.get("week")
    if not isinstance(unit, str) or not (unit == CITY_WIDE or config().has_unit(unit)) or not isinstance(key, str):
        return None
    try:
        weeks.parse_week(week if isinstance(week, str) else "")
    except weeks.WeekError:
        return None
    if query["what"] == "milestones" and key not in {m.code for m in config().task_milestones}:
        return None
    bar = {k: query[k] for k in ("category", "month") if isinstance(query.get(k), str)}
    return {"what": query["what"], "unit": unit, "key": key, "week": week, **bar}


def rows_for(query: dict) -> tuple[str, str, pd.DataFrame, list[dict]]:
    """(title, definition, rows, column defs) for a drill query {what, unit, key, week} (findings
    may add the `category` or found `month` of a clicked bar). BadDrillQuery if it names nothing."""
    unit = query.get("unit")
    if unit != CITY_WIDE and not config().has_unit(str(unit)):
        raise BadDrillQuery(unit)
    units = None if unit == CITY_WIDE else (unit,)
    where = "全市" if units is None else config().unit(unit).name
    if units is None and current_caller().row_units() is not None:
        where = "全市(仅显示本单位明细)"
    if query["what"] == "milestones":
        return milestone_rows_for(query, units, where)
    if query["what"] == "ledger":
        code, _, part = (query["key"] or "").partition(":")
        if code and code not in {i.code for i in config().indicators}:
            raise BadDrillQuery(code)
        rows = dashboard.ledger_items(query["week"], units, code or None, part == "done")
        name = config().indicator(code).name if code else "全部指标"
        definition = indicator_definition(config(), code) if code else ""
        scope = "计入完成的台账事项" if part == "done" else "台账事项"
        return f"{where} · {name} · {scope}({query['week']})", definition, rows, grid_columns(LEDGER_COLUMNS)
    kind, only, origin = finding_filter(query.get("key"))
    category, month = query.get("category"), query.get("month")
    try:
        rows = dashboard.findings(query["week"], units, category, only, month, origin)
    except ValueError as problem:  # a month that is not YYYY-MM
        raise BadDrillQuery(month) from problem
    bar = " · ".join(str(b) for b in (origin, category, month) if b)
    where = f"{where} · {bar}" if bar else where
    title = f"{where} · {FINDING_TITLES[kind]}({query['week']})"
    return title, finding_definition(only), rows, grid_columns(FINDING_COLUMNS)


def milestone_rows_for(
    query: dict, units: tuple[str, ...] | None, where: str
) -> tuple[str, str, pd.DataFrame, list[dict]]:
    """The 任务进度 rows behind a task milestone: which unit reported what, in which submission."""
    milestone = next((m for m in config().task_milestones if m.code == query["key"]), None)
    if milestone is None:
        raise BadDrillQuery(query["key"])
    rows = dashboard.milestone_reports(query["week"], milestone.code, units)
    title = f"{where} · {milestone.code} {milestone.name} · 任务进度报送({query['week']})"
    return title, milestone_definition(milestone), rows, grid_columns(MILESTONE_REPORT_COLUMNS)


@callback(
    Output(ids.DRILL_MODAL, "is_open"),
    Output(ids.DRILL_TITLE, "children"),
    Output(ids.DRILL_DEFINITION, "children"),
    Output(ids.DRILL_GRID, "rowData"),
    Output(ids.DRILL_GRID, "columnDefs"),
    Output(ids.DRILL_COUNT, "children"),
    Output(ids.DRILL_QUERY, "data"),
    Input({"type": ids.DRILL, "what": ALL, "unit": ALL, "key": ALL}, "n_clicks"),
    State(ids.WEEK, "data"),
    prevent_initial_call=True,
)
def open_rows(clicks: list[int | None], week: str | None):  # noqa: ANN201
    trigger = ctx.triggered_id
    if not isinstance(trigger, dict) or not week or not isinstance(clicks, list) or not any(clicks):
        return (no_update,) * 7
    return modal_outputs(
        {"what": trigger.get("what"), "unit": trigger.get("unit"), "key": trigger.get("key"), "week": week}
    )


def modal_outputs(query: dict) -> tuple:
    """Everything the drill-down modal shows for a query (open, title, definition, rows, columns,
    count, the query kept for the Excel export); other pages' clicks reuse it."""
    query = valid_query(query)
    if query is None:
        return True, "无法读取明细", "请求的明细不存在。", [], [], "", None
    try:
        title, definition, rows, columns = rows_for(query)
    except AccessDenied:
        return True, DENIED, "区县用户只能查看本单位的明细。", [], [], "", None
    except StoreUnavailable as problem:
        return True, "无法读取明细", str(problem), [], [], "", None
    except BadDrillQuery:
        return True, "无法读取明细", "所点的数字已不存在或条件无效,请刷新页面后重试。", [], [], "", None
    return True, title, definition, records(rows), columns, row_count_text(len(rows)), query


def row_count_text(rows: int) -> str:
    if rows >= ROW_LIMIT:
        return f"显示前 {ROW_LIMIT:,} 行(明细过多,请按单位缩小范围)"
    return f"共 {rows} 行"


@callback(
    Output(ids.DRILL_DOWNLOAD, "data"),
    Input(ids.DRILL_CSV, "n_clicks"),
    Input(ids.DRILL_XLSX, "n_clicks"),
    State(ids.DRILL_QUERY, "data"),
    prevent_initial_call=True,
)
def export_rows(_csv: int, _xlsx: int, query: dict | None):  # noqa: ANN201
    """The modal's rows as CSV or Excel, read again on the server for the caller (never from the
    client's grid), text cells that a spreadsheet would run as a formula escaped; on record."""
    kind = "csv" if ctx.triggered_id == ids.DRILL_CSV else "xlsx"
    query = valid_query(query)
    if query is None:
        return no_update
    scope = {"query": query, "units": current_caller().row_units()}
    try:
        title, _definition, rows, columns = rows_for(query)
    except AccessDenied:
        audit.record("export", f"明细 {kind}", "denied", scope)
        return no_update
    except (StoreUnavailable, BadDrillQuery):
        return no_update
    audit.record("export", f"{title}.{kind}", "ok", scope | {"rows": len(rows)})
    labels = {c["field"]: c["headerName"] for c in columns}
    table = spreadsheet_safe(rows[[c["field"] for c in columns]].rename(columns=labels))
    if kind == "csv":
        return dcc.send_data_frame(table.to_csv, f"{title}.csv", index=False, encoding="utf-8-sig")
    return dcc.send_data_frame(table.to_excel, f"{title}.xlsx", index=False, sheet_name="明细")
