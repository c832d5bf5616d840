"""审计整改 in a browser: the headline a person reads is the exported city row, every figure opens
its rows, the unit picker narrows the page, a category bar opens that category's findings."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

from cockpit import exports
from cockpit.config import CITY_WIDE
from cockpit.db import transaction
from cockpit.queries.rectification import findings

WEEK = "2024-W23"


def exported(served_app, unit_code: str = CITY_WIDE) -> dict:  # noqa: ANN001
    with transaction(served_app.engine) as session:
        return exports.rectification_rows(session, week=WEEK, unit_code=unit_code)[0]


def headline(page: Page, label: str) -> Locator:
    card = page.locator(".rect-card").filter(has=page.locator(".rect-card-label").get_by_text(label, exact=True))
    return card.locator(".rect-card-value")


def test_headline_found_is_the_exported_city_row_and_opens_its_rows(served_app, page: Page, screenshot) -> None:  # noqa: ANN001
    row = exported(served_app)
    page.goto(f"{served_app.url}/rectification?week={WEEK}")
    found = headline(page, "发现")
    expect(found).to_have_text(f"{row['found']:,}")
    expect(headline(page, "已整改")).to_have_text(f"{row['rectified']:,}")
    expect(headline(page, "逾期")).to_have_text(f"{row['overdue']:,}")
    expect(headline(page, "监督整改已销号")).to_have_text(f"{row['supervision_closed']:,}")
    screenshot(page, "rectification")
    found.locator(".drill-link").click()
    expect(page.locator("#drill-modal")).to_be_visible()
    expect(page.locator("#drill-title")).to_contain_text("已发现问题")
    expect(page.locator("#drill-count")).to_have_text(f"共 {row['found']} 行")
    screenshot(page, "rectification-drill-found")
    assert page.console_errors == []


def test_overdue_figure_and_list_agree(served_app, page: Page) -> None:  # noqa: ANN001
    row = exported(served_app)
    page.goto(f"{served_app.url}/rectification?week={WEEK}")
    grid = page.locator("#rect-overdue-grid")
    expect(grid.locator(".ag-paging-row-summary-panel")).to_contain_text(str(row["overdue"]))
    days = [
        int(grid.locator(f'.ag-row[row-index="{n}"] .ag-cell[col-id="days_overdue"]').first.inner_text())
        for n in range(min(5, row["overdue"]))
    ]
    assert days == sorted(days, reverse=True)
    headline(page, "逾期").locator(".drill-link").click()
    expect(page.locator("#drill-count")).to_have_text(f"共 {row['overdue']} 行")
    assert page.console_errors == []


def test_unit_picker_narrows_the_page_to_one_unit(served_app, page: Page, screenshot) -> None:  # noqa: ANN001
    unit = served_app.config.districts[0]
    row = exported(served_app, unit.code)
    page.goto(f"{served_app.url}/rectification?week={WEEK}")
    expect(headline(page, "发现")).to_have_text(f"{exported(served_app)['found']:,}")
    page.locator("#rect-unit-picker").click()
    page.locator(".dash-dropdown-search:visible").fill(unit.name)
    page.get_by_role("option", name=unit.name, exact=True).click()
    expect(headline(page, "发现")).to_have_text(f"{row['found']:,}")
    expect(page.locator("#rect-by-unit .ag-pinned-left-cols-container .picked-row")).to_have_text(unit.name)
    screenshot(page, "rectification-one-unit")
    headline(page, "发现").locator(".drill-link").click()
    expect(page.locator("#drill-title")).to_contain_text(unit.name)
    expect(page.locator("#drill-count")).to_have_text(f"共 {row['found']} 行")
    assert page.console_errors == []


def test_a_category_bar_opens_that_categorys_findings(served_app, page: Page) -> None:  # noqa: ANN001
    page.goto(f"{served_app.url}/rectification?week={WEEK}")
    bar = page.locator("#rect-by-category .trace.bars .point path").last
    expect(bar).to_be_visible()
    bar.click(force=True)  # plotly's drag layer sits over the bars and passes the click on
    expect(page.locator("#drill-modal")).to_be_visible()
    title = page.locator("#drill-title")
    expect(title).to_contain_text("已发现问题")
    category = re.search(r"· (.+?) · 已发现问题", title.inner_text()).group(1)
    with transaction(served_app.engine) as session:
        expected = len(findings(session, week=WEEK, category=category))
    expect(page.locator("#drill-count")).to_have_text(f"共 {expected} 行")
    assert page.console_errors == []


def test_the_picked_unit_stays_when_the_week_changes(served_app, page: Page) -> None:  # noqa: ANN001
    unit = served_app.config.districts[-1]
    other_week = "2024-W10"
    with transaction(served_app.engine) as session:
        expected = exports.rectification_rows(session, week=other_week, unit_code=unit.code)[0]
    page.goto(f"{served_app.url}/rectification?week={WEEK}")
    expect(headline(page, "发现")).to_have_text(f"{exported(served_app)['found']:,}")
    page.locator("#rect-unit-picker").click()
    page.locator(".dash-dropdown-search:visible").fill(unit.name)
    page.get_by_role("option", name=unit.name, exact=True).click()
    expect(headline(page, "发现")).to_have_text(f"{exported(served_app, unit.code)['found']:,}")
    page.locator("#shell-week-picker").click()
    page.locator(".dash-dropdown-search:visible").fill(other_week)
    page.get_by_role("option", name=other_week, exact=True).click()
    expect(page).to_have_url(f"{served_app.url}/rectification?week={other_week}")
    expect(page.locator("#rect-unit-picker")).to_have_text(unit.name)
    expect(headline(page, "发现")).to_have_text(f"{expected['found']:,}")
    assert page.console_errors == []


def test_the_by_unit_grid_sorts_and_each_figure_opens_its_rows(served_app, page: Page, screenshot) -> None:  # noqa: ANN001
    units = [u for u in served_app.config.units]
    rows = {u.code: exported(served_app, u.code) for u in units}
    page.goto(f"{served_app.url}/rectification?week={WEEK}")
    grid = page.locator("#rect-by-unit")
    first_name = grid.locator('.ag-pinned-left-cols-container .ag-row[row-index="0"]')
    expect(first_name).to_have_text(units[0].name)  # config order before any sort
    grid.locator('.ag-header-cell[col-id="overdue"] .ag-header-cell-label').click()  # ascending
    grid.locator('.ag-header-cell[col-id="overdue"] .ag-header-cell-label').click()  # descending
    most = max(units, key=lambda u: (rows[u.code]["overdue"], -units.index(u)))
    expect(grid.locator('.ag-center-cols-container .ag-row[row-index="0"] .ag-cell[col-id="overdue"]')).to_have_text(
        f"{rows[most.code]['overdue']:,}"
    )
    screenshot(page, "rectification-by-unit-sorted")
    unit = served_app.config.districts[3]
    grid.locator(f'.ag-center-cols-container .ag-row[row-id="{unit.code}"] .ag-cell[col-id="in_progress"]').click()
    expect(page.locator("#drill-title")).to_contain_text(f"{unit.name} · 整改中问题")
    expect(page.locator("#drill-count")).to_have_text(f"共 {rows[unit.code]['in_progress']} 行")
    page.locator("#drill-modal .btn-close").click()
    expect(page.locator("#drill-modal")).to_be_hidden()
    total = exported(served_app)
    grid.locator('.ag-floating-bottom .ag-cell[col-id="found"]').click()  # the pinned 合计 row
    expect(page.locator("#drill-title")).to_contain_text("全市 · 已发现问题")
    expect(page.locator("#drill-count")).to_have_text(f"共 {total['found']} 行")
    assert page.console_errors == []
