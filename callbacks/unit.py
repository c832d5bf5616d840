"""单位 page: header (rank, score, change), indicator cards, rectification figures, trend chart,
ledger, 报送情况 and score/rank history, for the unit in the URL and the page's week."""

from __future__ import annotations

import pandas as pd
from dash import Input, Output, State, callback, html
from plotly.subplots import make_subplots

from callbacks.answers import cached_answer
from callbacks.cards import indicator_card, rectification_cards
from callbacks.charts import base_layout, empty_figure
from callbacks.districts import KIND_NAMES
from cockpit import dashboard, weeks
from cockpit.access import DENIED, current_caller
from cockpit.config import Indicator
from cockpit.store import StoreUnavailable, config
from cockpit.supervise import open_supervision
from pages import _ids as ids
from pages._columns import LEDGER_COLUMNS, grid_columns, records
from pages._format import missing
from pages._shell import store_problem
from pages._supervision import open_items_list

PALETTE = ("#1f5fbf", "#d64545", "#1f9d55", "#e08a00", "#7b3fb5", "#0f8b8d", "#b5476b", "#5a6b7d", "#8c6d1f")
SUBMISSION_COLUMNS = {
    "report_week": "报告周",
    "file_name": "文件名",
    "reporter": "填报人",
    "loaded_at": "导入时间",
    "state": "状态",
    "warning_count": "警告数",
    "sha256": "校验码(SHA-256 前12位)",
}


def header(unit_code: str, week: str) -> html.Div:
    """Kind, this week's submission state, and for districts rank, score and their change."""
    unit = config().unit(unit_code)
    status = dashboard.submission_status(week)
    mine = status[status["unit_code"] == unit_code]
    if mine.empty or missing(mine.iloc[0]["effective_week"]):
        submitted = "尚无报送数据"
    else:
        submitted = (
            "本周已报送"
            if mine.iloc[0]["submitted"]
            else f"本周未报送,沿用 {mine.iloc[0]['effective_week']} 报送的数据"
        )
    facts = [
        html.Span(KIND_NAMES.get(unit.kind, unit.kind), className="unit-kind"),
        html.Span(submitted, className="unit-status"),
    ]
    if not unit.is_district:
        return html.Div([*facts, html.Span("市本级不参与区、县(市)排名", className="muted")], className="unit-facts")
    history = dashboard.rank_history(unit_code, week)
    ranked = dashboard.ranked_count(week)
    now = history[history["week"] == week]
    if now.empty:
        return html.Div([*facts, html.Span("本周无排名", className="muted")], className="unit-facts")
    row = now.iloc[0]
    change = row["rank_change"]
    moved = (
        "上周无排名"
        if missing(change)
        else "名次较上周持平"
        if change == 0
        else f"较上周上升 {int(change)} 名"
        if change > 0
        else f"较上周下降 {-int(change)} 名"
    )
    delta = "" if missing(row["score_change"]) else f",得分 {row['score_change']:+.2f}"
    return html.Div(
        [
            *facts,
            html.Span(
                ["第 ", html.B(str(int(row["rank"])), className="unit-rank"), f" 名 / {ranked}"], className="unit-big"
            ),
            html.Span(["得分 ", html.B(f"{row['score']:.2f}", className="unit-score")], className="unit-big"),
            html.Span(moved + delta, className="unit-change", title="名次变化 = 上周名次 − 本周名次(正数为上升)"),
        ],
        className="unit-facts",
    )


@callback(
    Output(ids.UNIT_HEADER, "children"),
    Output(ids.UNIT_INDICATORS, "children"),
    Output(ids.UNIT_RECT, "children"),
    Output(ids.UNIT_TREND_PICKER, "options"),
    Output(ids.UNIT_TREND_PICKER, "value"),
    Input(ids.WEEK, "data"),
    State(ids.UNIT_CODE, "data"),
)
@cached_answer
def show_unit(week: str | None, unit_code: str | None):  # noqa: ANN201
    applicable = [i for i in config().indicators if unit_code and i.applies(unit_code)]
    options = [{"label": f"{i.code} {i.name}", "value": i.code} for i in applicable]
    if not week or not unit_code or not config().has_unit(unit_code):
        return None, [], [], options, [o["value"] for o in options[:1]]
    try:
        facts = {f["indicator_code"]: f for f in records(dashboard.indicator_facts(week, (unit_code,)))}
        rect = dashboard.rectification_facts(week, (unit_code,))
        head = header(unit_code, week)
    except StoreUnavailable as problem:
        return store_problem(str(problem)), [], [], options, [o["value"] for o in options[:1]]
    cards = [indicator_card(unit_code, i, facts.get(i.code)) for i in applicable]
    lagging = [i.code for i in applicable if i.code in facts and facts[i.code]["light"] != "green"][:3]
    return (
        head,
        cards,
        rectification_cards(unit_code, rect.iloc[0] if not rect.empty else None),
        options,
        lagging or [o["value"] for o in options[:1]],
    )


def trend_figure(trend: pd.DataFrame, indicators: list[Indicator]):  # noqa: ANN201
    """One colour per indicator: actual solid, target in force as a step line, trajectory dashed.
    Rates on the left axis (%), counts (K7) on the right."""
    figure = make_subplots(specs=[[{"secondary_y": True}]])
    for n, indicator in enumerate(indicators):
        rows = trend[trend["indicator_code"] == indicator.code]
        if rows.empty:
            continue
        rate, color = indicator.kind == "rate", PALETTE[n % len(PALETTE)]
        scale, suffix = (100, "%") if rate else (1, f" {indicator.unit_label or '项'}")
        days = [weeks.as_of(w) for w in rows["week"]]
        actual = rows["actual"] if rate else rows["numerator"]
        common = {"legendgroup": indicator.code, "customdata": rows["week"]}
        mode = "lines+markers" if len(days) <= 60 else "lines"
        figure.add_scatter(
            x=days,
            y=actual * scale,
            name=f"{indicator.code} 实际",
            mode=mode,
            marker={"size": 4},
            line={"color": color, "width": 2.5},
            secondary_y=not rate,
            **common,
            hovertemplate=f"{indicator.code} %{{customdata}} 实际 %{{y:.1f}}{suffix}<extra></extra>",
        )
        figure.add_scatter(
            x=days,
            y=rows["target"] * scale,
            name=f"{indicator.code} 目标",
            mode="lines",
            showlegend=False,
            line={"color": color, "width": 1.2, "shape": "hv"},
            opacity=0.55,
            secondary_y=not rate,
            **common,
            hovertemplate=f"{indicator.code} %{{customdata}} 目标 %{{y:.1f}}{suffix}<extra></extra>",
        )
        figure.add_scatter(
            x=days,
            y=rows["trajectory"] * scale,
            name=f"{indicator.code} 应达",
            mode="lines",
            showlegend=False,
            line={"color": color, "width": 1.2, "dash": "dash"},
            secondary_y=not rate,
            **common,
            hovertemplate=f"{indicator.code} %{{customdata}} 应达 %{{y:.1f}}{suffix}<extra></extra>",
        )
    for name, dash_style, shape in (("目标(阶梯线)", "solid", "hv"), ("应达进度(虚线)", "dash", "linear")):
        figure.add_scatter(
            x=[None], y=[None], name=name, mode="lines", line={"color": "#7b8794", "dash": dash_style, "shape": shape}
        )
    figure.update_layout(**base_layout(hovermode="x unified", yaxis={"ticksuffix": "%", "rangemode": "tozero"}))
    figure.update_yaxes(
        title_text="项",
        rangemode="tozero",
        showgrid=False,
        secondary_y=True,
        tick0=0,
        dtick=1 if trend["numerator"].max() <= 10 else None,
        visible=any(i.kind == "count" for i in indicators),
    )
    return figure


@callback(
    Output(ids.UNIT_TREND, "figure"),
    Input(ids.UNIT_TREND_PICKER, "value"),
    State(ids.WEEK, "data"),
    State(ids.UNIT_CODE, "data"),
)
@cached_answer
def show_trend(codes: list[str] | None, week: str | None, unit_code: str | None):  # noqa: ANN201
    if not codes or not week or not unit_code:
        return empty_figure("请选择指标" if week else "暂无数据")
    try:
        trend = dashboard.indicator_trend(week, unit_code)
    except StoreUnavailable as problem:
        return empty_figure(str(problem))
    if trend.empty:
        return empty_figure("该单位暂无指标数据")
    return trend_figure(trend, [config().indicator(c) for c in codes])


# A grid of another unit's rows says so, and shows nothing else.
DENIED_GRID = ([{"denied": f"{DENIED}:只能查看本单位的明细"}], [{"field": "denied", "headerName": DENIED, "flex": 1}])


def rank_or_empty(unit_code: str, week: str):  # noqa: ANN201
    """The score and rank history (public to every role) for the unit page of another unit."""
    if not config().unit(unit_code).is_district:
        return empty_figure("市本级不参与区、县(市)排名")
    try:
        history = dashboard.rank_history(unit_code, week)
    except StoreUnavailable as problem:
        return empty_figure(str(problem))
    return rank_figure(history, len(config().districts)) if not history.empty else empty_figure("暂无排名数据")


def rank_figure(history: pd.DataFrame, ranked: int):  # noqa: ANN201
    """Score above, rank below (1 at the top), sharing the week axis."""
    figure = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.55, 0.45], vertical_spacing=0.1)
    days = [weeks.as_of(w) for w in history["week"]]
    figure.add_scatter(
        x=days,
        y=history["score"],
        name="得分",
        mode="lines",
        line={"color": "#1f5fbf", "width": 2.5},
        customdata=history["week"],
        hovertemplate="%{customdata} 得分 %{y:.2f}<extra></extra>",
        row=1,
        col=1,
    )
    figure.add_scatter(
        x=days,
        y=history["rank"],
        name="排名",
        mode="lines+markers" if len(days) <= 60 else "lines",
        line={"color": "#e08a00", "shape": "hv"},
        marker={"size": 4},
        customdata=history["week"],
        hovertemplate="%{customdata} 第 %{y} 名<extra></extra>",
        row=2,
        col=1,
    )
    figure.update_layout(**base_layout(hovermode="x unified", showlegend=False))
    figure.update_yaxes(title_text="得分", row=1, col=1)
    figure.update_yaxes(title_text="名次", range=[ranked + 0.5, 0.5], dtick=max(1, ranked // 6), row=2, col=1)
    return figure


@callback(
    Output(ids.UNIT_LEDGER, "rowData"),
    Output(ids.UNIT_LEDGER, "columnDefs"),
    Output(ids.UNIT_SUBMISSIONS, "rowData"),
    Output(ids.UNIT_SUBMISSIONS, "columnDefs"),
    Output(ids.UNIT_RANK, "figure"),
    Input(ids.WEEK, "data"),
    State(ids.UNIT_CODE, "data"),
)
@cached_answer
def show_history(week: str | None, unit_code: str | None):  # noqa: ANN201
    ledger_columns = [
        c
        | (
            {"cellClassRules": {"item-done": "params.value == '是'", "item-open": "params.value == '否'"}}
            if c["field"] == "counts_done"
            else {}
        )
        for c in grid_columns({k: v for k, v in LEDGER_COLUMNS.items() if k != "unit_code"})
    ]
    submission_columns = grid_columns(SUBMISSION_COLUMNS)
    if not isinstance(week, str) or not isinstance(unit_code, str) or not config().has_unit(unit_code):
        return [], ledger_columns, [], submission_columns, empty_figure("暂无数据")
    if not current_caller().may_see_rows_of(unit_code):
        return (*DENIED_GRID, *DENIED_GRID, rank_or_empty(unit_code, week))
    try:
        ledger = dashboard.ledger_items(week, (unit_code,))
        submissions = dashboard.submission_history(unit_code, week)
    except StoreUnavailable as problem:
        return [], ledger_columns, [], submission_columns, empty_figure(str(problem))
    ledger["counts_done"] = ledger["counts_done"].map({True: "是", False: "否"})
    submissions["state"] = [
        "当前有效" if current else f"已被替换({superseded:%Y-%m-%d %H:%M})"
        for current, superseded in zip(submissions["current"], submissions["superseded_at"], strict=True)
    ]
    submissions["loaded_at"] = submissions["loaded_at"].map(lambda t: f"{t:%Y-%m-%d %H:%M}")
    submissions["sha256"] = submissions["sha256"].str[:12]
    return records(ledger), ledger_columns, records(submissions), submission_columns, rank_or_empty(unit_code, week)


# ---- 督办 (submit branch): the unit's open supervision items -------------------------------------


@callback(Output(ids.UNIT_SUPERVISION, "children"), Input(ids.WEEK, "data"), State(ids.UNIT_CODE, "data"))
@cached_answer
def show_supervision(week: str | None, unit_code: str | None):  # noqa: ANN201
    """Open 督办 of the unit: rows, so only for callers who may see the unit's rows."""
    if not week or not isinstance(unit_code, str) or not config().has_unit(unit_code):
        return None
    if not current_caller().may_see_rows_of(unit_code):
        return html.Div(DENIED, className="muted")
    try:
        items = open_supervision((unit_code,))
    except StoreUnavailable as problem:
        return store_problem(str(problem))
    return open_items_list(items, show_unit=False)
