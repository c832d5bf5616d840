"""A batch killed with SIGKILL takes its worker processes with it: none idles on holding the
archive's loading lock, so the next command can finish what the batch left (cockpit.pending)."""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

LOADER = """
import fcntl, os, sys, time
from concurrent.futures import ProcessPoolExecutor
from etl.isolated import batch_worker_start


def worker_pid(_):
    time.sleep(0.05)
    return os.getpid()


lock = open(sys.argv[1], "a+b")
fcntl.flock(lock, fcntl.LOCK_SH)  # as cockpit.pending.loading holds it during a batch
with ProcessPoolExecutor(2, initializer=batch_worker_start) as pool:
    print(*sorted(set(pool.map(worker_pid, range(8)))), flush=True)
    time.sleep(600)
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        return stat.read().rsplit(")", 1)[1].split()[0] != "Z"


def _lock_is_free(path: Path) -> bool:
    with open(path, "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True


def test_the_workers_of_a_killed_batch_die_and_release_the_loading_lock(tmp_path: Path) -> None:
    lock = tmp_path / ".loading.lock"
    loader = subprocess.Popen(
        [sys.executable, "-c", LOADER, str(lock)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    workers = [int(pid) for pid in loader.stdout.readline().split()]
    assert workers and loader.pid not in workers
    assert all(_alive(pid) for pid in workers) and not _lock_is_free(lock)

    os.kill(loader.pid, signal.SIGKILL)
    loader.wait(timeout=10)
    loader.stdout.close()
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert [pid for pid in workers if _alive(pid)] == []
    assert _lock_is_free(lock)
