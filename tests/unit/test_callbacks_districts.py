"""区县 matrix and unit page callbacks, called directly (one app per session, see `app`), on a store
demo_store through the real ETL with a few weeks of demo data, and on unreachable and empty stores."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from cockpit.config import default_config
from cockpit.db import get_engine
from cockpit.models import IndicatorFact, RankingFact, RectificationFact, Submission, SubmissionFact
from cockpit.schema import upgrade
from pages import _ids as ids
from tests.figures import figure as as_figure

WEEK = "2024-W06"  # the week whose workbook of config.districts[1] the demo_store leaves out
SKIPPED = 1


def facts(url: str, model: type, **where: object) -> list:
    with Session(get_engine(url)) as session:
        return list(session.scalars(select(model).filter_by(**where)))


def percent(x: float) -> str:
    return f"{x * 100:.1f}%".replace(".0%", "%")


def test_matrix_has_a_row_per_configured_unit_and_a_column_per_indicator(request_ctx, demo_store) -> None:  # noqa: ANN001
    from callbacks.districts import fill_matrix

    rows, columns, message = fill_matrix(WEEK)
    config = demo_store[1]
    assert message is None
    assert [r["code"] for r in rows] == [u.code for u in config.units]
    assert [r["name"] for r in rows] == [u.name for u in config.units]
    fields = [c["field"] for c in columns]
    assert all(i.code in fields for i in config.indicators)
    assert {"rect", "score", "rank"} <= set(fields)
    headers = {c["field"]: c for c in columns}
    assert headers["K1"]["headerName"].startswith("K1 ")
    assert config.indicator("K1").name in headers["K1"]["headerTooltip"]
    assert rows[1]["unit"] == f"[{config.units[1].name}](/districts/{config.units[1].code}?week={WEEK})"


def test_cells_read_actual_over_target_with_the_light(request_ctx, demo_store) -> None:  # noqa: ANN001
    from callbacks.districts import fill_matrix

    url, config = demo_store
    rows = {r["code"]: r for r in fill_matrix(WEEK)[0]}
    stored = facts(url, IndicatorFact, week=WEEK)
    assert stored
    for fact in stored:
        if fact.unit_code not in rows:
            continue
        row = rows[fact.unit_code]
        code = fact.indicator_code
        if config.indicator(code).kind == "count":
            expected = f"{fact.numerator} / {fact.target:g} 项"
        else:
            actual = "无台账" if fact.actual is None else percent(fact.actual)
            expected = f"{actual} / {fact.target * 100:.0f}%"
        assert row[f"{code}_text"] == expected
        assert row[f"{code}_light"] == fact.light
        assert row[f"{code}_cf"] == fact.carried_forward


def test_an_indicator_that_does_not_apply_reads_not_applicable(request_ctx, demo_store) -> None:  # noqa: ANN001
    from callbacks.districts import fill_matrix

    config = demo_store[1]
    rows = {r["code"]: r for r in fill_matrix(WEEK)[0]}
    for indicator in config.indicators:
        for unit in config.units:
            if not indicator.applies(unit.code):
                assert rows[unit.code][f"{indicator.code}_text"] == "不适用"


def test_units_that_did_not_submit_are_marked_carried_forward(request_ctx, demo_store) -> None:  # noqa: ANN001
    from callbacks.districts import fill_matrix

    url, config = demo_store
    missing = [s for s in facts(url, SubmissionFact, submitted=False) if s.effective_week]
    assert (WEEK, config.districts[SKIPPED].code) in {(s.week, s.unit_code) for s in missing}
    for status in missing:
        rows = {r["code"]: r for r in fill_matrix(status.week)[0]}
        assert rows[status.unit_code]["status"] == "未报送 · 沿用"
        assert status.effective_week in rows[status.unit_code]["status_tip"]
        assert rows[status.unit_code]["K1_cf"] is True


def test_score_and_rank_come_from_the_ranking(request_ctx, demo_store) -> None:  # noqa: ANN001
    from callbacks.districts import fill_matrix

    url, config = demo_store
    rows = {r["code"]: r for r in fill_matrix(WEEK)[0]}
    for ranked in facts(url, RankingFact, week=WEEK):
        assert rows[ranked.unit_code]["score_text"] == f"{float(ranked.score):.2f}"
        assert rows[ranked.unit_code]["rank"] == ranked.rank
        assert rows[ranked.unit_code]["rank_text"].startswith(str(ranked.rank))
    for unit in config.units:
        if not unit.is_district:
            assert rows[unit.code]["score_text"] == "—"
    for rect in facts(url, RectificationFact, week=WEEK):
        if rect.unit_code in rows and rect.found:
            assert rows[rect.unit_code]["rect_text"].endswith(f"({rect.rectified}/{rect.found})")


def test_a_clicked_cell_opens_the_rows_behind_it(request_ctx, demo_store) -> None:  # noqa: ANN001
    from callbacks.districts import drill_cell, drill_query

    url, config = demo_store
    district = config.districts[0].code
    fact = facts(url, IndicatorFact, week=WEEK, unit_code=district, indicator_code="K1")[0]
    opened = drill_cell({"colId": "K1", "rowId": district}, WEEK)
    assert opened[0] is True
    assert len(opened[3]) == fact.denominator
    assert opened[5] == f"共 {fact.denominator} 行"
    assert sum(1 for r in opened[3] if r["counts_done"]) == fact.numerator
    assert drill_query({"colId": "rect", "rowId": district}, WEEK)["what"] == "findings"
    not_applicable = next(i.code for i in config.indicators if not i.applies(district))
    assert drill_query({"colId": not_applicable, "rowId": district}, WEEK) is None
    assert drill_query({"colId": "unit", "rowId": district}, WEEK) is None
    assert drill_cell(None, WEEK)[0] is not True


def _text(component: object) -> str:
    """All the text of a component tree."""
    if component is None:
        return ""
    if isinstance(component, str | int | float):
        return str(component)
    if isinstance(component, list | tuple):
        return "".join(_text(c) for c in component)
    return _text(getattr(component, "children", None))


def _find(component: object, component_id: object) -> object | None:
    if isinstance(component, list | tuple):
        return next((f for c in component if (f := _find(c, component_id)) is not None), None)
    if getattr(component, "id", None) == component_id:
        return component
    children = getattr(component, "children", None)
    return _find(children, component_id) if children is not None and not isinstance(children, str) else None


def test_unit_header_cards_and_rectification(request_ctx, demo_store) -> None:  # noqa: ANN001
    from callbacks.unit import show_unit

    url, config = demo_store
    district = config.districts[0]
    header, cards, rect, options, picked = show_unit(WEEK, district.code)
    ranked = facts(url, RankingFact, week=WEEK, unit_code=district.code)[0]
    assert f"第 {ranked.rank} 名 / " in _text(header)
    assert f"{float(ranked.score):.2f}" in _text(header)
    applicable = [i for i in config.indicators if i.applies(district.code)]
    assert len(cards) == len(applicable) == len(options)
    assert picked and set(picked) <= {o["value"] for o in options}
    k1 = facts(url, IndicatorFact, week=WEEK, unit_code=district.code, indicator_code="K1")[0]
    numerator = _find(cards, ids.drill("ledger", district.code, "K1:done"))
    denominator = _find(cards, ids.drill("ledger", district.code, "K1"))
    assert numerator is not None and numerator.children == str(k1.numerator)
    assert denominator is not None and denominator.children == str(k1.denominator)
    assert "分子" in numerator.title and "分母" in denominator.title
    stored = facts(url, RectificationFact, week=WEEK, unit_code=district.code)[0]
    found = _find(rect, ids.drill("findings", district.code, "found"))
    assert found.children == f"{stored.found:,}"


def test_the_bureau_itself_is_not_ranked(request_ctx, demo_store) -> None:  # noqa: ANN001
    from callbacks.unit import show_history, show_unit

    city = next(u for u in demo_store[1].units if not u.is_district)
    assert "不参与" in _text(show_unit(WEEK, city.code)[0])
    assert "不参与" in str(as_figure(show_history(WEEK, city.code)[4]).layout.annotations[0].text)


def test_unit_ledger_submissions_and_rank_history(request_ctx, demo_store) -> None:  # noqa: ANN001
    from callbacks.unit import show_history, show_trend

    url, config = demo_store
    district = config.districts[0].code
    ledger, _, submissions, _, answer = show_history(WEEK, district)
    rank = as_figure(answer)  # callbacks answer figures as plain dicts (callbacks.answers)
    denominators = sum(
        f.denominator for f in facts(url, IndicatorFact, week=WEEK, unit_code=district) if f.denominator is not None
    )
    k7 = [r for r in ledger if r["indicator_code"] == "K7"]
    assert len(ledger) == denominators + len(k7)
    assert {r["counts_done"] for r in ledger} <= {"是", "否"}
    stored = [s for s in facts(url, Submission, unit_code=district) if s.report_week <= WEEK]
    assert len(submissions) == len(stored)
    assert submissions[0]["report_week"] >= submissions[-1]["report_week"]
    assert [t.name for t in rank.data] == ["得分", "排名"]
    trend = as_figure(show_trend(["K1", "K7"], WEEK, district))
    axes = {t.name: t.yaxis for t in trend.data if t.name in ("K1 实际", "K7 实际")}
    assert axes == {"K1 实际": "y", "K7 实际": "y2"}


@pytest.mark.parametrize("problem", ["unreachable", "empty"])
def test_a_store_that_cannot_answer_is_said_in_plain_chinese(store_request, tmp_path: Path, problem: str) -> None:  # noqa: ANN001
    from callbacks.districts import fill_matrix
    from callbacks.unit import show_history, show_unit

    if problem == "unreachable":
        url = f"sqlite:///{tmp_path / 'no-such-dir' / 'cockpit.db'}"
    else:
        url = f"sqlite:///{tmp_path / 'empty.db'}"
        upgrade(get_engine(url))
    with store_request(url):
        rows, _, message = fill_matrix(WEEK)
        header = show_unit(WEEK, default_config().districts[0].code)[0]
        history = show_history(WEEK, default_config().districts[0].code)
    assert rows == []
    expected = "无法连接数据库" if problem == "unreachable" else "还没有任何报送数据"
    assert expected in _text(message)
    assert expected in _text(header)
    assert history[0] == [] and history[2] == []


def test_layouts_build_without_data_and_name_unknown_units(store_request) -> None:  # noqa: ANN001
    import dash

    districts_layout = dash.page_registry["pages.districts"]["layout"]
    unit_layout = dash.page_registry["pages.unit"]["layout"]
    with store_request("sqlite:////nonexistent/dir/cockpit.db"):
        assert _find(districts_layout(), ids.DISTRICTS_GRID) is not None
        assert _find(unit_layout(), ids.UNIT_HEADER) is not None
        district = default_config().districts[0]
        assert district.name in _text(unit_layout(unit_code=district.code, week=WEEK))
        unknown = unit_layout(unit_code="999999")
    assert "未找到该单位" in _text(unknown)
    assert _find(unknown, ids.UNIT_HEADER) is None
