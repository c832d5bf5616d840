"""挂图作战 in a browser: the figures a person reads are `etl export --what milestones`; the light
filter narrows them; a milestone's bar opens the 任务进度 rows behind it."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from cockpit import exports
from cockpit.db import transaction
from cockpit.queries.tasks import milestone_reports

WEEK = "2024-W23"
WORDS = {"green": "绿灯", "yellow": "黄灯", "red": "红灯", "grey": "灰色"}


def milestones(served_app, week: str) -> list[dict]:  # noqa: ANN001
    with transaction(served_app.engine) as session:
        return exports.milestone_rows(session, week=week)


def summary(rows: list[dict]) -> str:
    counts = {k: sum(r["light"] == k for r in rows) for k in WORDS}
    return f"共 {len(rows)} 个单位节点:" + ",".join(f"{WORDS[k]} {v}" for k, v in counts.items())


def test_battle_map_shows_the_exported_milestones(served_app, page: Page, screenshot) -> None:  # noqa: ANN001
    rows = milestones(served_app, WEEK)
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{served_app.url}/tasks?week={WEEK}")
    expect(page.locator("#tasks-summary")).to_have_text(summary(rows))
    for row in rows[:10]:  # the grid's first page, in the export's order
        line = page.locator(f'#tasks-grid .ag-row[row-id="{row["milestone_code"]}/{row["unit_code"]}"]')
        expect(line.locator('.ag-cell[col-id="light"]')).to_have_text(WORDS[row["light"]])
        expect(line.locator('.ag-cell[col-id="due_on"]')).to_have_text(row["due_on"])
        expect(line.locator('.ag-cell[col-id="done_on"]')).to_have_text(row["done_on"] or "")
    bars = page.locator("#tasks-timeline .trace.bars .point")
    expect(bars).to_have_count(len({r["milestone_code"] for r in rows}))
    expect(page.locator("#tasks-timeline")).to_contain_text("本周日 2024-06-09")
    expect(page.locator("#tasks-table")).to_contain_text("内审处")
    screenshot(page, "tasks-1920")
    assert page.console_errors == []


def test_light_filter_and_a_milestone_opens_its_reports(served_app, page: Page) -> None:  # noqa: ANN001
    rows = milestones(served_app, WEEK)
    page.goto(f"{served_app.url}/tasks?week={WEEK}")
    expect(page.locator("#tasks-summary")).to_have_text(summary(rows))
    for light in ("green", "yellow", "grey"):
        page.get_by_label(WORDS[light], exact=False).first.uncheck()
    red = [r for r in rows if r["light"] == "red"]
    expect(page.locator("#tasks-summary")).to_have_text(summary(red))
    # The first bar is the first red milestone in task order; its reports open in the modal.
    first = red[0]["milestone_code"]
    page.locator("#tasks-timeline .trace.bars .point").first.click(force=True)  # plotly's drag layer is on top
    expect(page.locator("#drill-modal")).to_be_visible()
    expect(page.locator("#drill-title")).to_contain_text(first)
    with transaction(served_app.engine) as session:
        reported = milestone_reports(session, week=WEEK, milestone_code=first)
    expect(page.locator("#drill-count")).to_have_text(f"共 {len(reported)} 行")
    assert page.console_errors == []
