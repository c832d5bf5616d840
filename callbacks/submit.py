"""填报 page: template download, upload (receipt or every error in a grid), export of the
errors, and 报送情况. Every callback asks `current_caller()` — the unit comes from the session,
never from the page — and says what went wrong in plain Chinese."""

from __future__ import annotations

import io

import pandas as pd
from dash import Input, Output, State, callback, ctx, dcc, html, no_update

from cockpit.access import DENIED, current_caller
from cockpit.audit import record as audit_record
from cockpit.store import StoreUnavailable, config, settings
from cockpit.upload import Outcome, decode, escape_formula, receive, template_for, template_weeks
from etl.template import file_name
from pages import _ids as ids
from pages._columns import grid_columns
from pages._shell import store_problem

ISSUE_COLUMNS = {"level": "级别", "sheet": "工作表", "row": "行", "column": "列", "value": "值", "reason": "原因"}
SHEET_LABELS = {
    "ledger": "指标台账",
    "rectification": "整改台账",
    "task_progress": "任务进度",
    "featured_work": "特色工作",
}


def _alert(text: str, color: str = "warning") -> html.Div:
    return html.Div(text, className=f"alert alert-{color} submit-alert", role="alert")


@callback(
    Output(ids.SUBMIT_TEMPLATE_DOWNLOAD, "data"),
    Output(ids.SUBMIT_TEMPLATE_MESSAGE, "children"),
    Input(ids.SUBMIT_TEMPLATE_BUTTON, "n_clicks"),
    State(ids.SUBMIT_TEMPLATE_UNIT, "value"),
    State(ids.SUBMIT_TEMPLATE_WEEK, "value"),
    prevent_initial_call=True,
)
def download_template(_clicks: int | None, unit_value: object, week_value: object):  # noqa: ANN201
    caller = current_caller()
    unit = caller.unit_code if caller.role == "district" else unit_value if caller.row_units() is None else None
    if not caller.signed_in or not isinstance(unit, str) or not config().has_unit(unit):
        return no_update, _alert("请选择单位" if caller.row_units() is None and caller.signed_in else DENIED)
    if week_value not in template_weeks():
        return no_update, _alert("请选择报告周(本周或此前 11 周)")
    try:
        data = template_for(unit, week_value)
    except StoreUnavailable as problem:
        return no_update, store_problem(str(problem))
    audit_record("download", f"template:{unit}:{week_value}", "ok", {"what": "报送模板", "unit": unit})
    return dcc.send_bytes(data, file_name(unit, week_value)), None


def issue_columns() -> list[dict]:
    """Narrow level/row columns, the reason wide and wrapped (it is what the sender reads)."""
    widths = {"level": 1, "sheet": 2, "row": 1, "column": 2, "value": 2, "reason": 6}
    return [
        c
        | {"flex": widths[c["field"]], "minWidth": 70}
        | (
            {
                "wrapText": True,
                "autoHeight": True,
                "cellStyle": {"lineHeight": "1.5", "paddingTop": "6px", "paddingBottom": "6px"},
            }
            if c["field"] == "reason"
            else {}
        )
        for c in grid_columns(ISSUE_COLUMNS)
    ]


def issue_rows(outcome: Outcome) -> list[dict]:
    """Errors first, then warnings, each with sheet, row, column, value and reason."""
    rows = [
        {**issue, "level": "错误" if issue.get("level") == "error" else "警告"}
        for issue in [*outcome.errors, *outcome.warnings]
    ]
    return [{k: row.get(k) for k in ISSUE_COLUMNS} for row in rows]


def receipt(outcome: Outcome, file: str) -> html.Div:
    unit = config().unit(outcome.unit_code).name if outcome.unit_code and config().has_unit(outcome.unit_code) else ""
    rows = "、".join(
        f"{SHEET_LABELS.get(k, k)} {n} 行" for k, n in outcome.rows.items() if n or k in ("ledger", "rectification")
    )
    lines = [
        html.Strong("已接收" if not outcome.unchanged else "已接收(与已报送文件相同,未重复入库)"),
        html.Div(f"{unit}({outcome.unit_code})· 报告周 {outcome.report_week} · 文件 {file}"),
        html.Div(f"入库行数:{rows}"),
        html.Div(["文件 SHA-256:", html.Code(outcome.sha256 or "")]),
    ]
    if outcome.stored_sha256 and outcome.stored_sha256 != outcome.sha256:
        lines.append(
            html.Div(
                [
                    f"已转换为 .xlsx 归档({(outcome.file_kind or '').upper()} 原件另存),归档 SHA-256:",
                    html.Code(outcome.stored_sha256),
                ]
            )
        )
    if outcome.superseded_id:
        when = f"({outcome.superseded_loaded_at} 导入)" if outcome.superseded_loaded_at else ""
        lines.append(html.Div(f"替换了本周此前的报送 #{outcome.superseded_id}{when},原报送已归档为“已被替换”"))
    if outcome.warnings:
        lines.append(html.Div(f"有 {len(outcome.warnings)} 条警告,见下表;警告不影响入库", className="muted"))
    lines.append(html.Div("驾驶舱各页面已按新数据重新计算。", className="muted"))
    return html.Div(lines, className="alert alert-success submit-receipt", role="status")


def rejection(outcome: Outcome) -> html.Div:
    count = len(outcome.errors)
    return html.Div(
        [
            html.Strong(f"未通过校验,未入库:共 {count} 个错误"),
            html.Div(
                "请按下表逐项修改后重新上传;表格可导出。"
                if count > 1 or outcome.errors[0].get("sheet")
                else outcome.errors[0]["reason"]
            ),
        ],
        className="alert alert-danger submit-rejection",
        role="alert",
    )


@callback(
    Output(ids.SUBMIT_RESULT, "children"),
    Output(ids.SUBMIT_ISSUES, "rowData"),
    Output(ids.SUBMIT_ISSUES, "columnDefs"),
    Output(ids.SUBMIT_ISSUES_PANEL, "style"),
    Output(ids.SUBMIT_UPLOAD, "contents"),
    Input(ids.SUBMIT_UPLOAD, "contents"),
    State(ids.SUBMIT_UPLOAD, "filename"),
    prevent_initial_call=True,
)
def upload(contents: object, filename: object):  # noqa: ANN201
    columns, hidden = issue_columns(), {"display": "none"}
    if contents is None:
        return no_update, no_update, no_update, no_update, no_update
    caller = current_caller()
    name = filename if isinstance(filename, str) else "upload"
    if not caller.may("submit") or not caller.unit_code:
        audit_record("upload", name[:200], "denied", {"reason": "no submit permission"})
        return _alert("无权报送:只有区、县(市)审计局的账号可以报送本单位的工作簿"), [], columns, hidden, None
    try:
        data = decode(contents, settings().max_upload_bytes)
    except ValueError as problem:
        outcome = Outcome(accepted=False, errors=[{"level": "error", "reason": str(problem)}])
    else:
        outcome = receive(data, file_name=name, unit_code=caller.unit_code, settings=settings())
    audit_record(
        "upload",
        name[:200],
        "ok" if outcome.accepted else "rejected",
        {
            "sha256": outcome.sha256,
            "week": outcome.report_week,
            "errors": len(outcome.errors),
            "superseded": outcome.superseded_id,
        },
    )
    rows = issue_rows(outcome)
    shown = {} if rows else hidden
    return (receipt(outcome, name) if outcome.accepted else rejection(outcome)), rows, columns, shown, None


def _issues_frame(rows: object) -> pd.DataFrame:
    valid = [r for r in rows if isinstance(r, dict)] if isinstance(rows, list) else []
    frame = pd.DataFrame(
        [{label: escape_formula(r.get(k)) for k, label in ISSUE_COLUMNS.items()} for r in valid],
        columns=list(ISSUE_COLUMNS.values()),
    )
    return frame


@callback(
    Output(ids.SUBMIT_ISSUES_DOWNLOAD, "data"),
    Input(ids.SUBMIT_ISSUES_CSV, "n_clicks"),
    Input(ids.SUBMIT_ISSUES_XLSX, "n_clicks"),
    State(ids.SUBMIT_ISSUES, "rowData"),
    prevent_initial_call=True,
)
def export_issues(csv_clicks: int | None, xlsx_clicks: int | None, rows: object):  # noqa: ANN201
    return issues_file(rows, "xlsx" if ctx.triggered_id == ids.SUBMIT_ISSUES_XLSX else "csv")


def issues_file(rows: object, kind: str) -> dict | object:
    """The grid's rows as a download; text that a spreadsheet would run as a formula is escaped."""
    frame = _issues_frame(rows)
    if frame.empty:
        return no_update
    if kind == "xlsx":
        buffer = io.BytesIO()
        frame.to_excel(buffer, index=False, sheet_name="问题清单")
        return dcc.send_bytes(buffer.getvalue(), "报送问题清单.xlsx")
    return dcc.send_string("\ufeff" + frame.to_csv(index=False), "报送问题清单.csv", type="text/csv")
