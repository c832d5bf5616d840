"""Bench of the task force's pages and briefing: the /tasks and /review callbacks (server time,
cold cache and warm), the briefing xlsx and the PDF, at demo and province scale.

The callbacks are called in a request of a real app on the store (as the unit tests do), so the
time is the server's: queries, rules and building the components. The PDF is the whole path: a
local server, headless Chromium loading the print page, printing it.

    python bench/review.py --store demo=sqlite:///…demo.db --store province=sqlite:///…province.db@CONFIG_DIR
        [--repeats 20] [--pdf-repeats 2]

Results go to bench/out/review-<labels>-results.json (machine, commit, load average, p50/p95 per case).
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import git_state, machine, save  # noqa: E402

LIGHTS = ["green", "yellow", "red", "grey"]


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def timed(function, repeats: int) -> dict:  # noqa: ANN001
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return {"p50_ms": round(statistics.median(samples), 1), "p95_ms": round(p95(samples), 1), "n": repeats}


def bench_store(label: str, url: str, config_dir: str | None, repeats: int, pdf_repeats: int) -> dict:
    from app import create_app
    from cockpit import dashboard
    from cockpit.briefing import briefing_xlsx
    from cockpit.briefing_pdf import briefing_pdf_from, served
    from cockpit.cache import cache
    from cockpit.config import default_config
    from cockpit.db import get_engine
    from cockpit.gate import PRINT_COOKIE
    from cockpit.settings import Settings

    if config_dir:
        os.environ["COCKPIT_CONFIG_DIR"] = config_dir
    settings = Settings(instance_dir=Path("/tmp/cockpit-bench-review"), db_url=url)
    config = default_config(str(settings.config_dir))
    app = create_app(settings, config)
    from flask import g

    from callbacks.review import show_review
    from callbacks.tasks import show_board
    from cockpit.access import Caller

    results: dict[str, dict] = {}
    with app.server.test_request_context():
        g.cockpit_caller = Caller(user_id=None, username="bench", role="leader")  # as the sign-in gate sets it
        week = dashboard.resolve_week(None)
        month = f"{week[:4]}-06"
        cases = {
            "/tasks show_board": lambda: show_board(week, None, None, LIGHTS),
            "/review show_review": lambda: show_review(week, None, "live"),
            "/review?month show_review": lambda: show_review(week, month, None),
        }
        for name, call in cases.items():

            def cold(call=call) -> None:  # noqa: ANN001
                cache.clear()
                call()

            results[f"{name} cold"] = timed(cold, max(3, repeats // 4))
            call()
            results[f"{name} warm"] = timed(call, repeats)
            print(f"[{label}] {name}: {results[f'{name} cold']} / {results[f'{name} warm']}", file=sys.stderr)
    engine = get_engine(url)
    results["briefing xlsx"] = timed(lambda: briefing_xlsx(engine, config, week=week), max(2, pdf_repeats))
    print(f"[{label}] xlsx: {results['briefing xlsx']}", file=sys.stderr)
    token = secrets.token_urlsafe(32)  # the print's way past the sign-in gate, as the CLI's briefing_pdf
    with served(settings, token) as base, ThreadPoolExecutor(1) as pool:
        cookies = {PRINT_COOKIE: token}
        results["briefing pdf"] = timed(
            lambda: pool.submit(briefing_pdf_from, base, week=week, cookies=cookies).result(), pdf_repeats
        )
    print(f"[{label}] pdf: {results['briefing pdf']}", file=sys.stderr)
    return {"week": week, "cases": results}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--store", action="append", required=True, help="label=URL[@CONFIG_DIR]")
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--pdf-repeats", type=int, default=2)
    args = parser.parse_args()
    report = {"machine": machine(), "commit": git_state(), "load_before": os.getloadavg(), "stores": {}}
    for spec in args.store:
        label, _, rest = spec.partition("=")
        url, _, config_dir = rest.partition("@")
        report["stores"][label] = bench_store(label, url, config_dir or None, args.repeats, args.pdf_repeats)
    report["load_after"] = os.getloadavg()
    print(save("review-" + "-".join(report["stores"]), report), file=sys.stderr)


if __name__ == "__main__":
    main()
