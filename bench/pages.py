"""Pages bench: server time per callback, payload per page, time until every graph is drawn.

For each scale (the demo store; the province of bench/province.py, 100 units × 10,000 findings;
and a big city, 14 units × 70,000 findings, also from bench/province.py) the real app (`app.create_app`) is served by werkzeug in a child process with a
timing hook (`before_request`/`after_request`, also sent as a `Server-Timing` header), and
headless Chromium (Playwright, /usr/bin/chromium, never `playwright install`) loads each page:

- cold: the app's cache cleared just before the load (the process itself is warm),
  `--cold-repeats` times;
- warm: `--repeats` further loads with the cache filled.

Per load it records every request's server time and response bytes (document, `_dash-layout`,
`_dash-dependencies` and every `_dash-update-component`, uncompressed), the bytes on the wire as
the browser's resource timing reports them (compressed; 0 for what its cache served), and in the
browser the time from navigation start until the first and until the last Plotly draw once every
callback has answered and every `.js-plotly-plot` has its `.main-svg`.

The floor, in the same run: a bare Dash app (no pages, no callbacks, the same component
libraries and assets) that answers each page's document, `_dash-layout`, `_dash-dependencies`
and each `_dash-update-component` with the bytes the real app returned during a warm load,
pre-serialised in a file (bench/out/pages/floor-<scale>.json). The browser does the same work
on the same figures; the server does none. Both servers run at once and their warm loads are
interleaved (app, floor, app, floor …), so both see the same machine.

A page that errors (HTTP 500 from a callback, a page error, no draw within the timeout) is
reported as such and the bench goes on.

When a page misses an aim, every page is loaded once more with cProfile around each callback
(`--profile`); the top functions go to bench/out/profile-pages-<scale>/.

    python bench/pages.py [--scales demo,province,bigcity] [--repeats 5] [--cold-repeats 3]
                          [--pages / /districts ...] [--profile auto|always|never]
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import gzip
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
if sys.path[0] == str(Path(__file__).resolve().parent):
    sys.path[0] = str(ROOT)  # `python bench/pages.py`: `pages` must be the project's package

from bench.harness import OUT, PYTHON, git_state, machine, ratio, run_case, save  # noqa: E402
from bench.province import SHAPES  # noqa: E402 - 330102 is a unit of every shape
from cockpit.briefing_pdf import CHROMIUM, CHROMIUM_ARGS  # noqa: E402 - the product's own launch flags

PAGES = ["/", "/districts", "/districts/330102", "/rankings", "/rectification"]
SCALES = ("demo", *SHAPES)
WORK = OUT / "pages"
DATA_ROUTES = ("/_dash-layout", "/_dash-dependencies", "/_dash-update-component")
QUIET_MS = 300  # nothing pending, in flight or drawn for this long = the page has settled
LOAD_TIMEOUT_MS = 60_000
AIM_P95_MS, AIM_COLD_P95_MS, AIM_FLOOR_RATIO, AIM_DRAW_MS, AIM_PAYLOAD_KB = 100, 500, 1.5, 1500, 300
BENCH_USER, BENCH_ROLE, BENCH_PASSWORD = "bench-leader", "leader", "bench-password-0"


# --------------------------------------------------------------------------- server side (child)


def _install_hooks(flask_app, on_clear=None) -> None:  # noqa: ANN001
    """Time every request; keep a log the bench reads (and empties) at /_bench/log."""
    from flask import g, jsonify, request

    log: list[dict] = []
    lock = threading.Lock()
    profiles = CallbackProfiles(os.environ.get("BENCH_PROFILE_DIR"))

    def _start() -> None:
        g.bench_started = time.perf_counter()
        if request.path == "/_dash-update-component":
            g.bench_profile = profiles.start()

    @flask_app.after_request
    def _stop(response):  # noqa: ANN001, ANN202
        if request.path.startswith("/_bench/"):
            return response
        ms = (time.perf_counter() - g.bench_started) * 1000
        profiles.stop(g.pop("bench_profile", None))
        response.headers["Server-Timing"] = f"app;dur={ms:.1f}"
        entry = {"path": request.path, "method": request.method, "status": response.status_code, "ms": ms}
        if response.direct_passthrough:  # static files stream; their length is in the header
            entry["bytes"] = int(response.headers.get("Content-Length") or 0)
        else:
            body = response.get_data()
            entry["bytes"] = len(body)
            if request.path in DATA_ROUTES or response.mimetype == "text/html":
                entry["body"] = base64.b64encode(body).decode()
                entry["mimetype"] = response.mimetype
        if request.path == "/_dash-update-component":
            payload = request.get_json(silent=True) or {}
            entry["output"] = payload.get("output")
            entry["key"] = callback_key(payload)
        with lock:
            log.append(entry)
        return response

    def read_log():  # noqa: ANN202
        with lock:
            entries, log[:] = list(log), []
        return jsonify(entries)

    def clear_cache():  # noqa: ANN202
        if on_clear:
            on_clear()
        return jsonify({"cleared": bool(on_clear)})

    def profile_label():  # noqa: ANN202
        profiles.label = request.args.get("label", "")
        return jsonify({"label": profiles.label})

    def profile_dump():  # noqa: ANN202
        return jsonify(profiles.dump())

    routes = {
        "/_bench/profile-label": profile_label,
        "/_bench/profile-dump": profile_dump,
        "/_bench/log": read_log,
        "/_bench/clear-cache": clear_cache,
        "/_bench/ping": lambda: "ok",
    }

    def _bench_route():  # noqa: ANN202 - the bench's own routes, answered before the sign-in gate
        view = routes.get(request.path)
        return view() if view else None

    # First of all before_request functions: the timing includes the sign-in gate's work.
    flask_app.before_request_funcs.setdefault(None, [])[:0] = [_bench_route, _start]


class CallbackProfiles:
    """cProfile of every callback request, summed per label (page and cold/warm), when enabled."""

    def __init__(self, out_dir: str | None) -> None:
        self.out_dir = Path(out_dir) if out_dir else None
        self.label = ""
        self.stats: dict[str, object] = {}
        self.lock = threading.Lock()

    def start(self):  # noqa: ANN201
        if self.out_dir is None:
            return None
        import cProfile

        profile = cProfile.Profile()
        profile.enable()
        return profile

    def stop(self, profile) -> None:  # noqa: ANN001
        if profile is None:
            return
        import pstats

        profile.disable()
        with self.lock:
            if self.label in self.stats:
                self.stats[self.label].add(profile)
            else:
                self.stats[self.label] = pstats.Stats(profile)

    def dump(self) -> dict[str, str]:
        """Write each label's top functions (own time, cumulative) as text; {label: file}."""
        import io

        written = {}
        for label, stats in self.stats.items():
            name = "".join(c if c.isalnum() else "_" for c in label).strip("_") or "root"
            path = self.out_dir / f"callbacks-{name}.txt"
            text = io.StringIO()
            stats.stream = text
            text.write(f"# callbacks of {label}: cProfile summed over the loads (inflates Python-heavy code)\n")
            stats.sort_stats("tottime").print_stats(25)
            stats.sort_stats("cumulative").print_stats(40)
            path.write_text(text.getvalue())
            written[label] = str(path)
        return written


def callback_key(payload: dict) -> str:
    """What identifies one callback call of a page load: its outputs and input/state values."""
    return json.dumps(
        {"output": payload.get("output"), "inputs": payload.get("inputs"), "state": payload.get("state")},
        sort_keys=True,
        ensure_ascii=False,
    )


def real_server(db_url: str, config_dir: str):  # noqa: ANN201
    """The cockpit as `gunicorn app:server` builds it, on the bench store."""
    from app import create_app
    from cockpit.cache import cache
    from cockpit.config import load_config
    from cockpit.settings import Settings

    settings = Settings(instance_dir=WORK / "instance", db_url=db_url, config_dir=Path(config_dir))
    config = load_config(Path(config_dir))
    ensure_bench_user(db_url, config)
    app = create_app(settings, config)
    _install_hooks(app.server, on_clear=cache.clear)
    return app.server


def ensure_bench_user(db_url: str, config) -> None:  # noqa: ANN001 - a cockpit Config
    """The bench's leader account in the bench's own store (every page but /admin, every unit)."""
    from cockpit import users
    from cockpit.db import get_engine, transaction
    from cockpit.schema import upgrade

    engine = get_engine(db_url)
    upgrade(engine)
    with transaction(engine) as session:
        if users.find(session, BENCH_USER) is None:
            users.add_user(session, config, username=BENCH_USER, role=BENCH_ROLE, password=BENCH_PASSWORD)


def sign_in(context, base: str, username: str = BENCH_USER, password: str = BENCH_PASSWORD) -> None:  # noqa: ANN001 - a Playwright BrowserContext
    """Sign the context in by posting the real form over the context's own HTTP client (its
    cookies are the context's), so that no page is loaded and the first visit that the bench
    measures starts with an empty browser cache."""
    import re

    form = context.request.get(f"{base}/login", timeout=LOAD_TIMEOUT_MS).text()
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    answer = context.request.post(
        f"{base}/login",
        form={"username": username, "password": password, "csrf_token": token},
        max_redirects=0,
        timeout=LOAD_TIMEOUT_MS,
    )
    if answer.status != 302 or "/login" in answer.headers.get("location", "/login"):
        raise RuntimeError(f"{username} could not sign in: HTTP {answer.status}")


def floor_server(recorded_file: str):  # noqa: ANN201
    """A bare Dash app that replays the recorded layout, dependencies and callback responses."""
    import dash_ag_grid  # noqa: F401 - registers the component suites the recorded layout uses
    import dash_bootstrap_components  # noqa: F401
    from dash import Dash, html
    from flask import Response, request

    recorded = json.loads(Path(recorded_file).read_text())
    by_key = {k: base64.b64decode(v) for k, v in recorded["callbacks"].items()}
    by_output = {k: base64.b64decode(v) for k, v in recorded["by_output"].items()}
    routes = {k: base64.b64decode(v) for k, v in recorded["routes"].items()}
    documents = {k: base64.b64decode(v) for k, v in recorded["documents"].items()}
    app = Dash(
        __name__,
        assets_folder=str(ROOT / "assets"),
        serve_locally=True,
        update_title=None,
        title="杭州审计数字驾驶舱",
        compress=True,  # as the app (app.create_app)
    )
    app.layout = html.Div()
    _install_hooks(app.server)  # first: its before_request must run before the replay answers

    @app.server.before_request
    def _replay():  # noqa: ANN202
        if request.method == "GET" and request.path in documents:
            return Response(documents[request.path], mimetype="text/html")
        if request.path in routes:
            return Response(routes[request.path], mimetype="application/json")
        if request.path == "/_dash-update-component":
            payload = request.get_json(silent=True) or {}
            body = by_key.get(callback_key(payload)) or by_output.get(payload.get("output"))
            if body is None:  # not recorded: nothing to update (counted by the browser side)
                return Response(status=204)
            return Response(body, mimetype="application/json")
        return None

    app.server.test_client().get("/_floor-index")  # renders its own index once: registers the JS suites
    return app.server


def serve_main(argv: list[str]) -> None:
    mode, port, *rest = argv
    server = real_server(*rest) if mode == "real" else floor_server(*rest)
    from werkzeug.serving import make_server

    make_server("127.0.0.1", int(port), server, threaded=True).serve_forever()


# --------------------------------------------------------------------------- parent: servers


class Server:
    """A server child process; its peak RSS is read when it is stopped."""

    def __init__(self, mode: str, *args: str, env: dict[str, str] | None = None) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_file = (WORK / f"server-{mode}-{self.port}.log").open("w")
        env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
        argv = [PYTHON, str(Path(__file__).resolve()), "--serve", mode, str(self.port), *args]
        self.proc = subprocess.Popen(argv, stdout=self.log_file, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
        self._wait_ready()

    def _wait_ready(self, timeout_s: float = 120) -> None:
        deadline = time.time() + timeout_s
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: see {self.log_file.name}")
            try:
                urllib.request.urlopen(f"{self.url}/_bench/ping", timeout=2).read()
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("server did not start")

    def get(self, path: str) -> object:
        return json.loads(urllib.request.urlopen(f"{self.url}{path}", timeout=60).read())

    def stop(self) -> float:
        """Stop it; its peak RSS in MB."""
        self.proc.send_signal(signal.SIGTERM)
        _, _, usage = os.wait4(self.proc.pid, 0)
        self.proc.returncode = 0
        self.log_file.close()
        return usage.ru_maxrss / 1024


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --------------------------------------------------------------------------- parent: browser

INIT_SCRIPT = """
(() => {
  const s = window.__bench = {inflight: 0, requests: 0, failed: 0, lastEnd: 0, draws: 0, lastDraw: 0};
  const realFetch = window.fetch;
  window.fetch = function (input, init) {
    const url = typeof input === 'string' ? input : input.url;
    const dash = url.includes('_dash-update-component');
    if (dash) { s.inflight++; s.requests++; s.firstStart = s.firstStart || performance.now(); }
    const promise = realFetch.apply(this, arguments);
    if (dash) {
      promise.then(r => { if (!r.ok && r.status !== 204) s.failed++; }, () => s.failed++)
             .finally(() => { s.inflight--; s.lastEnd = performance.now(); });
    }
    return promise;
  };
  const wrap = (P) => {
    for (const name of ['react', 'newPlot']) {
      const f = P && P[name];
      if (!f || f.__bench) continue;
      const w = function () {
        const r = f.apply(this, arguments);
        Promise.resolve(r).then(() => {
          s.draws++; s.lastDraw = performance.now(); s.firstDraw = s.firstDraw || s.lastDraw;
        });
        return r;
      };
      w.__bench = true;
      P[name] = w;
    }
  };
  let plotly;
  Object.defineProperty(window, 'Plotly', {configurable: true, get() { return plotly; },
                                           set(v) { plotly = v; s.plotlyAt = s.plotlyAt || performance.now(); wrap(v); }});
})();
"""

SETTLED = """
(quiet) => {
  // Settled: Dash has no callback requested, blocked or running (its redux store, as dash.testing
  // reads it), nothing in flight, every Plotly graph has its .main-svg, and quiet since then.
  const s = window.__bench, store = window.store;
  if (!s || !store || s.requests === 0 || s.inflight > 0) return false;
  const callbacks = Object.assign({}, store.getState().callbacks);
  delete callbacks.stored;
  delete callbacks.completed;
  if (Object.values(callbacks).some(list => list && list.length)) return false;
  if (![...document.querySelectorAll('.js-plotly-plot')].every(g => g.querySelector('.main-svg'))) return false;
  return performance.now() - Math.max(s.lastEnd, s.lastDraw) >= quiet;
}
"""

SUMMARY = """
() => {
  const s = window.__bench;
  const graphs = document.querySelectorAll('.js-plotly-plot').length;
  const nav = performance.getEntriesByType('navigation')[0];
  // Bytes on the wire (compressed, headers included; 0 for what the browser cache served) and
  // compressed bodies, of the document and every resource and fetch of this load.
  const entries = [nav, ...performance.getEntriesByType('resource')].filter(Boolean);
  const sum = (key) => entries.reduce((total, e) => total + (e[key] || 0), 0);
  return {requests: s.requests, failed: s.failed, firstStart: s.firstStart, lastEnd: s.lastEnd, draws: s.draws,
          lastDraw: s.lastDraw, firstDraw: s.firstDraw || null, plotlyAt: s.plotlyAt || null, graphs,
          domContentLoaded: nav ? nav.domContentLoadedEventEnd : null,
          transferBytes: sum('transferSize'), encodedBytes: sum('encodedBodySize'), decodedBytes: sum('decodedBodySize')};
}
"""


def load_page(context, base: str, path: str) -> dict:  # noqa: ANN001 - a Playwright BrowserContext
    """Navigate a fresh tab to `path`; browser-side timings (ms from navigation start)."""
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)[:200]))
    page.on("console", lambda msg: errors.append(msg.text[:200]) if msg.type == "error" else None)
    started = time.perf_counter()
    try:
        page.goto(base + path, wait_until="commit", timeout=LOAD_TIMEOUT_MS)
        page.wait_for_function(SETTLED, arg=QUIET_MS, polling="raf", timeout=LOAD_TIMEOUT_MS)
        result = page.evaluate(SUMMARY)
        result["timeout"] = False
    except Exception as exc:  # noqa: BLE001 - a broken page is a result, not a crash of the bench
        result = {"timeout": True, "problem": str(exc).splitlines()[0][:200]}
        with contextlib.suppress(Exception):
            result |= page.evaluate(SUMMARY)
    result["errors"] = errors[:5]
    result["wall_ms"] = (time.perf_counter() - started) * 1000
    if result.get("graphs"):
        result["drawn_ms"] = result["lastDraw"] if result.get("draws") else None
    page.close()
    return result


def server_side(entries: list[dict], path: str) -> dict:
    """One load's server log: the callbacks' times, the bytes of the document and the data."""
    callbacks = [e for e in entries if e["path"] == "/_dash-update-component"]
    data = [e for e in entries if e["path"] in DATA_ROUTES or (e["path"] == path and e["method"] == "GET")]
    raw = b"".join(base64.b64decode(e["body"]) for e in data if "body" in e)
    return {
        "callbacks": len(callbacks),
        "callback_ms": [round(e["ms"], 2) for e in callbacks],
        "callback_sum_ms": sum(e["ms"] for e in callbacks),
        "callback_errors": [e["output"] for e in callbacks if e["status"] >= 400],
        "slowest": sorted(((round(e["ms"], 1), e["output"]) for e in callbacks), reverse=True)[:3],
        "payload_bytes": sum(e["bytes"] for e in data),
        "payload_gzip_bytes": len(gzip.compress(raw, 6)) if raw else 0,
        "largest": sorted(((e["bytes"], e.get("output") or e["path"]) for e in data), reverse=True)[:3],
        "static_bytes": sum(e["bytes"] for e in entries if e not in data),
    }


def measure(server: Server, context, path: str, *, clear: bool) -> tuple[dict, list[dict]]:  # noqa: ANN001
    if clear:
        server.get("/_bench/clear-cache")
    server.get("/_bench/log")  # empty it
    browser = load_page(context, server.url, path)
    time.sleep(0.05)
    entries = server.get("/_bench/log")
    return {**browser, **server_side(entries, path), "load_avg": os.getloadavg()[0]}, entries


def record_floor(entries_by_page: dict[str, list[dict]], target: Path) -> Path:
    """The real app's responses of one warm load per page, as the floor app replays them."""
    callbacks, by_output, routes, documents = {}, {}, {}, {}
    for path, entries in entries_by_page.items():
        for e in entries:
            if "body" not in e or e["status"] >= 400:
                continue
            if e["path"] == "/_dash-update-component" and e["status"] == 200:
                callbacks[e["key"]] = e["body"]
                by_output[e["output"]] = e["body"]
            elif e["path"] in ("/_dash-layout", "/_dash-dependencies"):
                routes[e["path"]] = e["body"]
            elif e["path"] == path and e.get("mimetype") == "text/html":
                documents[path] = e["body"]
    payload = {"callbacks": callbacks, "by_output": by_output, "routes": routes, "documents": documents}
    target.write_text(json.dumps(payload))
    return target


def p95(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def warm_up(server: Server, context, pages: list[str]) -> tuple[dict, dict[str, list[dict]]]:  # noqa: ANN001
    """Load every page once (fills the browser's HTTP cache and the app's); the first visit's
    bytes, and each page's server log (what the floor replays)."""
    first_visit, _ = measure(server, context, pages[0], clear=False)
    entries = {}
    for path in pages:
        _, entries[path] = measure(server, context, path, clear=False)
    return {
        "first_visit_static_bytes": first_visit["static_bytes"],  # uncompressed, as the server logged them
        "first_visit_transfer_bytes": first_visit.get("transferBytes"),  # on the wire, compressed
        "first_visit_decoded_bytes": first_visit.get("decodedBytes"),
    }, entries


def bench_pair(servers: dict[str, Server], contexts: dict, pages: list[str], repeats: int, *, cold: int) -> dict:
    """Per page: `cold` cold-cache loads of the app, then `repeats` rounds of one warm app load and
    one floor load, interleaved so both see the same machine."""
    results: dict = {name: {} for name in servers}
    for path in pages:
        loads: dict = {name: {"cold": [], "warm": []} for name in servers}
        loads["app"]["cold"] = [measure(servers["app"], contexts["app"], path, clear=True)[0] for _ in range(cold)]
        for _ in range(repeats):
            for name in servers:
                loads[name]["warm"].append(measure(servers[name], contexts[name], path, clear=False)[0])
        for name, page in loads.items():
            page["summary"] = summarise(page)
            results[name][path] = page
            print(f"    {name:<5} {path:<22} {short(page['summary'])}", file=sys.stderr, flush=True)
    return results


def new_context(browser, sign_in_at: str | None = None):  # noqa: ANN001, ANN201
    """A 1920×1080 context with the bench's hooks; signed in at `sign_in_at` (the app's URL)."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    context.add_init_script(INIT_SCRIPT)
    if sign_in_at:
        sign_in(context, sign_in_at)
    return context


def profile_pass(scale: str, db_url: str, config_dir: Path, browser, pages: list[str]) -> dict[str, str]:  # noqa: ANN001
    """Load every page again (cold, then 3 warm loads) with cProfile around each callback."""
    out = OUT / f"profile-pages-{scale}"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    server = Server("real", db_url, str(config_dir), env={"BENCH_PROFILE_DIR": str(out)})
    context = new_context(browser, server.url)
    try:
        for path in pages:
            measure(server, context, path, clear=False)
        for path in pages:
            server.get("/_bench/profile-label?" + urlencode({"label": f"{scale} {path} cold"}))
            measure(server, context, path, clear=True)
            server.get("/_bench/profile-label?" + urlencode({"label": f"{scale} {path} warm"}))
            for _ in range(3):
                measure(server, context, path, clear=False)
        return server.get("/_bench/profile-dump")
    finally:
        context.close()
        server.stop()


def missed(summary: dict, comparison: dict) -> bool:
    return bool(
        summary["problems"]
        or (summary["warm_callback_p95_ms"] or 0) > AIM_P95_MS
        or (summary["cold_callback_p95_ms"] or 0) > AIM_COLD_P95_MS
        or (summary["warm_drawn_ms"] or 0) > AIM_DRAW_MS
        or summary["payload_kb"] > AIM_PAYLOAD_KB
        or (comparison["drawn_over_floor"] or 0) > AIM_FLOOR_RATIO
    )


def summarise(page: dict) -> dict:
    """Medians over the loads; p95 over every callback of every warm load."""
    warm, cold = page["warm"], page["cold"]
    all_ms = [ms for load in warm for ms in load.get("callback_ms", [])]
    cold_ms = [ms for load in cold for ms in load.get("callback_ms", [])]
    drawn = [load["drawn_ms"] for load in warm if load.get("drawn_ms") is not None]
    settled = [load["lastEnd"] for load in warm if load.get("lastEnd")]
    return {
        "graphs": warm[-1].get("graphs"),
        "callbacks": warm[-1].get("callbacks"),
        "cold_callback_sum_ms": _median([load.get("callback_sum_ms") for load in cold]),
        "cold_callback_max_ms": max(cold_ms) if cold_ms else None,
        "cold_callback_p95_ms": p95(cold_ms),
        "cold_drawn_ms": _median([load.get("drawn_ms") for load in cold]),
        "load_avg": _median([load.get("load_avg") for load in [*cold, *warm]]),
        "warm_callback_sum_ms": statistics.median(load["callback_sum_ms"] for load in warm),
        "warm_callback_p50_ms": statistics.median(all_ms) if all_ms else None,
        "warm_callback_p95_ms": p95(all_ms),
        "warm_callback_max_ms": max(all_ms) if all_ms else None,
        "warm_drawn_ms": statistics.median(drawn) if drawn else None,
        "warm_first_draw_ms": _median([load.get("firstDraw") for load in warm]),
        "warm_transfer_kb": (_median([load.get("transferBytes") for load in warm]) or 0) / 1024,
        "warm_settled_ms": statistics.median(settled) if settled else None,
        "warm_plotly_ready_ms": _median([load.get("plotlyAt") for load in warm]),
        "warm_first_callback_ms": _median([load.get("firstStart") for load in warm]),
        "payload_kb": warm[-1].get("payload_bytes", 0) / 1024,
        "payload_gzip_kb": warm[-1].get("payload_gzip_bytes", 0) / 1024,
        "largest": warm[-1].get("largest"),
        "slowest_cold": cold[0].get("slowest") if cold else None,
        "problems": sorted({p for load in [*cold, *warm] for p in problems(load)}),
    }


def _median(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def problems(load: dict) -> list[str]:
    found = []
    if load.get("timeout"):
        found.append(f"not settled: {load.get('problem')}")
    if load.get("failed"):
        found.append(f"{load['failed']} callback request(s) failed")
    found += [f"callback error: {o}" for o in load.get("callback_errors", [])]
    found += [f"browser: {e}" for e in load.get("errors", [])]
    if load.get("graphs") and not load.get("draws"):
        found.append("graphs present but no Plotly draw seen")
    return found


def short(summary: dict) -> str:
    def f(v: float | None) -> str:
        return "-" if v is None else f"{v:.0f}"

    return (
        f"cb {summary['callbacks']} p95 {f(summary['warm_callback_p95_ms'])} ms, "
        f"sum cold {f(summary['cold_callback_sum_ms'])} / warm {f(summary['warm_callback_sum_ms'])} ms, "
        f"drawn {f(summary['warm_drawn_ms'])} ms, {summary['payload_kb']:.0f} KB"
        + (f"  PROBLEMS {summary['problems'][:2]}" if summary["problems"] else "")
    )


# --------------------------------------------------------------------------- stores


def ensure_store(scale: str) -> tuple[str, Path]:
    """(db url, config dir) of a loaded store: the ETL bench's if present, else built here."""
    from bench import etl as etl_bench

    WORK.mkdir(parents=True, exist_ok=True)
    name = scale
    target = WORK / f"{name}.db"
    if scale == "demo":
        config_dir = ROOT / "config"
    else:
        config_dir, _ = etl_bench.ensure_province_files(*SHAPES[scale])
    if not _has_facts(target):
        source = etl_bench.RUN_DIR / f"{name}.db"
        if _has_facts(source):
            for suffix in ("", "-wal"):
                if Path(f"{source}{suffix}").exists():
                    shutil.copyfile(f"{source}{suffix}", f"{target}{suffix}")
        else:
            _build_store(scale, target, config_dir)
    return f"sqlite:///{target}", config_dir


def _has_facts(db: Path) -> bool:
    import sqlite3

    if not db.exists():
        return False
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            return conn.execute("SELECT COUNT(*) FROM fact_week").fetchone()[0] > 0
    except sqlite3.Error:
        return False


def _build_store(scale: str, target: Path, config_dir: Path) -> None:
    from bench import etl as etl_bench

    etl_bench.RUN_DIR.mkdir(parents=True, exist_ok=True)
    files = etl_bench.ensure_demo() if scale == "demo" else etl_bench.ensure_province_files(*SHAPES[scale])[1]
    url = f"sqlite:///{target}"
    listed = etl_bench.files_list(f"pages-{scale}", files)
    archive = WORK / f"{scale}-archive"
    run_case(f"{scale}: init store", etl_bench.child("init", url))
    run_case(f"{scale}: load store", etl_bench.child("load", url, str(config_dir), listed, str(archive)))


# --------------------------------------------------------------------------- main


def bench_scale(scale: str, browser, pages: list[str], repeats: int, cold_repeats: int, profile: str) -> dict:  # noqa: ANN001, E501
    db_url, config_dir = ensure_store(scale)
    print(f"[{scale}] real app on {db_url}", file=sys.stderr, flush=True)
    real = Server("real", db_url, str(config_dir))
    floor = None
    contexts = {"app": new_context(browser, real.url), "floor": new_context(browser)}
    try:
        app_visit, entries = warm_up(real, contexts["app"], pages)
        floor_file = record_floor(entries, WORK / f"floor-{scale}.json")
        print(f"[{scale}] floor: bare Dash app replaying {floor_file.name}", file=sys.stderr, flush=True)
        floor = Server("floor", str(floor_file))
        floor_visit, _ = warm_up(floor, contexts["floor"], pages)
        both = bench_pair({"app": real, "floor": floor}, contexts, pages, repeats, cold=cold_repeats)
    finally:
        for context in contexts.values():
            context.close()
        real_rss = real.stop()
        floor_rss = floor.stop() if floor else None
    app_results, floor_results = app_visit | both["app"], floor_visit | both["floor"]
    comparison = compare(app_results, floor_results, pages)
    result = {
        "app": app_results,
        "floor": floor_results,
        "app_server_peak_rss_mb": real_rss,
        "floor_server_peak_rss_mb": floor_rss,
        "comparison": comparison,
    }
    if profile == "always" or (
        profile == "auto" and any(missed(app_results[p]["summary"], comparison[p]) for p in pages)
    ):
        print(f"[{scale}] profiling the callbacks", file=sys.stderr, flush=True)
        result["profiles"] = profile_pass(scale, db_url, config_dir, browser, pages)
    return result


def compare(app: dict, floor: dict, pages: list[str]) -> dict:
    table = {}
    for path in pages:
        a, f = app[path]["summary"], floor[path]["summary"]
        table[path] = {
            "drawn_over_floor": ratio(a["warm_drawn_ms"], f["warm_drawn_ms"]),
            "settled_over_floor": ratio(a["warm_settled_ms"], f["warm_settled_ms"]),
            "callback_sum_over_floor": ratio(a["warm_callback_sum_ms"], f["warm_callback_sum_ms"]),
            "floor_drawn_ms": f["warm_drawn_ms"],
            "floor_first_draw_ms": f["warm_first_draw_ms"],
            "first_draw_over_floor": ratio(a["warm_first_draw_ms"], f["warm_first_draw_ms"]),
            "floor_settled_ms": f["warm_settled_ms"],
            "floor_callback_p95_ms": f["warm_callback_p95_ms"],
            "floor_problems": f["problems"],
        }
    return table


def markdown(results: dict, pages: list[str]) -> list[str]:
    """The table bench/README.md quotes: warm figures are medians over the repeats."""
    head = (
        "| scale | page | graphs | callbacks | cold sum / p95 ms | warm sum / p95 ms | settled ms (floor) "
        "| plotly ready ms | first graph ms (floor) | all drawn ms (floor) | drawn/floor "
        "| payload KB (gzip) | on the wire KB | load avg | problems |"
    )
    lines = [head, "|---" * (head.count("|") - 1) + "|"]

    def f(v: float | None, digits: int = 0) -> str:
        return "–" if v is None else f"{v:.{digits}f}"

    for scale, result in results.items():
        if not isinstance(result, dict) or "app" not in result:
            continue
        for path in pages:
            s, c = result["app"][path]["summary"], result["comparison"][path]
            trouble = s["problems"] + [f"floor: {p}" for p in c["floor_problems"]]
            lines.append(
                f"| {scale} | `{path}` | {s['graphs']} | {s['callbacks']} "
                f"| {f(s['cold_callback_sum_ms'])} / {f(s['cold_callback_p95_ms'])} "
                f"| {f(s['warm_callback_sum_ms'])} / {f(s['warm_callback_p95_ms'])} "
                f"| {f(s['warm_settled_ms'])} ({f(c['floor_settled_ms'])}) | {f(s['warm_plotly_ready_ms'])} "
                f"| {f(s['warm_first_draw_ms'])} ({f(c['floor_first_draw_ms'])}) "
                f"| {f(s['warm_drawn_ms'])} ({f(c['floor_drawn_ms'])}) | {f(c['drawn_over_floor'], 2)} "
                f"| {f(s['payload_kb'])} ({f(s['payload_gzip_kb'])}) | {f(s['warm_transfer_kb'])} | {f(s['load_avg'], 1)} "
                f"| {'; '.join(trouble)[:160]} |"
            )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default=",".join(SCALES), help=f"comma-separated, of {', '.join(SCALES)}")
    parser.add_argument("--repeats", type=int, default=5, help="warm loads per page")
    parser.add_argument("--cold-repeats", type=int, default=3, help="cold-cache loads per page")
    parser.add_argument("--pages", nargs="+", default=PAGES)
    parser.add_argument(
        "--profile",
        choices=("auto", "always", "never"),
        default="auto",
        help="profile the callbacks (auto: when a page misses an aim)",
    )
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    WORK.mkdir(parents=True, exist_ok=True)
    results: dict = {"machine": machine(), "repeats": args.repeats, "cold_repeats": args.cold_repeats}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        results["chromium"] = browser.version
        try:
            for scale in args.scales.split(","):
                results[scale] = bench_scale(scale, browser, args.pages, args.repeats, args.cold_repeats, args.profile)
        finally:
            browser.close()
    results["machine"]["commit_at_end"] = git_state()  # others may commit while a long run goes on
    full = args.scales == ",".join(SCALES) and args.pages == PAGES
    path = save("pages" if full else "pages-partial", results)  # partial runs keep theirs apart
    print("\n".join(markdown(results, args.pages)))
    for scale in args.scales.split(","):
        visit = results[scale]["app"]
        print(
            f"{scale}: first visit {visit['first_visit_transfer_bytes'] / 1e6:.2f} MB on the wire "
            f"({visit['first_visit_decoded_bytes'] / 1e6:.2f} MB decoded)"
        )
    print(f"\nresults: {path}", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--serve":
        serve_main(sys.argv[2:])
    else:
        main()
