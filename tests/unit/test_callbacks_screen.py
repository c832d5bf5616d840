"""The wall (/screen) and the district map: parameters, "turned red", the poll, the shapes."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest
from dash import no_update
from dash.exceptions import PreventUpdate

from callbacks import screen
from cockpit import geo
from cockpit.config import Unit, default_config
from pages._screen_params import SCENES, parse_params

UNREACHABLE = "postgresql+psycopg://postgres@127.0.0.1:1/nowhere"
HANGZHOU = (118.2, 29.1, 120.8, 30.7)  # west, south, east, north, with a margin


def test_parameters_are_checked_and_bad_ones_fall_back(request_ctx) -> None:  # noqa: ANN001
    assert parse_params().scenes == tuple(SCENES)
    good = parse_params(scene="tasks", rotate="5", week="2024-w26", indicator="K4", poll="2")
    assert (good.scenes, good.rotate_s, good.week, good.indicator, good.poll_s, good.problems) == (
        ("tasks",),
        5,
        "2024-W26",
        "K4",
        2,
        (),
    )
    bad = parse_params(scene="<script>", rotate="-1", week="2024-W99", indicator="K99", poll="1e9")
    assert (bad.scenes, bad.rotate_s, bad.week, bad.indicator, bad.poll_s) == (tuple(SCENES), 30, None, None, 15)
    assert len(bad.problems) == 5


def test_turned_red_is_red_now_and_not_before_city_first() -> None:
    now = {"330102|K1", "330102|K4", "ALL|K6", "330105|K2", "330106|K1"}
    before = {"330106|K1"}
    assert screen.turned_red(now, before) == {"ALL": ["K6"], "330102": ["K1", "K4"], "330105": ["K2"]}
    assert screen.turned_red(now, now) == {}


def test_alert_names_what_turned_red() -> None:
    config = default_config()
    facts = pd.DataFrame(
        [{"unit_code": "330102", "indicator_code": "K4", "actual": 0.5, "target": 1.0, "light": "red"}]
    )
    alert = screen.alert_for(config, {"330102": ["K4"], "330105": ["K1"]}, facts, token="t")
    assert alert["unit"] == "330102"
    assert alert["items"] == [("K4", "转为红灯:实际 50.0% / 目标 100%")]
    assert alert["others"] == [("330105", ["K1"])]
    assert screen.alert_for(config, {}, facts, token="t") is None


def test_idle_poll_sends_nothing_and_an_unreachable_store_is_reported(store_request, demo_store) -> None:  # noqa: ANN001
    with store_request(demo_store[0]):
        version = screen.dashboard.current_data_version()
        with pytest.raises(PreventUpdate):
            screen.poll(3, {"version": version, "at": "10:00"}, None)
        assert screen.poll(4, {"version": version - 1, "at": "10:00"}, None)[0] == {"version": version, "n": 4}
    with store_request(UNREACHABLE):
        wanted, line = screen.poll(5, {"version": version, "at": "10:00"}, None)
        assert line == "数据连接中断,显示的是 10:00 的数据"
        with pytest.raises(PreventUpdate):  # already said
            screen.poll(6, {"version": version, "at": "10:00"}, line)
    with store_request(demo_store[0]):
        assert screen.poll(7, {"version": version, "at": "10:00"}, line)[1] is None  # recovered


def test_refresh_draws_every_scene_and_remembers_the_reds(request_ctx) -> None:  # noqa: ANN001
    params = dataclasses.asdict(parse_params())
    keys = [
        o.component_id if isinstance(o.component_id, str) else (o.component_id["type"], o.component_property)
        for o in screen.REFRESH_OUTPUTS
    ]
    out = dict(zip(keys, screen.refresh(None, params, None, None), strict=True))
    assert out["screen-week"].startswith("数据周 2024-W08")
    assert len(out[("screen-tile-actual", "children")]) == 9
    assert len(out[("screen-rank-score", "children")]) == 13
    assert len(out[("screen-task-lead", "children")]) == 8
    assert len(out[("screen-ms-done", "children")]) == 23
    assert out["screen-shown"]["version"] >= 1
    assert out["screen-reds"]["week"] == "2024-W08"
    # Nothing is new against what the wall showed: no alert.
    again = screen.refresh({"version": 1}, params, out["screen-reds"], out["screen-shown"])
    assert again[keys.index("screen-alert")] is no_update


def test_exactly_the_configured_districts_have_shapes_inside_hangzhou() -> None:
    config = default_config()
    collection, unshaped = geo.shapes(config)
    assert sorted(f["id"] for f in collection["features"]) == sorted(u.code for u in config.districts)
    assert len(collection["features"]) == 13 and unshaped == ()
    assert {"330113", "330114"} <= {f["id"] for f in collection["features"]}  # 临平, 钱塘 (2021)
    west, south, east, north = HANGZHOU
    for feature in collection["features"]:
        polygons = feature["geometry"]["coordinates"]
        for polygon in polygons:
            exterior = polygon[0]
            assert all(west < lon < east and south < lat < north for lon, lat in exterior), feature["id"]
            assert _signed_area(exterior) > 0, f"{feature['id']}: exterior ring clockwise (inverted)"
    assert geo.GEOJSON.stat().st_size <= 200_000


def test_a_configured_unit_without_a_shape_is_listed_not_dropped() -> None:
    config = default_config()
    extra = Unit(code="330199", name="示范区", short="示范", kind="district")
    widened = dataclasses.replace(config, units=(*config.units, extra))
    collection, unshaped = geo.shapes(widened)
    assert unshaped == ("330199",)
    assert len(collection["features"]) == 13


def test_the_view_fits_the_city_into_the_map() -> None:
    collection, _ = geo.shapes(default_config())
    view = geo.fit(collection, width=1000, height=800)
    west, south, east, north = geo.bounds(collection)
    for lon, lat in ((west, south), (east, north)):
        x, y = view.pixel(lon, lat)
        assert 0 <= x <= 1000 and 0 <= y <= 800


def _signed_area(ring: list[list[float]]) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False)) / 2
