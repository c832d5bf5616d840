"""The district map on /districts: drawn offline with the source credited, a figure on every
district, recoloured by an indicator, and a click on a district opens its unit page."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from cockpit import geo
from pages._district_map import DESK_MAP_SIZE

CHUNAN = "330127"  # 淳安县: the largest shape, easy to hit


def test_a_click_on_a_district_opens_its_page(page, served_app, screenshot) -> None:  # noqa: ANN001
    page.goto(f"{served_app.url}/districts?week=2024-W20")
    graph = page.locator("#district-map")
    expect(graph).to_contain_text("底图数据: 天地图")
    expect(graph).to_contain_text("淳安")
    expect(graph.locator(".colorbar")).to_contain_text("得分")
    screenshot(page, "districts-map")
    collection, _ = geo.shapes(served_app.config)
    view = geo.fit(collection, width=DESK_MAP_SIZE[0], height=DESK_MAP_SIZE[1])
    chunan = next(f for f in collection["features"] if f["id"] == CHUNAN)
    x, y = view.pixel(*geo.label_point(chunan))
    graph.locator(".js-plotly-plot").click(position={"x": x, "y": y + 30})  # below its label, on the shape
    expect(page).to_have_url(re.compile(rf"/districts/{CHUNAN}\?week=2024-W20$"))
    assert page.console_errors == []


def test_the_map_follows_the_picked_indicator(page, served_app) -> None:  # noqa: ANN001
    page.goto(f"{served_app.url}/districts")
    picker = page.locator("#districts-map-indicator")
    expect(page.locator("#district-map .colorbar")).to_contain_text("得分")
    picker.click()
    page.get_by_role("option", name=re.compile("^K4 ")).click()
    expect(page.locator("#district-map .colorbar")).to_contain_text("K4")
    expect(page.locator("#district-map")).to_contain_text("%")
