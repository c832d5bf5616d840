"""周报 / 月清单 callbacks: the sections (published version when the week has one), the briefing
downloads and publishing."""

from __future__ import annotations

from dash import Input, Output, State, callback, ctx, dcc, html, no_update
from flask import request

from callbacks.review_view import monthly_sections, weekly_sections
from cockpit import dashboard, weeks
from cockpit.access import current_caller
from cockpit.briefing import BriefingError, briefing_xlsx_bytes, publish_now
from cockpit.briefing_pdf import briefing_pdf_from
from cockpit.cache import cached
from cockpit.monthly import MonthError, parse_month
from cockpit.publish import NotPublished
from cockpit.store import StoreUnavailable, config
from cockpit.supervise import open_supervision
from pages import _ids as ids
from pages._shell import store_problem
from pages._supervision import open_items_list

SCREEN_LIMIT = 60  # rows per section on screen; the xlsx has every row
DIFF_LIMIT = 40
TABLE_WORDS = {
    "kpi": "指标",
    "rectification": "整改",
    "ranking": "排名",
    "submissions": "报送",
    "milestones": "节点",
    "outlook": "预判",
}


def parse_version(text: object) -> int | None:
    """ "" / None: the latest published (live when none); "0" or "live": live; "N": version N."""
    if text in (None, ""):
        return None
    if str(text).strip().lower() in ("0", "live"):
        return 0
    try:
        number = int(str(text).strip())
    except ValueError:
        return None
    return number if 0 <= number < 10_000 else None


def shown_review(week: str, version_text: object) -> tuple[dict, object | None]:
    """(review, published version or None): the published one unless the live view is asked."""
    wanted = parse_version(version_text)
    versions = dashboard.published_versions(week)
    if wanted == 0 or not versions:
        return dashboard.weekly_review(week), None
    number = wanted if wanted in {v[0] for v in versions} else versions[-1][0]
    return dashboard.published_review(week, number).review, dashboard.published_review(week, number)


def _banner(week: str, published: object | None) -> list:
    versions = dashboard.published_versions(week)
    links = [
        html.A(f"第{v}版 · {who} · {when:%Y-%m-%d %H:%M}", href=f"/review?week={week}&version={v}", className="me-3")
        for v, who, when in versions
    ]
    if published is None:
        note = "本周尚未发布,以下为实时数据。" if not versions else "以下为实时数据。"
        return [html.Div([note, *links], className="muted")]
    parts: list = [
        html.Div(
            [
                html.Strong(f"已发布 · 第{published.version}版"),
                f" · 发布人 {published.published_by} · {published.published_at:%Y-%m-%d %H:%M}",
                " · ",
                html.A("查看实时数据", href=f"/review?week={week}&version=live"),
            ]
        ),
        html.Div(links),
    ]
    diffs = dashboard.publish_differences(week, published.version)
    if diffs:
        rows = [
            html.Tr(
                [
                    html.Td(TABLE_WORDS.get(d["what"], d["what"])),
                    html.Td(d["key"]),
                    html.Td(d["column"]),
                    html.Td(str(d["published"])),
                    html.Td(str(d["live"])),
                ]
            )
            for d in diffs[:DIFF_LIMIT]
        ]
        parts += [
            html.Div(
                f"发布后数据有更新:{len(diffs)} 处与发布版本不同(下表为发布值与当前值)",
                className="text-danger fw-bold mt-2",
            ),
            html.Table(
                [
                    html.Thead(html.Tr([html.Th(h) for h in ("表", "单位/项目", "字段", "发布值", "当前值")])),
                    html.Tbody(rows),
                ],
                className="table table-sm review-diff",
            ),
        ]
    return parts


@cached
def sections(week: str, version: int) -> list:
    """The review's components (version 0: live), cached on the data version: a published
    version never changes, the live one changes with the data."""
    review = dashboard.published_review(week, version).review if version else dashboard.weekly_review(week)
    return weekly_sections(review, limit=SCREEN_LIMIT)


@callback(
    Output(ids.REVIEW_BODY, "children"),
    Output(ids.REVIEW_PUBLISHED, "children"),
    Output(ids.REVIEW_STATUS, "children"),
    Input(ids.WEEK, "data"),
    Input(ids.REVIEW_MONTH, "data"),
    Input(ids.REVIEW_VERSION, "data"),
)
def show_review(week: str | None, month: str | None, version: object):  # noqa: ANN201
    if not week:
        return None, None, None
    try:
        if month:
            try:
                parse_month(month)
            except MonthError as problem:
                return None, None, store_problem(str(problem))
            latest = dashboard.available_weeks()[0]
            listing = dashboard.monthly_list(month, latest)
            back = html.A(f"返回 {week} 周报", href=f"/review?week={week}")
            return monthly_sections(listing), back, None
        _review, published = shown_review(week, version)
        this_month = weeks.as_of(week).strftime("%Y-%m")
        monthly = html.A(
            f"查看 {this_month} 月清单", href=f"/review?week={week}&month={this_month}", className="d-block mt-1"
        )
        return sections(week, published.version if published else 0), [*_banner(week, published), monthly], None
    except (StoreUnavailable, NotPublished) as problem:
        return None, None, store_problem(str(problem))


@callback(Output(ids.REVIEW_SUPERVISION, "children"), Input(ids.WEEK, "data"))
def show_open_supervision(week: str | None):  # noqa: ANN201
    """The open 督办 items (live, whatever version of the review is shown), narrowed to the caller."""
    if not week:
        return None
    try:
        items = open_supervision()
    except StoreUnavailable as problem:
        return store_problem(str(problem))
    return html.Section([html.H2("督办未办结事项", className="section-title"), open_items_list(items)])


@callback(
    Output(ids.REVIEW_DOWNLOAD, "data"),
    Input(ids.REVIEW_XLSX, "n_clicks"),
    Input(ids.REVIEW_PDF, "n_clicks"),
    State(ids.WEEK, "data"),
    State(ids.REVIEW_VERSION, "data"),
    prevent_initial_call=True,
)
def download_briefing(_xlsx: int | None, _pdf: int | None, week: str | None, version: object):  # noqa: ANN201
    if not week or not current_caller().may_take_briefing():
        return no_update
    try:
        weeks.parse_week(week)
    except weeks.WeekError:
        return no_update
    _review, published = shown_review(week, version)
    number = published.version if published else 0
    try:
        if ctx.triggered_id == ids.REVIEW_PDF:
            data = briefing_pdf_from(request.host_url, week=week, version=number, cookies=dict(request.cookies))
            return dcc.send_bytes(data, f"周报简报_{week}.pdf")
        data = briefing_xlsx_bytes(config(), week=week, version=number)
    except (BriefingError, StoreUnavailable):
        return no_update
    return dcc.send_bytes(data, f"周报简报_{week}.xlsx")


@callback(
    Output(ids.REVIEW_PUBLISH_RESULT, "children"),
    Output(ids.REVIEW_VERSION, "data"),
    Input(ids.REVIEW_PUBLISH, "n_clicks"),
    State(ids.WEEK, "data"),
    prevent_initial_call=True,
)
def publish_week(clicks: int | None, week: str | None):  # noqa: ANN201
    caller = current_caller()
    if not clicks or not week:
        return no_update, no_update
    if not caller.may("publish"):
        return "无权发布:仅工作专班可以发布周报。", no_update
    try:
        weeks.parse_week(week)
        version = publish_now(config(), week=week, by=caller.username or caller.role)
    except (StoreUnavailable, weeks.WeekError) as problem:
        return f"发布失败:{problem}", no_update
    return f"已发布 {week} 第 {version} 版", str(version)
