"""Shared measuring helpers of the benches: one case = one child process.

Every timed case runs as its own Python subprocess. The parent measures the whole process (wall
time from spawn to exit, peak RSS from `os.wait4`'s rusage of exactly that child), and the child
may print one JSON object on its last stdout line with in-process figures (e.g. the time of the
one section a baseline is about). Ratios are always taken between cases of the same run.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PYTHON = sys.executable


@dataclass
class CaseResult:
    name: str
    wall_s: float
    peak_rss_mb: float  # the largest single process of the case (wait4's ru_maxrss)
    returncode: int
    cpu_s: float = 0.0  # user + system CPU of the child and its reaped workers
    load_avg: float = 0.0  # the machine's 1-minute load average when the case ended
    report: dict = field(default_factory=dict)
    stderr_tail: str = ""
    tree_peak_rss_mb: float = 0.0  # the child and its workers together (sampled at 10 Hz)

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def run_case(name: str, argv: list[str], env: dict[str, str] | None = None, timeout_s: float = 3600) -> CaseResult:
    """Run `argv` as a child; whole-process wall time, its peak RSS and CPU, its JSON report."""
    child_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err, env=child_env, cwd=ROOT)
        status, usage, tree_peak_kb = _wait(proc, started + timeout_s)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    result = CaseResult(
        name,
        wall,
        usage.ru_maxrss / 1024,
        proc.returncode,
        cpu_s=usage.ru_utime + usage.ru_stime,
        load_avg=os.getloadavg()[0],
        report=_last_json(stdout),
        stderr_tail=stderr[-2000:],
    )
    result.tree_peak_rss_mb = max(tree_peak_kb / 1024, result.peak_rss_mb)
    status_text = "ok" if result.ok else f"FAILED rc={result.returncode}"
    print(
        f"  {name:<44} {wall:8.2f} s wall {result.cpu_s:8.2f} s cpu {result.peak_rss_mb:6.0f} MB "
        f"(tree {result.tree_peak_rss_mb:.0f} MB)  {status_text}  (load avg {result.load_avg:.1f})",
        file=sys.stderr,
        flush=True,
    )
    if not result.ok:
        print(result.stderr_tail, file=sys.stderr)
    return result


def _wait(proc: subprocess.Popen, deadline: float) -> tuple[int, object, int]:
    """wait4 the child (its own rusage, workers included); sample the tree's RSS meanwhile."""
    tree_peak_kb, next_sample = 0, time.perf_counter()
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            return status, usage, tree_peak_kb
        if time.perf_counter() > deadline:
            proc.kill()
            _, status, usage = os.wait4(proc.pid, 0)
            return status, usage, tree_peak_kb
        if time.perf_counter() >= next_sample:
            tree_peak_kb, next_sample = max(tree_peak_kb, tree_rss_kb(proc.pid)), next_sample + 0.1
        time.sleep(0.005)


def tree_rss_kb(root: int) -> int:
    """Resident set of `root` and all its descendants, in KB (from /proc)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    page_kb = os.sysconf("SC_PAGE_SIZE") // 1024
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            fields = stat[stat.rindex(")") + 2 :].split()
            parents[int(entry.name)] = int(fields[1])
            rss[int(entry.name)] = int(fields[21]) * page_kb
        except (OSError, ValueError, IndexError):
            continue
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in tree]
        tree.update(children)
        frontier += children
    return sum(rss.get(pid, 0) for pid in tree)


CODE_PATHS = ("etl", "cockpit", "app.py", "callbacks", "pages", "assets", "config")


def git_state() -> str:
    """The last commit that changed the code under test, and whether it has local changes."""
    try:
        last = subprocess.run(
            ["git", "log", "-1", "--format=%h", "--", *CODE_PATHS], cwd=ROOT, capture_output=True, text=True
        )
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", *CODE_PATHS], cwd=ROOT, capture_output=True, text=True
        )
    except OSError:
        return "unknown"
    return last.stdout.strip() + (" (with local changes)" if dirty.stdout.strip() else "")


def _last_json(stdout: str) -> dict:
    for line in reversed(stdout.strip().splitlines()):
        if line.startswith("{"):
            try:
                return json.loads(line)
            except json.JSONDecodeError:
                return {}
    return {}


def emit(report: dict) -> None:
    """A child's report: one JSON line on stdout, read by `run_case`."""
    print(json.dumps(report, default=str), flush=True)


def machine() -> dict[str, str]:
    """nproc, CPU model, RAM, OS and Python: what the README states beside the numbers."""
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem_kb = next(
        int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
    )
    return {
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "ram_gib": f"{mem_kb / 1048576:.1f}",
        "os": platform.platform(),
        "python": platform.python_version(),
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": git_state(),
    }


def save(name: str, payload: dict) -> Path:
    """Write a bench's results (machine + cases) as JSON under bench/out/."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}-results.json"
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False, default=_plain))
    return path


def _plain(value: object) -> object:
    if isinstance(value, CaseResult):
        return asdict(value)
    return str(value)


def ratio(a: float | None, b: float | None) -> float | None:
    return None if not a or not b else a / b
