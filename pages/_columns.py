"""Grid columns of the row tables (drill-downs, ledger, findings): field → Chinese header."""

from __future__ import annotations

import pandas as pd

LEDGER_COLUMNS = {
    "unit_code": "单位编码",
    "indicator_code": "指标",
    "item_id": "事项编号",
    "item_name": "事项名称",
    "status": "状态",
    "done_on": "完成日期",
    "counts_done": "计入完成",
    "effective_week": "依据报送周",
    "note": "备注",
}

FINDING_COLUMNS = {
    "unit_code": "单位编码",
    "issue_id": "问题编号",
    "audit_project": "审计项目",
    "category": "问题类别",
    "amount_wan": "金额(万元)",
    "found_on": "发现日期",
    "due_on": "整改期限",
    "status": "整改状态",
    "rectified_on": "整改日期",
    "origin": "问题来源",
    "closed_on": "销号日期",
    "days_overdue": "逾期天数",
    "summary": "问题摘要",
}

MILESTONE_REPORT_COLUMNS = {
    "unit_code": "单位编码",
    "task_code": "任务",
    "milestone_code": "节点编码",
    "progress_pct": "进度(%)",
    "status": "状态",
    "done_on": "完成日期",
    "note": "说明",
    "effective_week": "依据报送周",
    "file_name": "报送文件",
    "row_no": "行号",
}


def grid_columns(columns: dict[str, str]) -> list[dict]:
    return [{"field": field, "headerName": header} for field, header in columns.items()]


def records(frame: pd.DataFrame) -> list[dict]:
    """A query's frame as grid rows: NaN and NaT become None, so the JSON holds nulls."""
    return frame.astype(object).where(frame.notna(), None).to_dict("records")
