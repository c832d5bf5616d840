"""Reading a workbook in a child process, so that no file can take the caller down with it.

The reader bounds what it will read before parsing (etl.bounds), but the parser is native code:
should some shape of file still make it abort or exhaust memory, only the child dies. The
child's address space is capped (RLIMIT_AS) and it gets a deadline; either way the caller gets a
Chinese rejection, as for any other unreadable file. The web upload calls `load_bytes`; the
CLI's batch reads in worker processes under the same cap (`batch_worker_start`). Children and
workers die with the process that started them (`die_with_parent`).

Children come from a fork server by default (a clean process, so a web worker's threads and
open connections are never copied into them); a single-threaded caller may pass "fork".
"""

from __future__ import annotations

import ctypes
import datetime as dt
import hashlib
import multiprocessing
import os
import resource
import signal
import sys
from multiprocessing.connection import Connection
from pathlib import Path

from sqlalchemy import Engine

from cockpit.config import Config
from etl.issues import error
from etl.load import Checked, LoadResult, check_bytes, check_path, store_checked

MEMORY_BUDGET_BYTES = 2 * 1024**3  # above what the child holds when it starts
TIMEOUT_S = 120.0
_PRELOAD = ["etl.load"]


def limit_memory(budget: int = MEMORY_BUDGET_BYTES) -> None:
    """Cap this process's address space at what it maps now plus `budget`."""
    with open("/proc/self/statm", encoding="ascii") as statm:
        mapped = int(statm.read().split()[0]) * resource.getpagesize()
    resource.setrlimit(resource.RLIMIT_AS, (mapped + budget, resource.RLIM_INFINITY))


_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent() -> None:
    """Have the kernel kill this process when its parent dies (Linux; elsewhere nothing).

    A child forked while its loader held the archive's loading lock shares that lock: should it
    outlive a killed loader, every later command would take the loader for alive and leave its
    marks and files alone (cockpit.pending), and the child would idle on for good."""
    if not sys.platform.startswith("linux"):
        return
    parent = os.getppid()
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def batch_worker_start() -> None:
    """The batch's worker processes: capped memory, and gone with their loader."""
    die_with_parent()
    limit_memory()


def check_isolated(
    data: bytes,
    *,
    file_name: str,
    source: str,
    config: Config,
    today: dt.date,
    budget: int = MEMORY_BUDGET_BYTES,
    timeout_s: float = TIMEOUT_S,
    method: str = "forkserver",
) -> Checked:
    """`etl.load.check_bytes` in a child process with a memory cap and a deadline."""
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload(_PRELOAD)
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(
        target=_check_child, args=(sender, data, file_name, source, config, today, budget), daemon=True
    )
    child.start()
    sender.close()
    try:
        checked = receiver.recv() if receiver.poll(timeout_s) else None
        timed_out = checked is None
    except (EOFError, OSError):
        checked, timed_out = None, False
    finally:
        receiver.close()
    if checked is None:
        child.kill()
    child.join()
    if checked is not None:
        return checked
    started = dt.datetime.now()
    if timed_out:
        reason = f"读取文件超时(超过 {timeout_s:.0f} 秒),文件可能结构异常,已拒绝"
    elif child.exitcode == -signal.SIGKILL:
        reason = "读取文件所需内存超过上限,文件可能含有异常庞大的表格,已拒绝"
    else:
        reason = f"读取文件时解析程序异常终止(退出码 {child.exitcode}),文件可能已损坏或结构异常,已拒绝"
    return Checked(source, file_name, started, data, hashlib.sha256(data).hexdigest(), issues=[error(reason)])


def _check_child(
    sender: Connection, data: bytes, file_name: str, source: str, config: Config, today: dt.date, budget: int
) -> None:
    die_with_parent()
    limit_memory(budget)
    try:
        checked = check_bytes(data, file_name=file_name, source=source, config=config, today=today)
    except MemoryError:
        checked = Checked(
            source,
            file_name,
            dt.datetime.now(),
            issues=[error("读取文件所需内存超过上限,文件可能含有异常庞大的表格,已拒绝")],
        )
    checked.data = None  # the parent holds the bytes already
    sender.send(checked)
    sender.close()


def load_bytes(
    engine: Engine,
    data: bytes,
    *,
    file_name: str,
    config: Config,
    archive_dir: Path,
    today: dt.date | None = None,
    refresh: bool = True,
    method: str = "forkserver",
) -> LoadResult:
    """`etl.load.load_bytes`, with the reading and validating done in an isolated child."""
    checked = check_isolated(
        data, file_name=file_name, source=file_name, config=config, today=today or dt.date.today(), method=method
    )
    checked.data = data
    return store_checked(engine, checked, config=config, archive_dir=archive_dir, refresh=refresh)


def check_path_isolated(path: Path, *, config: Config, today: dt.date, method: str = "fork") -> Checked:
    """`etl.load.check_path` with the parsing isolated (files that cannot be opened need no child)."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        return check_path(Path(path), config=config, today=today)
    checked = check_isolated(
        data, file_name=Path(path).name, source=str(path), config=config, today=today, method=method
    )
    checked.data = data
    return checked
