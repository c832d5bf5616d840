"""排名 callbacks, called directly inside a request of one app, on a store loaded through the real
ETL with a few weeks of demo data, and on unreachable and empty stores."""

from __future__ import annotations

from contextvars import copy_context
from decimal import Decimal

import pytest
from dash._callback_context import context_value
from dash._utils import AttributeDict

from cockpit import exports
from cockpit.db import get_engine, transaction
from cockpit.schema import upgrade
from cockpit.scoring import SCORE_FORMULA
from pages import _ids as ids
from tests.figures import figure as as_figure

WEEK = "2024-W06"


def exported(url: str, what: str, week: str) -> list[dict]:
    with transaction(get_engine(url)) as session:
        return exports.EXPORTS[what](session, week=week)


def triggered(prop_id: str, function, *args):  # noqa: ANN001, ANN201
    """Call a callback as Dash would after `prop_id` changed (so `ctx.triggered_id` is set)."""

    def run():  # noqa: ANN202
        context_value.set(AttributeDict(triggered_inputs=[{"prop_id": prop_id, "value": None}]))
        return function(*args)

    return copy_context().run(run)


def ids_in(component: object) -> list:
    """Every id in a rendered component tree."""
    found = []
    if isinstance(component, list | tuple):
        for child in component:
            found += ids_in(child)
        return found
    if getattr(component, "id", None) is not None:
        found.append(component.id)
    children = getattr(component, "children", None)
    return found + (ids_in(children) if children is not None else [])


def texts(component: object) -> list[str]:
    if isinstance(component, str):
        return [component]
    if isinstance(component, list | tuple):
        return [t for child in component for t in texts(child)]
    children = getattr(component, "children", None)
    return texts(children) if children is not None else []


def test_grid_has_the_exported_ranking(request_ctx, demo_store) -> None:  # noqa: ANN001
    from callbacks.rankings import show_ranking

    url, config = demo_store
    rows, _figure, _formula, _weights, status = show_ranking(WEEK)
    expected = exported(url, "ranking", WEEK)
    assert status is None
    assert len(rows) == len(expected) == len(config.districts)
    by_unit = {r["unit_code"]: r for r in rows}
    for row in expected:
        shown = by_unit[row["unit_code"]]
        assert shown["rank"] == row["rank"]
        assert Decimal(f"{shown['score']:.2f}") == row["score"]
        assert shown["rank_change"] == row["rank_change"]
        assert shown["unit_name"] == config.unit(row["unit_code"]).name


def test_contributions_add_up_to_each_score(request_ctx, demo_store) -> None:  # noqa: ANN001
    from callbacks.rankings import show_ranking

    url, config = demo_store
    _rows, answer, *_ = show_ranking(WEEK)
    figure = as_figure(answer)  # callbacks answer figures as plain dicts (callbacks.answers)
    totals: dict[str, float] = {}
    bars = [trace for trace in figure.data if trace.type == "bar"]
    for trace in bars:
        for unit_code, points in zip((c[0] for c in trace.customdata), trace.x, strict=True):
            totals[unit_code] = totals.get(unit_code, 0.0) + points
    for row in exported(url, "ranking", WEEK):
        assert totals[row["unit_code"]] == pytest.approx(float(row["score"]), abs=0.005)
    (labels,) = [trace for trace in figure.data if trace.type == "scatter"]
    assert list(labels.text) == [f"{float(r['score']):.2f}" for r in exported(url, "ranking", WEEK)]
    ranked_names = [config.unit(r["unit_code"]).name for r in exported(url, "ranking", WEEK)]
    assert list(figure.layout.yaxis.categoryarray) == ranked_names


def test_formula_and_weights_come_from_config(request_ctx, demo_store) -> None:  # noqa: ANN001
    from callbacks.rankings import show_ranking

    _url, config = demo_store
    _rows, _figure, formula, weights, _status = show_ranking(WEEK)
    assert SCORE_FORMULA in texts(formula)
    cells = texts(weights)
    for indicator in config.indicators:
        assert indicator.code in cells
    assert "整改率" in cells
    assert str(config.rectification_weight.normalize()) in cells


def test_detail_defaults_to_the_leader_and_drills_to_its_ledger(request_ctx, demo_store) -> None:  # noqa: ANN001
    from callbacks.rankings import explain_rank

    url, config = demo_store
    leader = exported(url, "ranking", WEEK)[0]
    detail = triggered(f"{ids.WEEK}.data", explain_rank, None, None, WEEK)
    assert config.unit(leader["unit_code"]).name in texts(detail)
    assert f"{leader['score']}" in texts(detail)
    drills = ids_in(detail)
    applicable = [i.code for i in config.indicators if i.applies(leader["unit_code"])]
    assert {d["key"] for d in drills if d["what"] == "ledger"} == set(applicable)
    assert all(d["unit"] == leader["unit_code"] for d in drills)


def test_detail_follows_the_selected_row_and_the_clicked_bar(request_ctx, demo_store) -> None:  # noqa: ANN001
    from callbacks.rankings import explain_rank

    url, config = demo_store
    last = exported(url, "ranking", WEEK)[-1]["unit_code"]
    picked = triggered(f"{ids.RANKING_GRID}.selectedRows", explain_rank, [{"unit_code": last}], None, WEEK)
    assert config.unit(last).name in texts(picked)
    click = {"points": [{"customdata": [last, 1.0, 1.0]}]}
    clicked = triggered(f"{ids.RANKING_CONTRIB}.clickData", explain_rank, None, click, WEEK)
    assert config.unit(last).name in texts(clicked)


def test_a_week_without_ranking_says_so(request_ctx) -> None:  # noqa: ANN001
    from callbacks.rankings import show_ranking

    rows, _figure, _formula, _weights, status = show_ranking("2023-W30")
    assert rows == []
    assert "没有可排名的区县" in " ".join(texts(status))


@pytest.mark.parametrize("kind", ["unreachable", "empty"])
def test_store_problems_are_said_in_chinese(store_request, tmp_path, kind) -> None:  # noqa: ANN001
    from callbacks.rankings import explain_rank, show_ranking

    url = f"sqlite:///{tmp_path / 'missing' / 'cockpit.db'}"
    if kind == "empty":
        url = f"sqlite:///{tmp_path / 'cockpit.db'}"
        upgrade(get_engine(url))
    with store_request(url):
        rows, _figure, formula, _weights, status = show_ranking(WEEK)
        detail = triggered(f"{ids.WEEK}.data", explain_rank, None, None, WEEK)
    assert rows == []
    assert SCORE_FORMULA in texts(formula)  # the published rule stays readable
    message = " ".join(texts(status))
    assert "暂时无法显示数据" in message
    assert ("数据库" in message) and message == " ".join(texts(detail))


def test_no_week_renders_nothing(request_ctx) -> None:  # noqa: ANN001
    from callbacks.rankings import explain_rank, show_ranking

    rows, _figure, _formula, _weights, status = show_ranking(None)
    assert rows == [] and status is None
    assert triggered(f"{ids.WEEK}.data", explain_rank, None, None, None) is None
