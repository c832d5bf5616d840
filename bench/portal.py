"""Portal embeds bench: what one load of each sub-portal panel costs (issue 9: ≤ 150 KB a load).

Against a running cockpit (`--url`, e.g. `make run`'s http://127.0.0.1:8050), headless Chromium
(/usr/bin/chromium, never `playwright install`) loads /portal/<panel>?embed=1 `--repeats` times
in a fresh context each time and counts the responses the budget names: the document,
`_dash-layout`, `_dash-dependencies` and every `_dash-update-component`. Per load: bytes on the
wire (body + headers, as Chromium reports them: compressed when the server compresses), the raw
body bytes, those bodies gzip-compressed (level 6, what Flask-Compress sends), all bytes including
scripts and styles, and the time from navigation until the panel's content is drawn.

Each context first signs in (`--username`/`--password`, a leader's account, over the context's
HTTP client as bench/pages.py does), since every panel sits behind the sign-in gate.

    python bench/portal.py --url http://127.0.0.1:8050 --username U --password P [--repeats 5] [--week 2024-W23]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
if sys.path[0] == str(Path(__file__).resolve().parent):
    sys.path[0] = str(ROOT)  # `python bench/portal.py`: import the project, not bench/

from bench.pages import sign_in  # noqa: E402
from cockpit.briefing_pdf import CHROMIUM, CHROMIUM_ARGS  # noqa: E402 - the product's own launch flags

PANELS = {
    "tasks": ".portal-task-head",
    "business": ".portal-tile",
    "featured": ".portal-item, .portal-panel-body .muted",
}
DASH_ROUTES = ("/_dash-layout", "/_dash-dependencies", "/_dash-update-component")
BUDGET = 150 * 1024


def counted(response) -> bool:  # noqa: ANN001 - a Playwright Response
    return response.request.resource_type == "document" or response.url.split("?")[0].endswith(DASH_ROUTES)


def load(browser, base: str, url: str, selector: str, account: tuple[str, str]) -> dict:  # noqa: ANN001 - a Playwright Browser
    context = browser.new_context(viewport={"width": 480, "height": 420})
    sign_in(context, base, *account)
    page = context.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    started = time.perf_counter()
    page.goto(url)
    page.locator(selector).first.wait_for(state="visible")
    drawn_ms = (time.perf_counter() - started) * 1000
    page.wait_for_load_state("networkidle")
    budget = [r for r in responses if counted(r)]
    bodies = [r.body() for r in budget]

    def wire(rs: list) -> int:
        return sum(r.request.sizes()["responseBodySize"] + r.request.sizes()["responseHeadersSize"] for r in rs)

    result = {
        "responses": len(budget),
        "wire_bytes": wire(budget),
        "raw_body_bytes": sum(len(b) for b in bodies),
        "gzip_body_bytes": sum(len(gzip.compress(b, 6)) for b in bodies),
        "all_wire_bytes": wire(responses),
        "drawn_ms": round(drawn_ms),
    }
    context.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--week", default="")
    parser.add_argument("--username", required=True)
    parser.add_argument("--password", required=True)
    args = parser.parse_args()
    query = f"&week={args.week}" if args.week else ""
    report = {"url": args.url, "repeats": args.repeats, "load_average": os.getloadavg(), "panels": {}}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        account = (args.username, args.password)
        for panel, selector in PANELS.items():
            url = f"{args.url}/portal/{panel}?embed=1{query}"
            loads = [load(browser, args.url, url, selector, account) for _ in range(args.repeats)]
            report["panels"][panel] = {key: statistics.median(r[key] for r in loads) for key in loads[0]}
        browser.close()
    print(json.dumps(report, indent=1))
    print(
        "| panel | responses | wire bytes | raw bodies | gzip bodies | all bytes (scripts too) | drawn ms | ≤ 150 KB |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for panel, r in report["panels"].items():
        ok = "yes" if r["wire_bytes"] <= BUDGET else "NO"
        print(
            f"| {panel} | {r['responses']:.0f} | {r['wire_bytes']:,.0f} | {r['raw_body_bytes']:,.0f} |"
            f" {r['gzip_body_bytes']:,.0f} | {r['all_wire_bytes']:,.0f} | {r['drawn_ms']:.0f} | {ok} |"
        )


if __name__ == "__main__":
    main()
