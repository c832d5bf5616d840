"""/supervision in the browser: the task force issues a 督办 on one of 西湖区's red items, the
district responds from its own account, the task force closes it; the unit page lists it while
it is open."""

from __future__ import annotations

import datetime as dt

from playwright.sync_api import expect

from tests.browser.conftest import DISTRICT_UNIT

WEEK = "2024-W30"


def test_issue_respond_close(page_as, served_app, screenshot) -> None:  # noqa: ANN001
    taskforce = page_as("taskforce")
    taskforce.goto(f"{served_app.url}/supervision?week={WEEK}")
    red = taskforce.locator("#supervision-red")
    expect(red.locator(".ag-row").first).to_be_visible()
    row = red.locator(".ag-center-cols-container .ag-row", has_text="西湖区").first
    expect(row).to_be_visible()
    title = row.locator("[col-id=title]").inner_text()
    row.locator("[col-id=title]").click()
    taskforce.fill("#supervision-request", "请说明滞后原因并提出措施")
    taskforce.click("#supervision-issue")
    expect(taskforce.locator("#supervision-message")).to_contain_text("已发起督办")
    items = taskforce.locator("#supervision-items")
    expect(items).to_contain_text(title)
    expect(items).to_contain_text("待响应")

    district = page_as("district")
    district.goto(f"{served_app.url}/districts/{DISTRICT_UNIT}?week={WEEK}")
    expect(district.locator("#unit-supervision")).to_contain_text(title)
    district.goto(f"{served_app.url}/supervision?week={WEEK}")
    expect(district.locator("#supervision-red-panel")).to_be_hidden()
    mine = district.locator("#supervision-items .ag-center-cols-container .ag-row", has_text=title)
    mine.locator("[col-id=title]").click()
    expect(district.locator("#supervision-detail")).to_contain_text("发起督办")
    district.fill("#supervision-explanation", "系统切换延误")
    district.fill("#supervision-measures", "月底前完成接入并复核")
    planned = district.locator("#supervision-planned")
    planned.fill((dt.date.today() + dt.timedelta(days=20)).isoformat())
    planned.press("Enter")
    district.click("#supervision-respond")
    expect(district.locator("#supervision-act-message")).to_contain_text("已响应")
    expect(district.locator("#supervision-detail")).to_contain_text("月底前完成接入并复核")
    screenshot(district, "supervision-district")

    taskforce.reload()
    row = taskforce.locator("#supervision-items .ag-center-cols-container .ag-row", has_text=title)
    expect(row).to_contain_text("已响应")
    row.locator("[col-id=title]").click()
    taskforce.fill("#supervision-opinion", "同意办结")
    taskforce.click("#supervision-close")
    expect(taskforce.locator("#supervision-act-message")).to_contain_text("已办结")
    expect(taskforce.locator("#supervision-items")).not_to_contain_text(title)  # the list shows open items
    taskforce.locator("#supervision-show-closed").get_by_text("显示已办结").click()
    expect(taskforce.locator("#supervision-items")).to_contain_text("已办结")
    screenshot(taskforce, "supervision-taskforce")
    assert taskforce.console_errors == [] and district.console_errors == []
