"""分门户 callbacks, called directly inside a request of one app, on the demo store (2024-W01..W08)
and on unreachable and empty stores. What a panel shows must agree with the export tables."""

from __future__ import annotations

import pytest

from cockpit import exports
from cockpit.db import get_engine, transaction
from cockpit.schema import upgrade
from pages._format import actual_text, count, percent
from pages._portal import ALL

WEEK = "2024-W06"


def exported(url: str, what: str, week: str) -> list[dict]:
    with transaction(get_engine(url)) as session:
        return exports.EXPORTS[what](session, week=week)


def texts(component: object) -> list[str]:
    if isinstance(component, str):
        return [component]
    if isinstance(component, list | tuple):
        return [t for child in component for t in texts(child)]
    children = getattr(component, "children", None)
    return texts(children) if children is not None else []


def find(component: object, attribute: str) -> dict[str, object]:
    """Every element carrying data-<attribute>, by its value."""
    found: dict[str, object] = {}
    if isinstance(component, list | tuple):
        for child in component:
            found |= find(child, attribute)
        return found
    value = getattr(component, f"data-{attribute}", None)
    if value is not None:
        found[value] = component
    children = getattr(component, "children", None)
    return found | (find(children, attribute) if children is not None else {})


def test_tasks_panel_counts_this_years_milestones_of_the_export(request_ctx, demo_store) -> None:  # noqa: ANN001
    from callbacks.portal import show_tasks

    url, config = demo_store
    due = [r for r in exported(url, "milestones", WEEK) if r["due_on"].startswith("2024")]
    body = show_tasks(WEEK)
    by_unit = find(body, "unit")
    assert set(by_unit) == {r["unit_code"] for r in due}
    for code, row in by_unit.items():
        mine = [r for r in due if r["unit_code"] == code]
        done = sum(r["done_on"] is not None for r in mine)
        late = sum(r["done_on"] is None and r["light"] == "red" for r in mine)
        shown = texts(row)
        assert shown[0] == config.unit(code).short
        assert shown[1] == count(len(mine)) and shown[3] == count(late)
        assert shown[2].startswith(count(done)) and shown[4] == count(len(mine) - done - late)
    assert set(find(body, "milestone")) == {r["milestone_code"] for r in due}
    words = " ".join(texts(body))
    assert "2024年到期" in words and "T7" in words  # every task is listed, T7 with none due this year


def test_business_panel_shows_the_exported_city_wide_figures(request_ctx, demo_store) -> None:  # noqa: ANN001
    from callbacks.portal import show_business

    url, config = demo_store
    kpi = {r["indicator_code"]: r for r in exported(url, "kpi", WEEK) if r["unit_code"] == "ALL"}
    rect = next(r for r in exported(url, "rectification", WEEK) if r["unit_code"] == "ALL")
    body = show_business(WEEK)
    tiles = find(body, "indicator")
    assert list(tiles) == [i.code for i in config.indicators]
    for code, tile in tiles.items():
        indicator = config.indicator(code)
        value = kpi[code]["actual"]
        assert actual_text(value, indicator.kind, indicator.unit_label or "项") in texts(tile)
        assert f"portal-tile light-{kpi[code]['light']}" == tile.className
    words = texts(body)
    assert count(rect["found"]) in words and count(rect["overdue"]) in words
    assert percent(rect["rate"]) in words


def test_featured_panel_lists_newest_first_and_filters(request_ctx, demo_store) -> None:  # noqa: ANN001
    from callbacks.portal import show_featured
    from cockpit import dashboard

    url, config = demo_store
    week = next(w for w in dashboard.available_weeks() if not dashboard.featured_work(w).empty)
    rows = dashboard.featured_work(week)
    body, options = show_featured(week, ALL, ALL)
    items = [c for c in body[-1].children]
    assert len(items) == len(rows)
    dates = [texts(item)[0] for item in items]
    assert dates == sorted(dates, reverse=True)
    categories = sorted(set(rows["category"]))
    assert [o["value"] for o in options] == [ALL, *categories]
    only, _ = show_featured(week, ALL, categories[0])
    assert len(only[-1].children) == int((rows["category"] == categories[0]).sum())
    unit = rows["unit_code"].iloc[0]
    mine, _ = show_featured(week, unit, ALL)
    assert {item.__dict__["data-unit"] for item in mine[-1].children} == {unit}


@pytest.mark.parametrize(
    ("week", "unit", "category"),
    [("2024-W99", "330102' OR 1=1", "<script>"), (12345, {"x": 1}, ["a"]), (None, None, None), ("x" * 5000, "", "")],
)
def test_hostile_inputs_show_a_panel_not_a_traceback(request_ctx, week, unit, category) -> None:  # noqa: ANN001
    from callbacks.portal import show_business, show_featured, show_tasks

    assert "2024" in " ".join(texts(show_tasks(week)))
    assert "核心指标" in " ".join(texts(show_business(week)))
    body, options = show_featured(week, unit, category)
    assert options[0]["value"] == ALL and "特色工作" in " ".join(texts(body))


@pytest.mark.parametrize("kind", ["unreachable", "empty"])
def test_store_problems_are_said_in_chinese(store_request, tmp_path, kind) -> None:  # noqa: ANN001
    from callbacks.portal import show_business, show_featured, show_tasks

    url = f"sqlite:///{tmp_path / 'missing' / 'cockpit.db'}"
    if kind == "empty":
        url = f"sqlite:///{tmp_path / 'cockpit.db'}"
        upgrade(get_engine(url))
    with store_request(url):
        panels = [show_tasks(WEEK), show_business(WEEK), show_featured(WEEK, ALL, ALL)[0]]
    for panel in panels:
        message = " ".join(texts(panel))
        assert "暂时无法显示数据" in message and "数据库" in message
