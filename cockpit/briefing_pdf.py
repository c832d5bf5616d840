"""The week's briefing as a PDF: headless Chromium prints the cockpit's own print page
(`/review/print?week=&version=`), so the PDF shows what the page shows — no second report engine.

A4, the system's Noto CJK fonts embedded by Chromium, the data's week and the page number on
every page. From the web app the page is fetched from the running server with the caller's
cookies; from the CLI an app is served on a free local port for the one print.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlencode

from cockpit import weeks
from cockpit.briefing import BriefingError
from cockpit.gate import PRINT_COOKIE, PRINT_TOKEN_KEY
from cockpit.settings import Settings

CHROMIUM = "/usr/bin/chromium"  # Debian's browser; the flags keep it off the closed network
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
READY = "#review-print-ready"  # pages._ids.REVIEW_PRINT_READY: the print page has drawn everything
# The section tables are dcc.Markdown, whose script loads on first use: wait until as many tables
# are drawn as the ready marker announces (its data-tables attribute).
TABLES_DRAWN = (
    "(() => { const m = document.querySelector('#review-print-ready');"
    " return m && document.querySelectorAll('#review-print-body table').length >= Number(m.dataset.tables); })()"
)
TIMEOUT_MS = 60_000
FONT = "font-family: 'Noto Sans CJK SC', sans-serif; font-size: 8px; color: #555; width: 100%; padding: 0 12mm;"


def _templates(week: str) -> tuple[str, str]:
    as_of = weeks.as_of(week)
    header = f'<div style="{FONT}">杭州审计数字驾驶舱 · 周报简报 · 数据周 {week}(截至 {as_of:%Y-%m-%d})</div>'
    footer = (
        f'<div style="{FONT} text-align: center;">数据周 {week} · 第 <span class="pageNumber"></span> 页'
        ' / 共 <span class="totalPages"></span> 页</div>'
    )
    return header, footer


def print_url(base_url: str, *, week: str, version: int | None) -> str:
    query = {"week": week, "version": str(version) if version else "live"}
    return f"{base_url.rstrip('/')}/review/print?{urlencode(query)}"


def briefing_pdf_from(base_url: str, *, week: str, version: int | None = None, cookies: dict | None = None) -> bytes:
    """Print `/review/print` of the server at `base_url` to an A4 PDF."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    header, footer = _templates(week)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            try:
                # bypass_csp: waiting for the tables evaluates a script, which the cockpit's CSP forbids
                context = browser.new_context(locale="zh-CN", viewport={"width": 1123, "height": 794}, bypass_csp=True)
                if cookies:
                    context.add_cookies([{"name": k, "value": v, "url": base_url} for k, v in cookies.items()])
                page = context.new_page()
                page.goto(print_url(base_url, week=week, version=version), wait_until="load", timeout=TIMEOUT_MS)
                page.wait_for_selector(READY, state="attached", timeout=TIMEOUT_MS)
                page.wait_for_function(TABLES_DRAWN, timeout=TIMEOUT_MS)
                page.emulate_media(media="print")
                return page.pdf(
                    format="A4",
                    landscape=True,  # the widest sections have 11 columns
                    print_background=True,
                    display_header_footer=True,
                    header_template=header,
                    footer_template=footer,
                    margin={"top": "16mm", "bottom": "16mm", "left": "12mm", "right": "12mm"},
                )
            finally:
                browser.close()
    except PlaywrightError as problem:
        raise BriefingError(f"PDF 生成失败(浏览器):{problem.message.splitlines()[0]}") from None


@contextmanager
def served(settings: Settings, token: str) -> Iterator[str]:
    """The cockpit served on a free local port for the length of the block; yields its URL."""
    from werkzeug.serving import make_server

    from app import create_app

    app = create_app(settings)
    app.server.config[PRINT_TOKEN_KEY] = token  # the print's only way past the sign-in gate
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


def briefing_pdf(settings: Settings, *, week: str, version: int | None = None) -> bytes:
    """The CLI's PDF: serve the app locally, print its page."""
    token = secrets.token_urlsafe(32)
    with served(settings, token) as url:
        return briefing_pdf_from(url, week=week, version=version, cookies={PRINT_COOKIE: token})
