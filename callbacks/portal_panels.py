"""What the sub-portal's panels show, built from the dashboard's frames (no callbacks here).

Plain HTML, no graphs: the panels are framed in the province's 微门户 matrix and read on phones,
so they stay light (no plotly bundle) and legible at 360 px. Aggregates only: no figure here
opens rows (the wall's screen account sees /portal too).
"""

from __future__ import annotations

import pandas as pd
from dash import html

from cockpit import weeks
from cockpit.config import Config
from pages._format import LIGHT_LABELS, actual_text, count, percent, target_text, wan


def _unit_name(cfg: Config, code: str) -> str:
    return cfg.unit(code).short if cfg.has_unit(code) else code


def _stat(label: str, value: str, tone: str = "", title: str = "") -> html.Div:
    return html.Div(
        [html.Div(value, className="portal-stat-value"), html.Div(label, className="portal-stat-label")],
        className=f"portal-stat {tone}".strip(),
        title=title or None,
    )


def _as_of_line(week: str, text: str) -> html.Div:
    return html.Div(f"{text} · 数据周 {week}(截至 {weeks.as_of(week):%Y-%m-%d})", className="portal-note")


def _done_text(row: dict) -> str:
    done = count(row["done"])
    return f"{done}(逾期完成 {count(row['done_late'])})" if row["done_late"] else done


def _task_light(row: dict) -> str:
    if row["late"]:
        return "red"
    return "green" if row["done"] == row["milestones"] and not row["done_late"] else "grey"


def tasks_body(week: str, by_task: pd.DataFrame, by_unit: pd.DataFrame, cfg: Config) -> list:
    """年度重点工作推进: the 8 tasks, their milestones due this year and how many of the responsible
    units have each done, late (open past due) or open; then the same per responsible unit."""
    year = weeks.as_of(week).year
    total = by_unit[["milestones", "done", "done_late", "late", "open"]].sum() if not by_unit.empty else None
    stats = html.Div(
        [
            _stat(
                "到期节点",
                count(total["milestones"] if total is not None else 0),
                title="每个责任单位的每个节点计一次",
            ),
            _stat("已完成", count(total["done"] if total is not None else 0), "tone-green"),
            _stat("逾期未完成", count(total["late"] if total is not None else 0), "tone-red"),
            _stat("推进中", count(total["open"] if total is not None else 0)),
        ],
        className="portal-stats",
    )
    milestones = {m.code: m for m in cfg.task_milestones}
    rows = []
    for task in cfg.tasks:
        part = by_task[by_task["task_code"] == task.code].to_dict("records")
        rows.append(
            html.Tr(
                html.Td(
                    [
                        html.Span(task.code, className="portal-code"),
                        " ",
                        task.name,
                        html.Span(task.responsible[0], className="portal-lead"),
                    ],
                    colSpan=4,
                ),
                className="portal-task-head",
            )
        )
        if not part:
            rows.append(html.Tr(html.Td(f"{year}年无到期节点", colSpan=4, className="muted portal-milestone")))
        for row in part:
            name = (
                milestones[row["milestone_code"]].name if row["milestone_code"] in milestones else row["milestone_code"]
            )
            light = _task_light(row)
            rows.append(
                html.Tr(
                    [
                        html.Td(
                            [
                                html.Span(className=f"portal-dot light-{light}", title=LIGHT_LABELS.get(light, "")),
                                name,
                                html.Div(
                                    f"{row['due_on']:%m-%d} 到期 · 平均进度 {_progress(row['progress_pct'])}",
                                    className="portal-sub",
                                ),
                            ],
                            className="portal-milestone",
                        ),
                        html.Td(f"{_done_text(row)}/{count(row['milestones'])}", className="num"),
                        html.Td(count(row["late"]), className="num tone-red" if row["late"] else "num"),
                        html.Td(count(row["open"]), className="num"),
                    ],
                    **{"data-milestone": row["milestone_code"]},
                )
            )
    task_table = html.Table(
        [
            html.Thead(
                html.Tr(
                    [
                        html.Th(f"任务 · {year}年到期节点"),
                        html.Th("完成", className="num"),
                        html.Th("逾期", className="num"),
                        html.Th("推进中", className="num"),
                    ]
                )
            ),
            html.Tbody(rows),
        ],
        className="portal-table portal-task-table",
    )
    unit_rows = [
        html.Tr(
            [
                html.Td(_unit_name(cfg, r["unit_code"])),
                html.Td(count(r["milestones"]), className="num"),
                html.Td(_done_text(r), className="num"),
                html.Td(count(r["late"]), className="num tone-red" if r["late"] else "num"),
                html.Td(count(r["open"]), className="num"),
            ],
            **{"data-unit": r["unit_code"]},
        )
        for r in by_unit.to_dict("records")
    ]
    unit_table = html.Table(
        [
            html.Thead(
                html.Tr(
                    [
                        html.Th("责任单位"),
                        html.Th("节点", className="num"),
                        html.Th("完成", className="num"),
                        html.Th("逾期", className="num"),
                        html.Th("推进中", className="num"),
                    ]
                )
            ),
            html.Tbody(unit_rows or [html.Tr(html.Td("本年无到期节点", colSpan=5, className="muted"))]),
        ],
        className="portal-table portal-unit-table",
    )
    return [
        _as_of_line(week, f"{year}年到期的任务节点"),
        stats,
        html.Div([task_table, unit_table], className="portal-tables"),
    ]


def _progress(value: object) -> str:
    return "—" if value is None or pd.isna(value) else f"{float(value):.0f}%"


def business_body(week: str, facts: pd.DataFrame, rect: pd.DataFrame, cfg: Config) -> list:
    """核心业务: the 9 indicators city-wide against the target in force with their lights, and the
    rectification headline."""
    by_code = {row["indicator_code"]: row for row in facts.to_dict("records")}
    tiles = []
    for indicator in cfg.indicators:
        fact = by_code.get(indicator.code)
        light = fact["light"] if fact else "grey"
        label = indicator.unit_label or "项"
        value = (fact["numerator"] if indicator.kind == "count" else fact["actual"]) if fact else None
        target = f"目标 {target_text(fact['target'], indicator.kind, label)}" if fact else "本周无数据"
        tiles.append(
            html.Div(
                [
                    html.Div(
                        [
                            html.Span(indicator.code, className="portal-code"),
                            html.Span(LIGHT_LABELS[light], className="portal-light"),
                        ],
                        className="portal-tile-top",
                    ),
                    html.Div(indicator.name, className="portal-tile-name", title=indicator.seed_name),
                    html.Div(actual_text(value, indicator.kind, label), className="portal-tile-value"),
                    html.Div(target, className="portal-tile-target"),
                ],
                className=f"portal-tile light-{light}",
                **{"data-indicator": indicator.code},
            )
        )
    lights = pd.Series([by_code[c]["light"] for c in by_code]).value_counts() if by_code else pd.Series(dtype=int)
    summary = " · ".join(f"{LIGHT_LABELS[k]} {int(lights.get(k, 0))}" for k in ("green", "yellow", "red"))
    body = [_as_of_line(week, f"全市9项核心指标 · {summary}"), html.Div(tiles, className="portal-tiles")]
    if rect.empty:
        return [*body, html.Div("本周无整改数据", className="muted")]
    r = rect.iloc[0]
    body.append(html.H3("审计整改 · 监督整改", className="portal-subtitle"))
    body.append(
        html.Div(
            [
                _stat("发现问题", count(r["found"])),
                _stat("已整改", count(r["rectified"]), "tone-green"),
                _stat("整改率", percent(r["rate"])),
                _stat("逾期未整改", count(r["overdue"]), "tone-red" if r["overdue"] else ""),
                _stat("问题金额(万元)", wan(r["amount_wan_found"])),
                _stat("整改金额(万元)", wan(r["amount_wan_rectified"])),
            ],
            className="portal-stats portal-rect",
        )
    )
    return body


def featured_body(week: str, rows: pd.DataFrame, cfg: Config) -> list:
    """特色工作: newest first; date, unit, category, title and summary."""
    items = [
        html.Li(
            [
                html.Div(
                    [
                        html.Span(f"{r['date']:%Y-%m-%d}", className="portal-date"),
                        html.Span(_unit_name(cfg, r["unit_code"]), className="portal-unit"),
                        html.Span(r["category"], className="portal-category"),
                    ],
                    className="portal-item-meta",
                ),
                html.Div(r["title"], className="portal-item-title"),
                html.Div(r["summary"], className="portal-item-summary"),
            ],
            className="portal-item",
            **{"data-unit": r["unit_code"]},
        )
        for r in rows.to_dict("records")
    ]
    if not items:
        return [_as_of_line(week, "各单位本期报送的特色工作"), html.Div("暂无符合条件的特色工作", className="muted")]
    return [_as_of_line(week, f"各单位本期报送的特色工作 共 {len(items)} 条"), html.Ol(items, className="portal-items")]
