"""The 周报 / 月清单 sections as Dash components (no callbacks here), for /review and the print
page the PDF is made from; the rows and columns are cockpit.briefing_sections'."""

from __future__ import annotations

from html import escape

from dash import dcc, html

from cockpit.briefing_sections import MONTHLY, WEEKLY, Column, Section, row_kind
from cockpit.outlook import outlook_words as words
from cockpit.review import counts_by_light
from pages._format import count, missing, percent

LIGHT_WORDS = {"green": "绿灯", "yellow": "黄灯", "red": "红灯", "grey": "灰色"}
WRAP_WIDTH = 28  # columns this wide (in characters) may wrap; the others keep to one line


def cell_text(kind: str, value: object) -> str:
    if missing(value):
        return "—"
    if kind == "percent":
        return percent(float(value))
    if kind == "count":
        return count(value) if float(value).is_integer() else f"{float(value):,.2f}"
    if kind == "score":
        return f"{float(value):.2f}"
    if kind == "bool":
        return "是" if value else "否"
    if kind == "light":
        return LIGHT_WORDS.get(str(value), str(value))
    return str(value)


def _cell(column: Column, row: dict) -> str:
    kind = row_kind(column, row)
    value = row.get(column.key)
    text = escape(cell_text(kind, value))
    if kind == "light" and not missing(value):
        return f'<td><span class="review-light light-{escape(str(value))}"></span>{text}</td>'
    if kind in ("percent", "count", "score"):
        return f'<td class="text-end">{text}</td>'
    return f'<td class="wrap">{text}</td>' if column.width >= WRAP_WIDTH else f"<td>{text}</td>"


def table_html(section: Section, rows: list[dict]) -> str:
    """One section's table as escaped HTML: a single component however many rows (thousands of
    Dash components take seconds to draw)."""
    head = "".join(f"<th>{escape(c.header)}</th>" for c in section.columns)
    body = "".join("<tr>" + "".join(_cell(c, r) for c in section.columns) + "</tr>" for r in rows)
    return f'<table class="table table-sm table-striped"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def section_table(section: Section, data: dict, *, limit: int | None = None) -> html.Section:
    rows = section.rows(data)
    shown = rows if limit is None else rows[:limit]
    body: list = [html.H2(f"{section.title}({len(rows)})")]
    if not rows:
        body.append(html.Div(section.empty, className="empty"))
    else:
        body.append(dcc.Markdown(table_html(section, shown), dangerously_allow_html=True, className="review-table"))
        if len(shown) < len(rows):
            body.append(html.Div(f"仅显示前 {len(shown)} 项,完整清单见导出的 Excel。", className="empty"))
    return html.Section(body, className="panel review-section", id=f"review-{section.key}")


def headline(review: dict) -> html.Div:
    """The week at a glance: off-track counts and how many changes of each kind."""
    lights = counts_by_light(review["off_track"])
    changes = review["changes"]
    parts = [
        ("红灯事项", lights.get("red", 0)),
        ("黄灯事项", lights.get("yellow", 0)),
        ("灯色变化", len(changes["lights"])),
        ("名次变动", len(changes["ranks"])),
        ("新增逾期单位", len(changes["overdue"])),
        ("节点完成/逾期", len(changes["milestones"])),
        ("未报送单位", len(changes["missing"])),
    ]
    return html.Div(
        [
            html.Div(
                [html.Div(str(v), className="rect-value"), html.Div(k, className="rect-label")], className="rect-card"
            )
            for k, v in parts
        ],
        className="rect-headline review-headline",
    )


def city_outlook(review: dict) -> html.Div:
    """The city-wide outlook of each indicator in one sentence."""
    lines = [
        html.Div(
            f"{r['indicator_code']} {r['indicator']}:{words(r, kind=r['kind'], unit_label=r.get('unit_label', ''))}",
            className="review-outlook-words" + (" at-risk" if r["at_risk"] else ""),
        )
        for r in review["outlook"]
        if r["unit_code"] == "ALL"
    ]
    return html.Section([html.H2("全市年底预判"), *lines], className="panel review-section", id="review-outlook-city")


def weekly_sections(review: dict, *, limit: int | None = None) -> list:
    return [headline(review), city_outlook(review), *(section_table(s, review, limit=limit) for s in WEEKLY)]


def monthly_sections(month: dict) -> list:
    state = f"状态截至 {month['state_on']}" + ("" if month["complete"] else "(本月尚未结束,按最新报告周周日)")
    return [html.Div(state, className="muted mb-2"), *(section_table(s, month) for s in MONTHLY)]
