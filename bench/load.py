"""Many users at once: simulated users on gunicorn with PostgreSQL and Redis, a batch loaded midway.

Setup (not timed): a PostgreSQL database of its own (created, dropped at the end), a
`redis-server` of its own on a free port, the demo history of `--first-week`..`--last-week`
loaded by the real ETL except its last week, and `make run`'s server (`gunicorn app:server`,
`--workers` workers) on a free port. Each page's requests are recorded once in headless Chromium
(its document, `_dash-layout`, `_dash-dependencies` and every `_dash-update-component` POST;
on `/rectification` also a drill-down and its CSV export), then replayed by `--users` threads
for `--seconds`, each with a think time of 1–3 s between actions. Every user first signs in
through `/login` (a session of its own; Dash's posts carry the CSRF header, as the renderer
sends it): nine in ten as leaders, one in ten as the 西湖区 district account, whose requests the
row scope narrows (its drill-downs into another unit answer 无权查看, as for a person).

- page: a page opened (document, layout, dependencies, then its callbacks);
- week: the same page's callbacks replayed for another week (what the week picker does);
- drill: a drill-down opened; export: its rows exported as CSV.

Halfway through, the last demo week (one workbook per unit) is loaded with `python -m etl load`
while the users go on. Reported per kind: requests, errors (any status but 2xx, or a
transport error), p50/p95/p99 in ms; the batch's exit code and time; CPU (% of one core) and
peak RSS of every gunicorn worker, sampled each second from /proc. Results go to
bench/out/load-results.json.

    python bench/load.py [--users 50] [--seconds 600] [--workers 3] [--first-week 2025-W01] [--last-week 2025-W20]
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import random
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if sys.path[0] == str(Path(__file__).resolve().parent):
    sys.path[0] = str(ROOT)  # `python bench/load.py`: import the project, not bench/

from bench.harness import OUT, PYTHON, git_state, machine  # noqa: E402

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
RUN_DIR = OUT / "load"
PAGES = ["/", "/districts", "/districts/330102", "/rankings", "/rectification", "/tasks"]
DRILL_PAGE = "/rectification"
PASSWORD = "load-bench-password"
ACCOUNTS = {"load-leader": ("leader", None), "load-district": ("district", "330106")}
CSRF_COOKIE = "_csrf_token"  # cockpit.signin.CSRF_COOKIE: the renderer echoes it as X-CSRFToken


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Request:
    method: str
    path: str
    body: bytes | None = None


@dataclass
class Recorded:
    pages: dict[str, list[Request]] = field(default_factory=dict)  # page -> its requests in order
    drill: list[Request] = field(default_factory=list)
    export: list[Request] = field(default_factory=list)
    week: str = ""


def record(base: str, last_week: str) -> Recorded:
    """Every request a person's browser makes for each page, a drill-down and an export."""
    from playwright.sync_api import sync_playwright

    recorded = Recorded(week=last_week)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
        )
        page = browser.new_page(viewport={"width": 1920, "height": 1080})
        page.goto(f"{base}/login")
        page.fill("#username", "load-leader")
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_selector("#caller-name")
        sink: list[Request] = []

        def seen(request) -> None:  # noqa: ANN001 - playwright's Request
            path = request.url.removeprefix(base)
            if "_dash-update-component" in path or "_dash-layout" in path or "_dash-dependencies" in path:
                body = request.post_data_buffer if request.method == "POST" else None
                sink.append(Request(request.method, path, body))

        page.on("request", seen)
        for path in PAGES:
            sink.clear()
            page.goto(base + path, wait_until="networkidle")
            page.wait_for_timeout(500)  # late chained callbacks (recording only, not measured)
            recorded.pages[path] = [Request("GET", path), *sink]
            if path == DRILL_PAGE:
                sink.clear()
                page.locator(".drill-link").first.click()
                page.wait_for_load_state("networkidle")
                page.wait_for_timeout(500)
                recorded.drill = list(sink)
                sink.clear()
                page.locator("#drill-csv").click()
                page.wait_for_load_state("networkidle")
                page.wait_for_timeout(500)
                recorded.export = list(sink)
        browser.close()
    return recorded


class Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.error_samples: list[str] = []

    def add(self, kind: str, seconds: float, ok: bool, detail: str = "") -> None:
        with self.lock:
            self.times[kind].append(seconds)
            if not ok:
                self.errors[kind] += 1
                if len(self.error_samples) < 20:
                    self.error_samples.append(f"{kind}: {detail}")


class Session:
    """One user's signed-in session: its cookies, and the CSRF token Dash's posts must carry."""

    def __init__(self, base: str, username: str) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        form = self.opener.open(f"{base}/login", timeout=60).read().decode()
        token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
        data = urllib.parse.urlencode({"username": username, "password": PASSWORD, "csrf_token": token}).encode()
        with self.opener.open(f"{base}/login", data=data, timeout=60) as answer:
            answer.read()
            if urllib.parse.urlparse(answer.geturl()).path == "/login":  # the form again: refused
                raise RuntimeError(f"{username} could not sign in")

    def csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == CSRF_COOKIE), "")


def send(base: str, request: Request, week: str, recorded_week: str, session: Session | None) -> tuple[bool, str]:
    body = request.body.replace(recorded_week.encode(), week.encode()) if request.body else None
    path = request.path.replace(recorded_week, week)
    headers = {"Content-Type": "application/json"} if body else {}
    if session is not None and request.method == "POST":
        headers["X-CSRFToken"] = session.csrf()
    opener = session.opener if session is not None else urllib.request.build_opener()
    try:
        with opener.open(
            urllib.request.Request(base + path, data=body, headers=headers, method=request.method), timeout=60
        ) as response:
            response.read()
            return 200 <= response.status < 300, str(response.status)
    except urllib.error.HTTPError as problem:
        return False, f"{problem.code} {path[:60]}"
    except OSError as problem:
        return False, f"{type(problem).__name__} {path[:60]}"


def user(base: str, recorded: Recorded, weeks: list[str], stats: Stats, until: float, seed: int) -> None:
    rng = random.Random(seed)
    started = time.perf_counter()
    try:
        session = Session(base, "load-district" if seed % 10 == 9 else "load-leader")
    except (OSError, RuntimeError, AttributeError) as problem:
        stats.add("sign-in", time.perf_counter() - started, False, str(problem)[:80])
        return
    stats.add("sign-in", time.perf_counter() - started, True)
    page = rng.choice(PAGES)
    while time.monotonic() < until:
        action = rng.choices(["page", "week", "drill", "export"], weights=[4, 3, 2, 1])[0]
        week = rng.choice(weeks)
        if action == "page":
            page = rng.choice(PAGES)
            requests = recorded.pages[page]
        elif action == "week":
            requests = [r for r in recorded.pages[page] if r.method == "POST"]
        else:
            requests = recorded.drill if action == "drill" else recorded.export
        for request in requests:
            kind = (
                action
                if action in ("drill", "export")
                else (
                    "document"
                    if request.method == "GET" and "_dash" not in request.path
                    else "callback"
                    if request.method == "POST"
                    else "layout"
                )
            )
            started = time.perf_counter()
            ok, detail = send(base, request, week, recorded.week, session)
            stats.add(kind, time.perf_counter() - started, ok, detail)
        time.sleep(rng.uniform(1.0, 3.0))  # think time


def worker_pids(master: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == master:
                pids.append(int(entry.name))
    return pids


def sample_workers(master: int, stop: threading.Event, samples: dict[int, list[tuple[float, float, float]]]) -> None:
    """(time, CPU seconds, RSS MB) of each worker, every second."""
    tick, page = os.sysconf("SC_CLK_TCK"), os.sysconf("SC_PAGE_SIZE")
    while not stop.is_set():
        for pid in worker_pids(master):
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                rss = int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * page / 1048576
            except OSError:
                continue
            samples.setdefault(pid, []).append((time.monotonic(), (int(fields[11]) + int(fields[12])) / tick, rss))
        stop.wait(1.0)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def main() -> None:  # noqa: PLR0915 - one linear script: setup, record, run, report
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (make run: 3)")
    parser.add_argument("--first-week", default="2025-W01")
    parser.add_argument("--last-week", default="2025-W20")
    args = parser.parse_args()
    import psycopg

    from cockpit import users
    from cockpit.config import default_config
    from cockpit.db import dispose_all, get_engine, transaction
    from cockpit.schema import upgrade
    from cockpit.weeks import parse_week, week_range
    from etl.demo import generate_demo
    from etl.jobs import load_many

    shutil.rmtree(RUN_DIR, ignore_errors=True)
    RUN_DIR.mkdir(parents=True)
    name = f"cockpit_load_{secrets.token_hex(4)}"
    db_url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    redis_port, port = free_port(), free_port()
    redis = subprocess.Popen(
        ["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    with psycopg.connect(PG_ADMIN, autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}")
    env = {
        **os.environ,
        "COCKPIT_DB_URL": db_url,
        "COCKPIT_CACHE_URL": f"redis://127.0.0.1:{redis_port}/0",
        "COCKPIT_INSTANCE_DIR": str(RUN_DIR / "instance"),
        "PYTHONPATH": str(ROOT),
    }
    server = None
    try:
        config = default_config()
        files = generate_demo(
            RUN_DIR / "workbooks", config=config, first_week=args.first_week, last_week=args.last_week
        )
        last = [f for f in files if args.last_week in f.name]
        batch = RUN_DIR / "batch"
        batch.mkdir()
        for path in last:
            path.rename(batch / path.name)
        engine = get_engine(db_url)
        upgrade(engine)
        results = load_many(
            engine, [f for f in files if f.exists()], config=config, archive_dir=RUN_DIR / "instance" / "archive"
        )
        assert all(r.accepted for r in results), [r.errors for r in results if not r.accepted][:2]
        with transaction(engine) as session:
            for username, (role, unit) in ACCOUNTS.items():
                users.add_user(session, config, username=username, role=role, password=PASSWORD, unit_code=unit)
        dispose_all()
        print(f"setup: {len(results)} demo workbooks loaded, {len(last)} kept for the batch", file=sys.stderr)
        server = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "--workers", str(args.workers), "--bind", f"127.0.0.1:{port}", "app:server"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=(RUN_DIR / "gunicorn.log").open("w"),
        )
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while send(base, Request("GET", "/login"), "", "x", None)[0] is False:
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("gunicorn did not start; see bench/out/load/gunicorn.log")
            time.sleep(0.5)
        recorded = record(base, args.last_week)
        weeks = [str(w) for w in week_range(parse_week(args.first_week), parse_week(args.last_week))][:-1]
        recorded.week = _latest_week_in(recorded, weeks)
        stats, samples, stop = Stats(), {}, threading.Event()
        sampler = threading.Thread(target=sample_workers, args=(server.pid, stop, samples), daemon=True)
        sampler.start()
        started = time.monotonic()
        until = started + args.seconds
        users = [
            threading.Thread(target=user, args=(base, recorded, weeks, stats, until, n), daemon=True)
            for n in range(args.users)
        ]
        for thread in users:
            thread.start()
            time.sleep(0.05)  # users arrive over a few seconds
        time.sleep(max(0.0, started + args.seconds / 2 - time.monotonic()))
        batch_started = time.monotonic()
        loaded = subprocess.run(
            [PYTHON, "-m", "etl", "load", str(batch)], env=env, cwd=ROOT, capture_output=True, text=True
        )
        batch_s = time.monotonic() - batch_started
        for thread in users:
            thread.join()
        stop.set()
        sampler.join()
        elapsed = time.monotonic() - started
        report = {
            "git": git_state(),
            "machine": machine(),
            "users": args.users,
            "seconds": round(elapsed, 1),
            "workers": args.workers,
            "weeks": [args.first_week, args.last_week],
            "load_avg_end": os.getloadavg()[0],
            "batch": {
                "files": len(last),
                "exit": loaded.returncode,
                "wall_s": round(batch_s, 1),
                "at_s": round(batch_started - started, 1),
            },
            "kinds": {
                kind: {
                    "requests": len(times),
                    "errors": stats.errors.get(kind, 0),
                    "p50_ms": round(1000 * statistics.median(times), 1),
                    "p95_ms": round(1000 * percentile(times, 0.95), 1),
                    "p99_ms": round(1000 * percentile(times, 0.99), 1),
                }
                for kind, times in sorted(stats.times.items())
            },
            "error_samples": stats.error_samples,
            "workers_cpu_rss": {
                str(pid): {
                    "cpu_percent": round(100 * (rows[-1][1] - rows[0][1]) / max(rows[-1][0] - rows[0][0], 1e-9), 1),
                    "peak_rss_mb": round(max(r[2] for r in rows), 1),
                }
                for pid, rows in samples.items()
                if len(rows) > 1
            },
        }
        (OUT / "load-results.json").write_text(json.dumps(report, ensure_ascii=False, indent=2))
        print(json.dumps(report, ensure_ascii=False, indent=2))
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        redis.terminate()
        from cockpit.db import dispose_all

        dispose_all()
        with psycopg.connect(PG_ADMIN, autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _latest_week_in(recorded: Recorded, weeks: list[str]) -> str:
    """The week the recorded callbacks carry (the store's latest one)."""
    text = b" ".join(r.body or b"" for requests in recorded.pages.values() for r in requests).decode(errors="replace")
    found = sorted(set(re.findall(r"\d{4}-W\d{2}", text)) & set(weeks))
    return found[-1] if found else weeks[-1]


if __name__ == "__main__":
    main()
