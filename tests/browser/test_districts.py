"""区县 matrix and unit pages in Chromium, on demo data loaded by the real ETL (2024-W01..W30):
what a person reads, where clicks lead, and that every figure opens as many rows as it says."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from cockpit.models import IndicatorFact, RankingFact

WEEK_A, WEEK_B = "2024-W10", "2024-W20"


@pytest.fixture(autouse=True)
def patient_expect() -> None:
    """Assertions wait as long as the page's own default (15 s): the suite shares a busy machine."""
    expect.set_options(timeout=15_000)


def cell(page: Page, unit_code: str, column: str):  # noqa: ANN201 - a Locator
    return page.locator(f'#districts-grid .ag-row[row-id="{unit_code}"] .ag-cell[col-id="{column}"]')


def expected_text(fact: IndicatorFact) -> str:
    """A matrix cell as DESIGN asks: actual / target, K7 as a count."""
    if fact.denominator is None:
        return f"{fact.numerator} / {fact.target:g} 项"
    actual = "无台账" if fact.actual is None else f"{fact.actual * 100:.1f}%".replace(".0%", "%")
    return f"{actual} / {fact.target * 100:.0f}%"


def stored(served_app, model: type, **where: object) -> list:  # noqa: ANN001
    with Session(served_app.engine) as session:
        return list(session.scalars(select(model).filter_by(**where)))


def pick_week(page: Page, week: str) -> None:
    page.locator("#shell-week-picker").click()
    page.keyboard.type(week)
    page.get_by_role("option", name=week, exact=True).click()


def test_the_matrix_has_one_row_per_configured_unit(served_app, page: Page, screenshot) -> None:  # noqa: ANN001
    page.goto(f"{served_app.url}/districts?week={WEEK_B}")
    names = page.locator("#districts-grid .ag-pinned-left-cols-container .ag-row")
    expect(names).to_have_count(len(served_app.config.units))
    assert sorted(names.all_inner_texts()) == sorted(u.name for u in served_app.config.units)
    for indicator in served_app.config.indicators:
        expect(page.locator(f'#districts-grid .ag-header-cell[col-id="{indicator.code}"]')).to_contain_text(
            indicator.code
        )
    expect(page.locator("#districts-legend")).to_contain_text("达标")
    district = served_app.config.districts[0]
    fact = stored(served_app, IndicatorFact, week=WEEK_B, unit_code=district.code, indicator_code="K1")[0]
    expect(cell(page, district.code, "K1")).to_have_text(expected_text(fact))
    expect(cell(page, district.code, "K1")).to_have_class(re.compile(f"light-{fact.light}"))
    expect(cell(page, district.code, "K1")).to_have_attribute("title", re.compile("目标"))
    screenshot(page, "districts")
    first = stored(served_app, RankingFact, week=WEEK_B, rank=1)[0]
    score_header = page.locator('#districts-grid .ag-header-cell[col-id="score"] .ag-header-cell-label')
    score_header.click()
    score_header.click()  # ascending, then descending: the best score on top
    expect(
        page.locator('#districts-grid .ag-center-cols-container .ag-row[row-index="0"] [col-id="score"]')
    ).to_have_text(f"{float(first.score):.2f}")
    assert page.console_errors == []


def test_picking_another_week_changes_the_cells(served_app, page: Page) -> None:  # noqa: ANN001
    before = {(f.unit_code, f.indicator_code): f for f in stored(served_app, IndicatorFact, week=WEEK_A)}
    after = {(f.unit_code, f.indicator_code): f for f in stored(served_app, IndicatorFact, week=WEEK_B)}
    unit_code, code = next(
        key
        for key in sorted(before)
        if key in after and expected_text(before[key]) != expected_text(after[key]) and key[0] != "ALL"
    )
    page.goto(f"{served_app.url}/districts?week={WEEK_A}")
    expect(cell(page, unit_code, code)).to_have_text(expected_text(before[(unit_code, code)]))
    pick_week(page, WEEK_B)
    expect(page).to_have_url(re.compile(f"/districts\\?week={WEEK_B}$"))
    expect(cell(page, unit_code, code)).to_have_text(expected_text(after[(unit_code, code)]))
    assert page.console_errors == []


def test_a_matrix_cell_opens_its_ledger_rows(served_app, page: Page) -> None:  # noqa: ANN001
    district = served_app.config.districts[1]
    fact = stored(served_app, IndicatorFact, week=WEEK_B, unit_code=district.code, indicator_code="K2")[0]
    page.goto(f"{served_app.url}/districts?week={WEEK_B}")
    cell(page, district.code, "K2").click()
    expect(page.locator("#drill-title")).to_contain_text(district.name)
    expect(page.locator("#drill-count")).to_have_text(f"共 {fact.denominator} 行")
    assert page.console_errors == []


def test_a_unit_name_opens_its_page_for_the_same_week(served_app, page: Page, screenshot) -> None:  # noqa: ANN001
    district = served_app.config.districts[2]
    ranked = stored(served_app, RankingFact, week=WEEK_B, unit_code=district.code)[0]
    page.goto(f"{served_app.url}/districts?week={WEEK_B}")
    page.locator(f'#districts-grid .ag-row[row-id="{district.code}"] a').click()
    expect(page).to_have_url(re.compile(f"/districts/{district.code}\\?week={WEEK_B}$"))
    expect(page.locator("h1.page-title")).to_have_text(district.name)
    expect(page.locator("#unit-header")).to_contain_text(f"第 {ranked.rank} 名")
    expect(page.locator("#unit-header")).to_contain_text(f"{float(ranked.score):.2f}")
    expect(page.locator("#unit-indicators .kpi-card")).to_have_count(
        sum(1 for i in served_app.config.indicators if i.applies(district.code))
    )
    expect(page.locator("#unit-ledger .ag-row").first).to_be_visible()
    expect(page.locator("#unit-submissions .ag-row").first).to_contain_text("当前有效")
    expect(page.locator("#unit-trend .scatterlayer .trace").first).to_be_attached()
    expect(page.locator("#unit-rank .scatterlayer .trace")).to_have_count(2)
    screenshot(page, "unit")
    assert page.console_errors == []


def test_every_figure_on_the_unit_page_opens_as_many_rows_as_it_says(served_app, page: Page) -> None:  # noqa: ANN001
    district = served_app.config.districts[0]
    page.goto(f"{served_app.url}/districts/{district.code}?week={WEEK_B}")
    ratio = page.locator("#unit-indicators .kpi-ratio").first
    expect(ratio).to_have_text(re.compile(r"^\d+ / \d+"))
    numerator_link, denominator_link = ratio.locator("a.drill-link").all()
    numerator, denominator = int(numerator_link.inner_text()), int(denominator_link.inner_text())
    assert "分子" in (numerator_link.get_attribute("title") or "")
    for link, rows in ((numerator_link, numerator), (denominator_link, denominator)):
        link.click()
        expect(page.locator("#drill-count")).to_have_text(f"共 {rows} 行")
        page.locator("#drill-modal .btn-close").click()
        expect(page.locator("#drill-modal")).to_be_hidden()
    for label in ("发现", "已整改", "逾期"):
        label_exactly = page.locator(".rect-card-label", has_text=re.compile(f"^{label}$"))
        link = page.locator("#unit-rectification .rect-card", has=label_exactly).locator("a.drill-link")
        shown = int(link.inner_text().replace(",", ""))
        link.click()
        expect(page.locator("#drill-count")).to_have_text(f"共 {shown} 行")
        page.locator("#drill-modal .btn-close").click()
        expect(page.locator("#drill-modal")).to_be_hidden()
    assert numerator <= denominator
    assert page.console_errors == []


def test_the_unit_page_answers_the_week_picker(served_app, page: Page) -> None:  # noqa: ANN001
    district = served_app.config.districts[3]
    ranked = stored(served_app, RankingFact, week=WEEK_A, unit_code=district.code)[0]
    page.goto(f"{served_app.url}/districts/{district.code}?week={WEEK_B}")
    expect(page.locator("h1.page-title")).to_have_text(district.name)
    pick_week(page, WEEK_A)
    expect(page).to_have_url(re.compile(f"/districts/{district.code}\\?week={WEEK_A}$"))
    expect(page.locator("#unit-header")).to_contain_text(f"第 {ranked.rank} 名")
    expect(page.locator("#unit-header")).to_contain_text(f"{float(ranked.score):.2f}")
    assert page.console_errors == []


def test_an_unknown_unit_code_is_named_in_plain_chinese(served_app, page: Page) -> None:  # noqa: ANN001
    page.goto(f"{served_app.url}/districts/999999")
    expect(page.locator(".store-alert")).to_contain_text("未找到该单位")
    expect(page.locator(".store-alert")).to_contain_text("999999")
    assert page.console_errors == []
