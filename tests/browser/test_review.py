"""周报 in a browser: the sections a person reads are cockpit.review's and the exports'; the Excel
download is the export's figures; a published week shows its frozen version and says when the
live figures moved; the PDF briefing carries the figures, the week and page numbers."""

from __future__ import annotations

import io
import re
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from openpyxl import load_workbook
from playwright.sync_api import Page, expect
from workbooks import filler, write

from cockpit.briefing_pdf import briefing_pdf_from
from cockpit.db import transaction
from cockpit.monthly import monthly_list
from cockpit.outlook import outlook_rows, outlook_words
from cockpit.publish import publish
from cockpit.review import weekly_review
from etl.load import load_path
from tests.browser.conftest import session_cookies

WEEK = "2024-W23"
LAST = "2024-W30"
SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"


def review(served_app, week: str) -> dict:  # noqa: ANN001
    with transaction(served_app.engine) as session:
        return weekly_review(session, served_app.config, week=week)


def test_review_shows_the_weeks_sections_and_downloads_the_workbook(served_app, page: Page, screenshot) -> None:  # noqa: ANN001
    expected = review(served_app, WEEK)
    with transaction(served_app.engine) as session:
        k1 = next(
            r
            for r in outlook_rows(session, served_app.config, week=WEEK)
            if r["unit_code"] == "ALL" and r["indicator_code"] == "K1"
        )
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{served_app.url}/review?week={WEEK}")
    expect(page.locator("#review-outlook-city")).to_contain_text(outlook_words(k1, kind="rate"))
    off = expected["off_track"]
    expect(page.locator("#review-off_track h2")).to_have_text(f"滞后事项(红灯在前,持续最久在前)({len(off)})")
    first = page.locator("#review-off_track tbody tr").first
    expect(first).to_contain_text(off[0]["unit"])
    expect(first).to_contain_text(f"连续红灯 {off[0]['weeks']} 周")
    lights = expected["changes"]["lights"]
    expect(page.locator("#review-lights h2")).to_have_text(f"灯色变化(较上周)({len(lights)})")
    expect(page.locator("#review-missing h2")).to_have_text(f"本周未报送单位({len(expected['changes']['missing'])})")
    screenshot(page, "review-1920")
    with page.expect_download() as download:
        page.get_by_role("button", name="导出 Excel 简报").click()
    book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    city = {r[1]: r for r in book["预判明细"].iter_rows(min_row=2, values_only=True) if r[0] == "ALL"}
    assert city["K1"][5] == float(k1["projected"])
    assert book["滞后事项"].max_row - 1 == len(off)
    assert page.console_errors == []


def test_monthly_list(served_app, page: Page) -> None:  # noqa: ANN001
    with transaction(served_app.engine) as session:
        month = monthly_list(session, served_app.config, month="2024-06", latest_week=LAST)
    page.goto(f"{served_app.url}/review?week={WEEK}&month=2024-06")
    expect(page.locator("h1.page-title")).to_have_text("月清单")
    expect(page.locator("#review-month_findings h2")).to_have_text(
        f"本月到期的整改问题(按整改期限)({len(month['findings'])})"
    )
    row = month["findings"][0]
    expect(page.locator("#review-month_findings tbody tr").first).to_contain_text(row["unit"])
    assert page.console_errors == []


def test_published_week_is_frozen_and_says_when_data_moved(served_app, page: Page, tmp_path: Path) -> None:  # noqa: ANN001
    with transaction(served_app.engine) as session:
        version = publish(session, served_app.config, week=LAST, by="专班甲")
    page.goto(f"{served_app.url}/review?week={LAST}")
    expect(page.locator("#review-published")).to_contain_text(f"已发布 · 第{version}版")
    expect(page.locator("#review-published")).not_to_contain_text("发布后数据有更新")
    # A resubmission for the published week arrives: 上城区 now reports no item done.
    unit = "330102"
    path = write(tmp_path, unit, LAST, ledger=filler(unit))
    assert load_path(served_app.engine, path, config=served_app.config, archive_dir=tmp_path / "archive").accepted
    page.goto(f"{served_app.url}/review?week={LAST}")
    expect(page.locator("#review-published")).to_contain_text("发布后数据有更新")
    expect(page.locator("#review-published table")).to_contain_text(f"{unit}/K1")
    assert page.console_errors == []


def test_pdf_briefing_has_the_figures_on_numbered_a4_pages(served_app) -> None:  # noqa: ANN001
    expected = review(served_app, WEEK)
    # In a thread of its own, as in the server: this test process already drives a browser.
    with ThreadPoolExecutor(1) as pool:
        cookies = session_cookies(served_app, "taskforce")  # the printer fetches the page as the caller
        first, second = (
            pool.submit(briefing_pdf_from, served_app.url, week=WEEK, cookies=cookies).result() for _ in range(2)
        )
    dated = re.compile(rb"/(CreationDate|ModDate) \(D:[^)]*\)")
    assert dated.sub(b"", first) == dated.sub(b"", second)  # same inputs, same bytes but the dates
    SCREENSHOTS.mkdir(exist_ok=True)
    pdf = SCREENSHOTS / "briefing.pdf"
    pdf.write_bytes(first)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "A4" in info
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    per_page = text.split("\f")[:pages]
    assert all(f"数据周 {WEEK}" in p for p in per_page)
    assert all(f"第 {n} 页 / 共 {pages} 页" in p for n, p in enumerate(per_page, start=1))
    assert "全市年底预判" in text and expected["off_track"][0]["unit"] in text
    assert f"连续红灯 {expected['off_track'][0]['weeks']} 周" in text
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(SCREENSHOTS / "briefing-page")], check=True)
    assert len(list(SCREENSHOTS.glob("briefing-page-*.png"))) >= pages


def test_only_the_task_force_publishes_from_the_page(served_app, page_as) -> None:  # noqa: ANN001
    week = "2024-W29"
    district = page_as("district")
    district.goto(f"{served_app.url}/review?week={week}")
    expect(district.locator("#review-published")).to_contain_text("本周尚未发布")
    district.get_by_role("button", name="发布本周周报").click()
    expect(district.locator("#review-publish-result")).to_have_text("无权发布:仅工作专班可以发布周报。")
    taskforce = page_as("taskforce")
    taskforce.goto(f"{served_app.url}/review?week={week}")
    expect(taskforce.locator("#review-published")).to_contain_text("本周尚未发布")
    taskforce.get_by_role("button", name="发布本周周报").click()
    expect(taskforce.locator("#review-publish-result")).to_have_text(f"已发布 {week} 第 1 版")
    expect(taskforce.locator("#review-published")).to_contain_text("已发布 · 第1版")
    expect(taskforce.locator("#review-published")).to_contain_text("发布人 b-taskforce")
    assert district.console_errors == [] and taskforce.console_errors == []
