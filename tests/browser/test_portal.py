"""分门户 in a browser: the three panels agree with the store, stack on a phone without sideways
scrolling, each panel embeds chromeless and light, and a frame from a configured origin shows it
while a frame from any other origin is refused (CSP frame-ancestors)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import Page, expect

from cockpit import exports, geo
from cockpit.db import transaction
from cockpit.http_headers import EMBED_ORIGINS_KEY
from cockpit.models import FeaturedWorkRow, SubmissionFact
from cockpit.portal_config import PORTAL_KEY
from pages._format import actual_text

WEEK = "2024-W23"
PHONE = {"width": 390, "height": 844}
EMBED_BUDGET = 150 * 1024
PANELS = (".portal-tasks", ".portal-business", ".portal-featured")
EMBEDS = {"tasks": ".portal-task-head", "business": ".portal-tile", "featured": ".portal-item"}


def featured_count(served_app, week: str) -> int:  # noqa: ANN001
    with transaction(served_app.engine) as session:
        return (
            session.query(FeaturedWorkRow)
            .join(SubmissionFact, SubmissionFact.submission_id == FeaturedWorkRow.submission_id)
            .filter(SubmissionFact.week == week, FeaturedWorkRow.date <= SubmissionFact.as_of)
            .count()
        )


SIDEWAYS = "document.scrollingElement.scrollWidth > window.innerWidth"


def no_sideways_scroll(page: Page) -> bool:
    return not page.evaluate(SIDEWAYS)


def test_portal_shows_the_three_panels_from_the_store(served_app, page: Page, screenshot) -> None:  # noqa: ANN001
    page.set_viewport_size({"width": 1920, "height": 1080})
    with transaction(served_app.engine) as session:
        kpi = {r["indicator_code"]: r for r in exports.kpi_rows(session, week=WEEK, unit_code="ALL")}
    page.goto(f"{served_app.url}/portal?week={WEEK}")
    tiles = page.locator(".portal-tile")
    expect(tiles).to_have_count(len(served_app.config.indicators))
    for indicator in served_app.config.indicators:
        value = actual_text(kpi[indicator.code]["actual"], indicator.kind, indicator.unit_label or "项")
        expect(page.locator(f'[data-indicator="{indicator.code}"] .portal-tile-value')).to_have_text(value)
    expect(page.locator(".portal-task-head")).to_have_count(len(served_app.config.tasks))
    expect(page.locator(".portal-unit-table tbody tr")).to_have_count(len(served_app.config.units))
    expected = featured_count(served_app, WEEK)
    assert expected > 0, "the demo data gives 特色工作 something to show"
    expect(page.locator(".portal-item")).to_have_count(expected)
    expect(page.locator(".cockpit-nav")).to_be_visible()
    screenshot(page, "portal-1920x1080")
    assert page.console_errors == []


def test_featured_work_filters_by_category_and_unit(served_app, page: Page) -> None:  # noqa: ANN001
    page.goto(f"{served_app.url}/portal?week={WEEK}")
    items = page.locator(".portal-item")
    expect(items.first).to_be_visible()
    category = items.first.locator(".portal-category").inner_text()
    unit_text = items.first.locator(".portal-unit").inner_text()
    expect(page.locator("#portal-featured-category option")).not_to_have_count(1)
    page.select_option("#portal-featured-category", category)
    expect(items.locator(".portal-category").filter(has_not_text=category)).to_have_count(0)
    expect(items.first).to_be_visible()
    code = next(u.code for u in served_app.config.units if u.short == unit_text)
    page.select_option("#portal-featured-unit", code)
    expect(items.locator(".portal-unit").filter(has_not_text=unit_text)).to_have_count(0)
    expect(items.first).to_be_visible()
    assert page.console_errors == []


def test_on_a_phone_the_panels_stack_and_nothing_scrolls_sideways(served_app, page: Page, screenshot) -> None:  # noqa: ANN001
    page.set_viewport_size(PHONE)
    page.goto(f"{served_app.url}/portal?week={WEEK}")
    expect(page.locator(".portal-tile")).to_have_count(len(served_app.config.indicators))
    expect(page.locator(".portal-item").first).to_be_visible()
    boxes = [page.locator(selector).bounding_box() for selector in PANELS]
    assert [round(b["x"]) for b in boxes] == [round(boxes[0]["x"])] * 3
    assert boxes[0]["y"] + boxes[0]["height"] <= boxes[1]["y"] and boxes[1]["y"] + boxes[1]["height"] <= boxes[2]["y"]
    assert all(b["x"] >= 0 and b["x"] + b["width"] <= PHONE["width"] for b in boxes)
    assert no_sideways_scroll(page)
    smallest = page.evaluate(
        "Math.min(...[...document.querySelectorAll('.portal-panel td, .portal-tile-value, .portal-stat-value,"
        " .portal-item-title')].map(e => parseFloat(getComputedStyle(e).fontSize)))"
    )
    assert smallest >= 12  # legible on a phone
    screenshot(page, "portal-390x844")
    assert page.console_errors == []


@pytest.mark.parametrize("kind", list(EMBEDS))
def test_an_embed_is_chromeless_fixed_and_light(served_app, page: Page, screenshot, kind: str) -> None:  # noqa: ANN001
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.set_viewport_size({"width": 480, "height": 600})
    page.goto(f"{served_app.url}/portal/{kind}?embed=1&week={WEEK}")
    expect(page.locator(EMBEDS[kind]).first).to_be_visible()
    page.wait_for_load_state("networkidle")
    expect(page.locator(".chromeless")).to_have_count(1)
    expect(page.locator(".cockpit-nav")).to_be_hidden()
    expect(page.locator("#shell-week-picker")).to_have_count(0)
    height = page.locator(".portal-embed").bounding_box()["height"]
    assert round(height) == served_app.server.config[PORTAL_KEY].embed_height_px

    def size(response) -> int:  # noqa: ANN001
        sizes = response.request.sizes()
        return sizes["responseBodySize"] + sizes["responseHeadersSize"]

    dash_routes = ("/_dash-layout", "/_dash-dependencies", "/_dash-update-component")
    counted = [
        r for r in responses if r.request.resource_type == "document" or r.url.split("?")[0].endswith(dash_routes)
    ]
    assert any("/_dash-update-component" in r.url for r in counted)
    loaded = sum(size(r) for r in counted)
    assert loaded <= EMBED_BUDGET, f"{kind}: {loaded} bytes in {len(counted)} responses"
    screenshot(page, f"embed-{kind}")
    assert page.console_errors == []


class _Parent(BaseHTTPRequestHandler):
    """A page of another origin that frames one embed."""

    frame_url = ""

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        body = f'<!doctype html><title>微门户</title><iframe src="{self.frame_url}" width="480" height="420"></iframe>'
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture
def parents(served_app) -> Iterator[tuple[str, str]]:  # noqa: ANN001
    """(allowed, other): two origins, each a local server on its own port framing the business
    panel; only the first is configured in embed_origins."""
    handler = type("Parent", (_Parent,), {"frame_url": f"{served_app.url}/portal/business?embed=1&week={WEEK}"})
    servers = [ThreadingHTTPServer(("127.0.0.1", 0), handler) for _ in range(2)]
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    allowed, other = (f"http://127.0.0.1:{s.server_port}" for s in servers)
    before = served_app.server.config[EMBED_ORIGINS_KEY]
    served_app.server.config[EMBED_ORIGINS_KEY] = (allowed,)
    yield allowed, other
    served_app.server.config[EMBED_ORIGINS_KEY] = before
    for server in servers:
        server.shutdown()
        server.server_close()


def test_an_embed_renders_in_a_frame_of_an_allowed_origin_only(served_app, page: Page, parents) -> None:  # noqa: ANN001
    allowed, other = parents
    page.goto(allowed)
    frame = page.frame_locator("iframe")
    expect(frame.locator(".portal-tile")).to_have_count(len(served_app.config.indicators))
    assert page.console_errors == []

    with page.expect_console_message(lambda m: "frame-ancestors" in m.text) as refusal:
        page.goto(other)
    assert "has been blocked" in refusal.value.text
    expect(frame.locator(".portal-tile")).to_have_count(0)
    assert page.frames[1].url.startswith("chrome-error://")
    assert all("frame-ancestors" in error for error in page.console_errors)


def test_rankings_fit_a_phone(served_app, page: Page, screenshot) -> None:  # noqa: ANN001
    page.set_viewport_size(PHONE)
    page.goto(f"{served_app.url}/rankings?week={WEEK}")
    rows = page.locator("#ranking-grid .ag-row")
    expect(rows).to_have_count(len(served_app.config.districts))
    for column in ("rank", "unit_name", "score", "rank_change"):
        cell = page.locator(f'#ranking-grid .ag-row[row-index="0"] .ag-cell[col-id="{column}"]')
        expect(cell).to_be_visible()
        box = cell.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], column
    expect(page.locator('#ranking-grid .ag-header-cell[col-id="rank_change"]')).to_contain_text("较上周")
    assert no_sideways_scroll(page)
    screenshot(page, "rankings-390x844")
    assert page.console_errors == []


def test_the_navbar_folds_on_a_phone(served_app, page: Page) -> None:  # noqa: ANN001
    page.set_viewport_size(PHONE)
    page.goto(f"{served_app.url}/?week={WEEK}")
    links = page.locator(".cockpit-nav .nav-link")
    toggler = page.locator(".cockpit-nav .navbar-toggler")
    expect(toggler).to_be_visible()
    expect(links.first).to_be_hidden()
    assert page.locator(".cockpit-nav").bounding_box()["height"] <= PHONE["height"] / 10
    toggler.click()
    expect(page.get_by_role("link", name="排名", exact=True)).to_be_visible()
    page.get_by_role("link", name="排名", exact=True).click()
    expect(page).to_have_url(f"{served_app.url}/rankings")
    expect(links.first).to_be_hidden()  # moving to another page folds the links again
    page.set_viewport_size({"width": 1440, "height": 900})
    expect(toggler).to_be_hidden()
    expect(links.first).to_be_visible()
    assert page.console_errors == []


@pytest.mark.parametrize(
    "path", ["/", "/districts", "/rankings", "/rectification", "/districts/330102", "/tasks", "/portal"]
)
def test_desk_pages_do_not_scroll_sideways_on_a_phone(served_app, page: Page, path: str) -> None:  # noqa: ANN001
    page.set_viewport_size(PHONE)
    page.goto(f"{served_app.url}{path}?week={WEEK}")
    expect(page.locator("#shell-freshness")).to_contain_text("当前显示")
    page.wait_for_load_state("networkidle")
    # Plotly draws at its default width first and then fits its box: wait for the final layout.
    page.wait_for_function(f"() => !({SIDEWAYS})")  # a function: polled without eval (the CSP forbids it)
    assert page.console_errors == []


@pytest.mark.parametrize("path", [f"/districts?week={WEEK}", f"/screen?scene=districts&week={WEEK}"])
def test_the_district_map_draws_under_the_content_security_policy(served_app, page: Page, path: str) -> None:  # noqa: ANN001
    """Every district is drawn as a filled outline (plotly's basic bundle, no map library, no
    worker), with nothing refused by the policy."""
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(f"{served_app.url}{path}")
    collection, _ = geo.shapes(served_app.config)
    expect(page.locator(".district-map .scatterlayer .trace path.js-fill")).to_have_count(len(collection["features"]))
    page.wait_for_load_state("networkidle")
    assert violations == [] and page.console_errors == []
