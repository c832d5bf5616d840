"""Signing in as each role in a browser, and seeing what that role should see (DESIGN §12)."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import DISTRICT_UNIT, PASSWORD

OTHER_UNIT = "330105"  # 拱墅区


def test_the_sign_in_page_refuses_a_wrong_password_then_signs_in(served_app, page_as, screenshot) -> None:  # noqa: ANN001
    page: Page = page_as(None)
    page.goto(f"{served_app.url}/rankings?week=2024-W20")
    expect(page).to_have_url(f"{served_app.url}/login?next=/rankings?week%3D2024-W20")
    expect(page.locator("h1")).to_have_text("登录")
    screenshot(page, "access-sign-in")
    page.fill("#username", served_app.accounts["leader"])
    page.fill("#password", "not-the-password")
    page.click("button[type=submit]")
    expect(page.locator(".signin-problem")).to_have_text("用户名或密码错误。")
    page.console_errors.clear()  # the refused sign-in is answered 401, which the console reports
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(f"{served_app.url}/rankings?week=2024-W20")
    expect(page.locator("#ranking-grid .ag-row")).to_have_count(len(served_app.config.districts))
    expect(page.locator("#caller-name")).to_have_text(f"{served_app.accounts['leader']} · 领导")
    expect(page.get_by_role("link", name="系统管理")).to_have_count(0)
    assert page.console_errors == []
    page.get_by_role("button", name="退出登录").click()
    expect(page.locator(".alert-info")).to_have_text("已退出登录。")
    page.goto(f"{served_app.url}/districts")
    expect(page.locator("h1")).to_have_text("登录")


def test_a_district_sees_another_units_figures_but_not_its_rows(served_app, page_as, screenshot) -> None:  # noqa: ANN001
    page: Page = page_as("district")
    expect(page.locator("#caller-name")).to_contain_text("西湖区")
    page.goto(f"{served_app.url}/districts/{OTHER_UNIT}?week=2024-W20")
    expect(page.locator(".unit-big").first).to_contain_text("名")  # rank and score are public
    expect(page.locator("#unit-ledger")).to_contain_text("无权查看")
    expect(page.locator("#unit-submissions")).to_contain_text("无权查看")
    page.locator("#unit-rectification .drill-link").first.click()
    expect(page.locator("#drill-title")).to_have_text("无权查看")
    expect(page.locator("#drill-grid")).to_contain_text("没有明细行")
    screenshot(page, "access-district-other-unit-drill")
    page.locator("#drill-modal .btn-close").click()
    page.goto(f"{served_app.url}/districts/{DISTRICT_UNIT}?week=2024-W20")
    expect(page.locator("#unit-ledger .ag-row").first).to_be_visible()
    expect(page.locator("#unit-ledger")).not_to_contain_text("无权查看")
    assert page.console_errors == []
    page.goto(f"{served_app.url}/admin")  # answered 403, which the console reports
    expect(page.locator("h1")).to_have_text("无权查看")


def test_the_admin_manages_users_and_sees_runs_and_the_log(served_app, page_as, screenshot) -> None:  # noqa: ANN001
    page: Page = page_as("admin", viewport={"width": 1600, "height": 1000})
    page.get_by_role("link", name="系统管理").click()
    expect(page.locator("h1")).to_have_text("系统管理")
    expect(page.locator("#admin-users .ag-row")).to_have_count(len(served_app.accounts))
    page.fill("#admin-user-name", "b-new-leader")
    page.locator("#admin-user-role").click()
    page.get_by_role("option", name="领导").click()
    page.get_by_role("button", name="新增用户").click()
    expect(page.locator("#admin-message")).to_contain_text("已新增用户 b-new-leader")
    expect(page.locator("#admin-users .ag-row")).to_have_count(len(served_app.accounts) + 1)
    screenshot(page, "access-admin-users")
    page.get_by_role("tab", name="导入记录").click()
    expect(page.locator("#admin-runs")).to_contain_text("已接收")
    page.get_by_role("tab", name="审计日志").click()
    expect(page.locator("#admin-audit")).to_contain_text("user_add")
    expect(page.locator("#admin-audit")).to_contain_text("sign_in")
    screenshot(page, "access-admin-audit")
    assert page.console_errors == []


def test_the_screen_account_opens_only_the_wall(served_app, page_as) -> None:  # noqa: ANN001
    page: Page = page_as(None)
    page.goto(f"{served_app.url}/login")
    page.fill("#username", served_app.accounts["screen"])
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(f"{served_app.url}/screen")
    page.goto(f"{served_app.url}/districts")
    expect(page.locator("h1")).to_have_text("无权查看")
    page.goto(f"{served_app.url}/rankings")
    expect(page.locator("h1")).to_have_text("无权查看")
