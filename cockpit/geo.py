"""The district map: the shipped boundaries, which configured units have a shape, and where the
map must look so that the city fills a map of a given size.

The boundaries are `assets/geo/hangzhou_districts.geojson` (derived by the script beside it from
天地图 data). The file is read on first use, never at import.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from pathlib import Path

from cockpit.config import Config

GEOJSON = Path(__file__).resolve().parent.parent / "assets" / "geo" / "hangzhou_districts.geojson"
CREDIT = "底图数据: 天地图"
TILE_SIZE = 512  # pixels of the whole world at zoom 0: the scale of View.zoom


@dataclass(frozen=True)
class View:
    """Centre and zoom that fit the shapes into `width` × `height` pixels."""

    lon: float
    lat: float
    zoom: float
    width: int
    height: int

    def pixel(self, lon: float, lat: float) -> tuple[float, float]:
        """Where (lon, lat) is drawn, in pixels from the map's top left (Web Mercator)."""
        world = TILE_SIZE * 2**self.zoom
        x, y = _mercator(lon, lat)
        cx, cy = _mercator(self.lon, self.lat)
        return self.width / 2 + (x - cx) * world, self.height / 2 + (y - cy) * world


@functools.cache
def boundaries() -> dict:
    """The FeatureCollection of every shipped unit; feature ids are the units' codes."""
    return json.loads(GEOJSON.read_text(encoding="utf-8"))


def shapes(config: Config) -> tuple[dict, tuple[str, ...]]:
    """(the FeatureCollection of the configured districts that have a shape, the configured
    districts that have none) — a unit without a shape is listed, not dropped."""
    by_code = {f["id"]: f for f in boundaries()["features"]}
    codes = [u.code for u in config.districts]
    features = [by_code[c] for c in codes if c in by_code]
    return {"type": "FeatureCollection", "features": features}, tuple(c for c in codes if c not in by_code)


def label_point(feature: dict) -> tuple[float, float]:
    lon, lat = feature["properties"]["label"]
    return lon, lat


def _mercator(lon: float, lat: float) -> tuple[float, float]:
    """Web Mercator as a fraction of the world's width, y down."""
    y = math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
    return (lon + 180) / 360, (1 - y / math.pi) / 2


def rings(geometry: dict) -> list[list[list[float]]]:
    """Every ring of a Polygon or MultiPolygon, as [lon, lat] positions."""
    return geometry["coordinates"] if geometry["type"] == "Polygon" else [r for p in geometry["coordinates"] for r in p]


def _positions(geometry: dict) -> list[tuple[float, float]]:
    return [(lon, lat) for ring in rings(geometry) for lon, lat in ring]


def bounds(collection: dict) -> tuple[float, float, float, float]:
    """(west, south, east, north) of every shape."""
    points = [p for f in collection["features"] for p in _positions(f["geometry"])]
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return min(lons), min(lats), max(lons), max(lats)


def fit(collection: dict, *, width: int, height: int, padding: float = 0.06) -> View:
    """The view that shows every shape with `padding` (a fraction) to spare on each side.

    plotly's `fitbounds` does not work on GeoJSON maps, so centre and zoom are computed."""
    west, south, east, north = bounds(collection)
    x0, y1 = _mercator(west, south)
    x1, y0 = _mercator(east, north)
    usable = 1 - 2 * padding
    zoom = math.log2(min(width * usable / (x1 - x0), height * usable / (y1 - y0)) / TILE_SIZE)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    lat = math.degrees(2 * math.atan(math.exp((1 - 2 * cy) * math.pi)) - math.pi / 2)
    return View(lon=cx * 360 - 180, lat=lat, zoom=zoom, width=width, height=height)
