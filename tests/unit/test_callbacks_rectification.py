"""审计整改 callbacks, called directly inside a request of one app, on a store loaded through the
real ETL with a few weeks of demo data, and on unreachable and empty stores."""

from __future__ import annotations

from contextvars import copy_context
from decimal import Decimal

import pytest
from dash._callback_context import context_value
from dash._utils import AttributeDict

from cockpit import exports
from cockpit.config import CITY_WIDE
from cockpit.db import get_engine, transaction
from cockpit.queries.rectification import findings
from cockpit.schema import upgrade
from pages import _ids as ids
from tests.figures import figure as as_figure

WEEK = "2024-W08"


def exported(url: str, week: str) -> dict[str, dict]:
    with transaction(get_engine(url)) as session:
        return {r["unit_code"]: r for r in exports.rectification_rows(session, week=week)}


def texts(component: object) -> list[str]:
    if isinstance(component, str):
        return [component]
    if isinstance(component, list | tuple):
        return [t for child in component for t in texts(child)]
    children = getattr(component, "children", None)
    return texts(children) if children is not None else []


def ids_in(component: object) -> list:
    if isinstance(component, list | tuple):
        return [i for child in component for i in ids_in(child)]
    own = [component.id] if getattr(component, "id", None) is not None else []
    children = getattr(component, "children", None)
    return own + (ids_in(children) if children is not None else [])


def card_values(cards: list) -> dict[str, str]:
    """label → the figure a person reads on each headline card."""
    return {texts(card.children[0])[0]: texts(card.children[1])[0] for card in cards}


def expected_texts(row: dict) -> dict[str, str]:
    rate = "—" if row["rate"] is None else f"{row['rate'] * 100:.1f}%"
    return {
        "发现": f"{row['found']:,}",
        "已整改": f"{row['rectified']:,}",
        "整改率": rate,
        "整改中": f"{row['in_progress']:,}",
        "逾期": f"{row['overdue']:,}",
        "问题金额(万元)": f"{Decimal(row['amount_found_wan']):,.2f}",
        "整改金额(万元)": f"{Decimal(row['amount_rectified_wan']):,.2f}",
        "监督整改已销号": f"{row['supervision_closed']:,}",
    }


def test_headline_is_the_exported_city_row(request_ctx, demo_store) -> None:  # noqa: ANN001
    from callbacks.rectification import show_summary

    url, config = demo_store
    headline, body, total, columns, _supervision, status = show_summary(WEEK, CITY_WIDE)
    rows = exported(url, WEEK)
    assert status is None
    assert card_values(headline) == expected_texts(rows[CITY_WIDE])
    keys = {d["key"] for d in ids_in(headline) if d["unit"] == CITY_WIDE}
    assert {"found", "rectified", "open", "overdue", "closed", "amount", "amount_rectified", "supervision"} <= keys
    assert [r["unit_name"] for r in body] == [u.name for u in config.units if u.code in rows]
    total = total.to_plotly_json()["operations"][0]["params"]["value"]  # a Patch of the grid options
    assert [r["unit_name"] for r in total] == ["合计"]
    headers = [c["headerName"] for c in columns]
    assert headers[:4] == ["单位", "发现", "已整改", "整改率"] and all(c.get("sortable", True) for c in columns[1:])
    for row in [*body, *total]:  # the grid holds the exported figures as numbers
        exported_row = rows[row["unit_code"]]
        for field in ("found", "rectified", "in_progress", "overdue", "supervision_closed"):
            assert row[field] == exported_row[field], (row["unit_code"], field)
        assert row["rate"] == exported_row["rate"]
        assert Decimal(str(row["amount_wan_found"])) == Decimal(exported_row["amount_found_wan"])


def test_one_unit_narrows_the_headline(request_ctx, demo_store) -> None:  # noqa: ANN001
    from callbacks.rectification import show_summary

    url, config = demo_store
    unit = config.districts[0].code
    headline, body, _total, _columns, _supervision, _status = show_summary(WEEK, unit)
    assert card_values(headline) == expected_texts(exported(url, WEEK)[unit])
    assert all(d["unit"] == unit for d in ids_in(headline))
    assert [r["unit_name"] for r in body if r["picked"]] == [config.unit(unit).name]


@pytest.mark.parametrize(("column", "figure"), [("overdue", "overdue"), ("in_progress", "in_progress")])
def test_a_by_unit_cell_opens_the_rows_it_counts(request_ctx, demo_store, column, figure) -> None:  # noqa: ANN001
    from callbacks.drilldown import modal_outputs
    from callbacks.rectification import drill_query

    url, config = demo_store
    unit = config.districts[2].code
    expected = exported(url, WEEK)[unit][figure]
    is_open, title, _definition, rows, _columns, count, _query = modal_outputs(
        drill_query({"colId": column, "rowId": unit}, WEEK)
    )
    assert is_open and config.unit(unit).name in title
    assert len(rows) == expected and count == f"共 {expected} 行"
    total = drill_query({"colId": column, "rowId": "b-0"}, WEEK)  # the pinned 合计 row
    assert total["unit"] == CITY_WIDE
    assert drill_query({"colId": "unit_name", "rowId": unit}, WEEK) is None
    assert drill_query({"colId": column, "rowId": "<script>"}, WEEK) is None


def test_breakdowns_add_up_to_the_headline(request_ctx, demo_store) -> None:  # noqa: ANN001
    from callbacks.rectification import show_breakdowns

    url, _config = demo_store
    row = exported(url, WEEK)[CITY_WIDE]
    answers = show_breakdowns(WEEK, CITY_WIDE)
    category, month, overdue = as_figure(answers[0]), as_figure(answers[1]), answers[2]
    assert sum(sum(trace.x) for trace in category.data) == row["found"]
    found_by_month = next(trace for trace in month.data if trace.name == "发现")
    assert sum(found_by_month.y) == row["found"]
    assert len(overdue) == row["overdue"]
    days = [r["days_overdue"] for r in overdue]
    assert days == sorted(days, reverse=True)
    assert all(r["unit_name"] for r in overdue)


def test_a_category_bar_opens_its_rows(request_ctx, demo_store) -> None:  # noqa: ANN001
    from callbacks.rectification import open_bar_rows, show_breakdowns

    url, _config = demo_store
    category_figure = as_figure(show_breakdowns(WEEK, CITY_WIDE)[0])
    category = category_figure.data[0].y[-1]
    click = {"points": [{"y": category, "x": 1}]}

    def run():  # noqa: ANN202
        context_value.set(AttributeDict(triggered_inputs=[{"prop_id": f"{ids.RECT_BY_CATEGORY}.clickData"}]))
        return open_bar_rows(click, None, WEEK, CITY_WIDE)

    is_open, title, _definition, rows, _columns, count, _query = copy_context().run(run)
    with transaction(get_engine(url)) as session:
        expected = findings(session, week=WEEK, category=category)
    assert is_open and category in title
    assert count == f"共 {len(expected)} 行" and len(rows) == len(expected)


@pytest.mark.parametrize("kind", ["unreachable", "empty"])
def test_store_problems_are_said_in_chinese(store_request, tmp_path, kind) -> None:  # noqa: ANN001
    from callbacks.rectification import show_breakdowns, show_summary

    url = f"sqlite:///{tmp_path / 'missing' / 'cockpit.db'}"
    if kind == "empty":
        url = f"sqlite:///{tmp_path / 'cockpit.db'}"
        upgrade(get_engine(url))
    with store_request(url):
        headline, _body, _total, _columns, _supervision, status = show_summary(WEEK, CITY_WIDE)
        _category, _month, overdue = show_breakdowns(WEEK, CITY_WIDE)
    assert headline is None and overdue == []
    assert "暂时无法显示数据" in " ".join(texts(status))
