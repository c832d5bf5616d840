"""Screen bench: what the wall (/screen) costs while nothing happens, and after a load.

Per scale (the demo store and the province store of bench/pages.py), the real app is served in a
child process with bench/pages.py's timing hooks, and headless Chromium opens `/screen?poll=1`:

- first scene: ms from navigation start until the header shows the data's week and every
  sparkline of the first scene has drawn, on a warm browser (HTTP cache and app cache filled),
  median of `--repeats` loads;
- idle poll: the polls of `--idle-s` seconds in which nothing changed: bytes on the wire (request
  and response, headers included, as Chromium counts them) and server time;
- refresh after a load: the store's data version bumped as a load bumps it (which also makes
  every cached read stale, so the redraw recomputes every figure), then the poll that answers and
  the redraw: bytes on the wire (and the redraw's JSON gzipped) and server time.

The floor beside the first-scene time is bench/pages.py's: the same page served by a bare Dash app
that replays the responses the real app gave (`bench_scale(..., ["/screen"])`).

    python bench/screen.py [--scales demo,province] [--repeats 5] [--idle-s 12]
"""

from __future__ import annotations

import argparse
import base64
import gzip
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if sys.path[0] == str(Path(__file__).resolve().parent):
    sys.path[0] = str(ROOT)

from bench import pages as page_bench  # noqa: E402
from bench.harness import git_state, machine, save  # noqa: E402

FIRST_SCENE = """() => {
  const week = document.querySelector('.screen-week');
  const sparks = [...document.querySelectorAll('.screen-tile .js-plotly-plot')];
  return week && week.textContent.includes('数据周') && sparks.length > 0
    && sparks.every(g => g.querySelector('.main-svg .scatterlayer .trace')) ? performance.now() : false;
}"""


def _wire(requests: list) -> list[dict]:
    """Chromium's own byte counts of each Dash callback request."""
    rows = []
    for request in requests:
        sizes = request.sizes()
        body = request.post_data or ""
        rows.append(
            {
                "output": _output(body),
                "request_bytes": sizes["requestHeadersSize"] + sizes["requestBodySize"],
                "response_bytes": sizes["responseHeadersSize"] + sizes["responseBodySize"],
                "status": request.response().status if request.response() else None,
            }
        )
    return rows


def _output(body: str) -> str:
    """Which of the wall's callbacks a request body is for."""
    try:
        output = json.loads(body).get("output", "")
    except ValueError:
        return "other"
    return (
        "poll"
        if output.startswith("..screen-wanted.data")
        else "refresh"
        if "screen-week.children" in output
        else "other"
    )


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 2) if values else None


def bench_wall(scale: str, browser, repeats: int, idle_s: float) -> dict:  # noqa: ANN001
    db_url, config_dir = page_bench.ensure_store(scale)
    server = page_bench.Server("real", db_url, str(config_dir))
    try:
        context = page_bench.new_context(browser, server.url)
        page = context.new_page()
        firsts = []
        for _ in range(repeats + 1):  # the first load fills the caches; the others are warm
            page.goto(f"{server.url}/screen?poll=1&scene=overview")
            firsts.append(page.wait_for_function(FIRST_SCENE, polling="raf", timeout=120_000).json_value())
        server.get("/_bench/log")
        seen: list = []
        page.on("requestfinished", lambda r: seen.append(r) if "_dash-update-component" in r.url else None)
        page.wait_for_timeout(idle_s * 1000)  # (Playwright delivers its events while it waits)
        idle_log = [e for e in server.get("/_bench/log") if e["path"] == "/_dash-update-component"]
        idle_wire = [w for w in _wire(seen) if w["output"] == "poll"]
        seen.clear()

        _bump(db_url)
        deadline = time.time() + 120
        while time.time() < deadline and not any(_output(r.post_data or "") == "refresh" for r in seen):
            page.wait_for_timeout(200)
        page.wait_for_timeout(1500)
        after_log = [e for e in server.get("/_bench/log") if e["path"] == "/_dash-update-component"]
        after_wire = _wire(seen)
        context.close()
    finally:
        rss = server.stop()
    refresh_entries = [e for e in after_log if "screen-week.children" in (e.get("output") or "")]
    refresh_body = b"".join(base64.b64decode(e["body"]) for e in refresh_entries if "body" in e)
    polls = [e for e in idle_log if "screen-wanted.data" in (e.get("output") or "")]
    return {
        "first_scene_ms_warm": _median(firsts[1:]),
        "first_scene_ms_first_load": round(firsts[0], 1),
        "idle_polls": len(polls),
        "idle_poll_server_ms_median": _median([e["ms"] for e in polls]),
        "idle_poll_server_ms_max": round(max(e["ms"] for e in polls), 2) if polls else None,
        "idle_poll_response_statuses": sorted({e["status"] for e in polls}),
        "idle_poll_wire_bytes_median": _median([w["request_bytes"] + w["response_bytes"] for w in idle_wire]),
        "idle_poll_wire_bytes_max": max((w["request_bytes"] + w["response_bytes"] for w in idle_wire), default=None),
        "refresh_server_ms": [round(e["ms"], 1) for e in refresh_entries],
        "refresh_response_bytes": [e["bytes"] for e in refresh_entries],
        "refresh_response_gzip_bytes": len(gzip.compress(refresh_body, 6)) if refresh_body else None,
        "refresh_wire_bytes": [
            w["request_bytes"] + w["response_bytes"] for w in after_wire if w["output"] == "refresh"
        ],
        "answering_poll_wire_bytes": [
            w["request_bytes"] + w["response_bytes"] for w in after_wire if w["output"] == "poll"
        ],
        "server_peak_rss_mb": round(rss, 1),
        "load_avg": os.getloadavg()[0],
    }


def _bump(db_url: str) -> None:
    from cockpit import data_version
    from cockpit.db import get_engine, transaction

    with transaction(get_engine(db_url)) as session:
        data_version.bump(session)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="demo,province")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--idle-s", type=float, default=12)
    parser.add_argument("--no-floor", action="store_true")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    page_bench.WORK.mkdir(parents=True, exist_ok=True)
    results: dict = {"machine": machine(), "code": git_state(), "started": time.strftime("%Y-%m-%d %H:%M:%S")}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=page_bench.CHROMIUM, args=page_bench.CHROMIUM_ARGS, headless=True
        )
        for scale in args.scales.split(","):
            print(f"[{scale}] wall", file=sys.stderr, flush=True)
            wall = bench_wall(scale, browser, args.repeats, args.idle_s)
            print(f"[{scale}] {wall}", file=sys.stderr, flush=True)
            floor = (
                None if args.no_floor else page_bench.bench_scale(scale, browser, ["/screen"], args.repeats, 1, "never")
            )
            results[scale] = {"wall": wall, "pages_bench": floor and floor.get("comparison")}
        browser.close()
    print(save("screen", results))  # noqa: T201


if __name__ == "__main__":
    main()
