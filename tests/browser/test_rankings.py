"""排名 in a browser: the grid a person reads agrees with the exported ranking, sorts by a header
click, follows the week picker, and explains a district's score down to its ledger rows."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from cockpit import exports
from cockpit.db import transaction

WEEK = "2024-W23"


def ranking(served_app, week: str) -> list[dict]:  # noqa: ANN001
    with transaction(served_app.engine) as session:
        return exports.ranking_rows(session, week=week)


def cell(page: Page, unit_code: str, column: str):  # noqa: ANN201
    return page.locator(f'#ranking-grid .ag-row[row-id="{unit_code}"] .ag-cell[col-id="{column}"]')


def expect_ranks(page: Page, rows: list[dict]) -> None:
    for row in rows:
        expect(cell(page, row["unit_code"], "rank")).to_have_text(str(row["rank"]))
        expect(cell(page, row["unit_code"], "score")).to_have_text(f"{row['score']:.2f}")


def change_text(change: int | None) -> str:
    if change is None:
        return "新"
    return f"↑{change}" if change > 0 else f"↓{-change}" if change < 0 else "—"


def test_grid_has_a_row_per_district_with_the_exported_ranks(served_app, page: Page, screenshot) -> None:  # noqa: ANN001
    rows = ranking(served_app, WEEK)
    assert len(rows) == len(served_app.config.districts)
    page.goto(f"{served_app.url}/rankings?week={WEEK}")
    expect(page.locator("#ranking-grid .ag-row")).to_have_count(len(served_app.config.districts))
    expect_ranks(page, rows)
    for row in rows:
        expect(cell(page, row["unit_code"], "unit_name")).to_have_text(served_app.config.unit(row["unit_code"]).name)
        expect(cell(page, row["unit_code"], "rank_change")).to_have_text(change_text(row["rank_change"]))
    expect(page.locator("#ranking-formula")).to_contain_text("得分 = 100 ×")
    expect(page.locator("#ranking-contributions .trace.bars").first).to_be_visible()
    screenshot(page, "rankings")
    assert page.console_errors == []


def test_clicking_the_score_header_sorts_by_score(served_app, page: Page) -> None:  # noqa: ANN001
    rows = ranking(served_app, WEEK)
    lowest, highest = min(r["score"] for r in rows), max(r["score"] for r in rows)
    page.goto(f"{served_app.url}/rankings?week={WEEK}")
    expect_ranks(page, rows[:1])
    header = page.locator('#ranking-grid .ag-header-cell[col-id="score"]')
    first_score = page.locator('#ranking-grid .ag-row[row-index="0"] .ag-cell[col-id="score"]')
    header.locator(".ag-header-cell-label").click()
    expect(header).to_have_attribute("aria-sort", "ascending")
    expect(first_score).to_have_text(f"{lowest:.2f}")
    header.locator(".ag-header-cell-label").click()
    expect(header).to_have_attribute("aria-sort", "descending")
    expect(first_score).to_have_text(f"{highest:.2f}")
    assert page.console_errors == []


def test_picking_another_week_shows_that_weeks_ranks(served_app, page: Page, screenshot) -> None:  # noqa: ANN001
    now = ranking(served_app, WEEK)
    ranks_now = {r["unit_code"]: r["rank"] for r in now}
    other_week, other = next(
        (week, rows)
        for week, rows in ((f"2024-W{n:02d}", ranking(served_app, f"2024-W{n:02d}")) for n in range(22, 1, -1))
        if {r["unit_code"]: r["rank"] for r in rows} != ranks_now
    )
    page.goto(f"{served_app.url}/rankings?week={WEEK}")
    expect_ranks(page, now)
    page.locator("#shell-week-picker").click()
    page.locator(".dash-dropdown-search:visible").fill(other_week)
    page.get_by_role("option", name=other_week, exact=True).click()
    expect(page).to_have_url(f"{served_app.url}/rankings?week={other_week}")
    expect_ranks(page, other)
    screenshot(page, "rankings-other-week")
    assert page.console_errors == []


def test_a_district_row_explains_its_score_down_to_the_ledger(served_app, page: Page, screenshot) -> None:  # noqa: ANN001
    rows = ranking(served_app, WEEK)
    last = rows[-1]
    name = served_app.config.unit(last["unit_code"]).name
    page.goto(f"{served_app.url}/rankings?week={WEEK}")
    cell(page, last["unit_code"], "unit_name").click()
    detail = page.locator("#ranking-detail")
    expect(detail.locator(".detail-unit")).to_have_text(name)
    expect(detail.locator(".detail-score")).to_have_text(f"得分 {last['score']:.2f}")
    expect(detail.locator(".total-row")).to_contain_text(f"{last['score']:.2f}")
    detail.locator(".drill-link").first.click()
    expect(page.locator("#drill-modal")).to_be_visible()
    expect(page.locator("#drill-title")).to_contain_text(name)
    expect(page.locator("#drill-count")).to_have_text(re.compile(r"共 \d+ 行"))
    screenshot(page, "rankings-drill")
    assert page.console_errors == []
