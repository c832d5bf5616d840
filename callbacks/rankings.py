"""排名: the ranking grid, the contributions chart, the selected district's breakdown, the formula."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
import plotly.graph_objects as go
from dash import Input, Output, callback, ctx, html

from callbacks.answers import cached_answer
from callbacks.charts import base_layout, empty_figure
from cockpit import dashboard, figures
from cockpit.config import Config
from cockpit.definitions import FINDINGS, indicator_definition
from cockpit.scoring import SCORE_FORMULA
from cockpit.store import StoreUnavailable, config
from pages import _ids as ids
from pages._columns import records
from pages._format import actual_text, percent, rank_change, target_text
from pages._shell import number_link, store_problem

RECTIFICATION = "R"
PALETTE = ("#4e79a7", "#59a14f", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac", "#f28e2b")
RECTIFICATION_COLOUR = "#e15759"


def _name(code: str) -> str:
    return config().unit(code).name if config().has_unit(code) else code


def term_label(cfg: Config, code: str) -> str:
    return "整改率" if code == RECTIFICATION else f"{code} {cfg.indicator(code).name}"


def term_colours(cfg: Config) -> dict[str, str]:
    colours = {i.code: PALETTE[n % len(PALETTE)] for n, i in enumerate(cfg.indicators)}
    return colours | {RECTIFICATION: RECTIFICATION_COLOUR}


def contribution_figure(ranked: pd.DataFrame, contributions: pd.DataFrame, cfg: Config) -> go.Figure:
    """Stacked horizontal bars: one bar per district in rank order, one segment per term."""
    names = [_name(code) for code in ranked["unit_code"]]
    order = dict(zip(ranked["unit_code"], names, strict=True))
    figure = go.Figure()
    for code, colour in term_colours(cfg).items():
        part = contributions[contributions["code"] == code]
        if part.empty:
            continue
        figure.add_bar(
            name=term_label(cfg, code)[:13],
            orientation="h",
            y=[order.get(u, u) for u in part["unit_code"]],
            x=part["points"],
            marker_color=colour,
            customdata=list(zip(part["unit_code"], part["attainment"], part["weight"], strict=True)),
            hovertemplate="%{y} · " + term_label(cfg, code) + "<br>完成度 %{customdata[1]:.1%} · 权重 "
            "%{customdata[2]}<br>贡献 %{x:.2f} 分<extra></extra>",
        )
    figure.add_scatter(
        x=ranked["score"],
        y=names,
        mode="text",
        text=[f"{score:.2f}" for score in ranked["score"]],
        textposition="middle right",
        showlegend=False,
        hoverinfo="skip",
    )
    figure.update_layout(
        **base_layout(
            barmode="stack",
            height=max(360, 34 * len(names) + 160),
            margin={"l": 10, "r": 50, "t": 10, "b": 10},
            yaxis={"categoryorder": "array", "categoryarray": names, "autorange": "reversed"},
            xaxis={"title": "得分(分)", "range": [0, 105], "gridcolor": "#e4e7eb"},
            legend={
                "orientation": "h",
                "y": -0.12,
                "yanchor": "top",
                "font": {"size": 11},
                "traceorder": "normal",
                "entrywidth": 0.33,
                "entrywidthmode": "fraction",
            },
        )
    )
    return figure


def formula_panel(cfg: Config) -> tuple[list, dbc.Table]:
    formula = [
        html.Code(SCORE_FORMULA, className="formula"),
        html.Ul(
            [
                html.Li("只计入适用于该单位的指标;实际值无数据按0计。"),
                html.Li("本周发现问题数为0时,整改项及其权重不计入。"),
                html.Li("得分四舍五入保留2位小数,按得分从高到低排名,同分同名次(1, 2, 2, 4)。"),
                html.Li("权重由数据处在 config/scoring.toml 中维护。"),
            ],
            className="formula-notes",
        ),
    ]
    rows = [
        html.Tr(
            [
                html.Td(i.code),
                html.Td(i.name),
                html.Td("全部单位" if i.applies_to is None else "、".join(_name(c) for c in i.applies_to)),
                html.Td(str(cfg.indicator_weights[i.code].normalize()), className="num"),
            ]
        )
        for i in cfg.indicators
    ]
    rows.append(
        html.Tr(
            [
                html.Td("整改"),
                html.Td("整改率"),
                html.Td("全部单位"),
                html.Td(str(cfg.rectification_weight.normalize()), className="num"),
            ]
        )
    )
    head = html.Thead(html.Tr([html.Th("编码"), html.Th("项目"), html.Th("适用"), html.Th("权重", className="num")]))
    return formula, dbc.Table([head, html.Tbody(rows)], size="sm", bordered=False, className="weights-table")


@callback(
    Output(ids.RANKING_GRID, "rowData"),
    Output(ids.RANKING_CONTRIB, "figure"),
    Output(ids.RANKING_FORMULA, "children"),
    Output(ids.RANKING_WEIGHTS, "children"),
    Output(ids.RANKING_STATUS, "children"),
    Input(ids.WEEK, "data"),
)
@cached_answer
def show_ranking(week: str | None):  # noqa: ANN201
    cfg = config()
    formula, weights = formula_panel(cfg)
    if not week:
        return [], empty_figure("暂无数据"), formula, weights, None
    try:
        ranked = dashboard.ranking(week)
        contributions = dashboard.score_contributions(week)
    except StoreUnavailable as problem:
        return [], empty_figure("暂无数据"), formula, weights, store_problem(str(problem))
    if ranked.empty:
        notice = dbc.Alert(f"{week} 没有可排名的区县:各区、县(市)在这一周及之前都还没有报送。", color="info")
        return [], empty_figure("本周没有可排名的区县"), formula, weights, notice
    rows = ranked.assign(unit_name=[_name(c) for c in ranked["unit_code"]])
    return records(rows), contribution_figure(ranked, contributions, cfg), formula, weights, None


def _pick_unit(selected: list[dict] | None, click: dict | None, ranked: pd.DataFrame) -> str:
    if ctx.triggered_id == ids.RANKING_CONTRIB and click and click.get("points"):
        return click["points"][0]["customdata"][0]
    if selected:
        return selected[0]["unit_code"]
    return ranked["unit_code"].iloc[0]


def breakdown_table(
    unit_code: str, terms: pd.DataFrame, facts: pd.DataFrame, rate: float | None, score: float
) -> dbc.Table:
    """One row per term: actual (drillable) vs target, attainment, weight, points and points lost."""
    cfg = config()
    total_weight = figures.weight_total(terms["weight"])
    by_code = facts.set_index("indicator_code")
    rows = []
    for term in terms.itertuples():
        lost = term.lost
        if term.code == RECTIFICATION:
            actual = number_link(percent(rate), ids.drill("findings", unit_code, "rate"), FINDINGS["rate"])
            target = "100%"
        else:
            indicator = cfg.indicator(term.code)
            fact = by_code.loc[term.code]
            label = indicator.unit_label or "项"
            actual = number_link(
                actual_text(fact["actual"], indicator.kind, label),
                ids.drill("ledger", unit_code, term.code),
                indicator_definition(cfg, term.code),
            )
            target = target_text(fact["target"], indicator.kind, label)
        rows.append(
            html.Tr(
                [
                    html.Td(term_label(cfg, term.code)),
                    html.Td(actual, className="num"),
                    html.Td(target, className="num"),
                    html.Td(percent(term.attainment), className="num"),
                    html.Td(f"{term.weight:g}", className="num"),
                    html.Td(f"{term.points:.2f}", className="num"),
                    html.Td(f"−{lost:.2f}" if lost >= 0.005 else "0", className="num lost" if lost >= 0.005 else "num"),
                ]
            )
        )
    total = [html.Td("合计"), html.Td(""), html.Td(""), html.Td("")]
    total += [html.Td(f"{total_weight:g}", className="num"), html.Td(f"{score:.2f}", className="num"), html.Td("")]
    rows.append(html.Tr(total, className="total-row"))
    head = ["项目", "实际值", "目标", "完成度", "权重", "贡献(分)", "失分"]
    header = html.Thead(html.Tr([html.Th(h, className="" if n == 0 else "num") for n, h in enumerate(head)]))
    return dbc.Table([header, html.Tbody(rows)], size="sm", hover=True, className="detail-table")


@callback(
    Output(ids.RANKING_DETAIL, "children"),
    Input(ids.RANKING_GRID, "selectedRows"),
    Input(ids.RANKING_CONTRIB, "clickData"),
    Input(ids.WEEK, "data"),
)
def explain_rank(selected: list[dict] | None, click: dict | None, week: str | None):  # noqa: ANN201
    if not week:
        return None
    try:
        ranked = dashboard.ranking(week)
        if ranked.empty:
            return html.Div("本周没有可排名的区县。", className="text-muted")
        unit_code = _pick_unit(selected, click, ranked)
        terms = dashboard.score_contributions(week, (unit_code,))
        facts = dashboard.indicator_facts(week, (unit_code,))
        rect = dashboard.rectification_facts(week, (unit_code,))
    except StoreUnavailable as problem:
        return store_problem(str(problem))
    row = ranked[ranked["unit_code"] == unit_code]
    if row.empty or terms.empty:
        return html.Div(f"{_name(unit_code)} 在 {week} 没有排名。", className="text-muted")
    rank = row.iloc[0]
    change = None if pd.isna(rank["rank_change"]) else int(rank["rank_change"])
    rate = rect["rate"].iloc[0] if not rect.empty and pd.notna(rect["rate"].iloc[0]) else None
    worst = terms.sort_values("lost", ascending=False).iloc[0]
    summary = [
        html.Span(_name(unit_code), className="detail-unit"),
        html.Span(f"第 {int(rank['rank'])} 名", className="detail-rank"),
        html.Span(f"得分 {rank['score']:.2f}", className="detail-score"),
        html.Span(f"较上周 {rank_change(change)}", className=f"detail-change {_change_class(change)}"),
    ]
    hint = (
        f"失分最多的一项:{term_label(config(), worst['code'])}。" if worst["lost"] > 0 else "各项均已达到目标,得满分。"
    )
    return [
        html.Div(summary, className="detail-summary"),
        html.P(hint, className="detail-hint"),
        breakdown_table(unit_code, terms, facts, rate, rank["score"]),
    ]


def _change_class(change: int | None) -> str:
    if change is None or change == 0:
        return ""
    return "rank-up" if change > 0 else "rank-down"
