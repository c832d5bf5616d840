"""A load killed inside its transaction leaves the store exactly as it was (SQLite and PostgreSQL);
one killed after committing its rows is finished by whoever comes next.

The first child process signals on a pipe right after the load's first INSERT and carries on;
the test kills it with SIGKILL the moment the signal arrives, while 30,000 findings are still
being written. The others stop at a chosen point (writing, archived, committed, recomputing)
and wait there for the SIGKILL; then the next ETL command must leave the store as before the
file or as after all of it, with no archived file the store does not know.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select
from store_content import content, unknown_archive_files
from workbooks import filler, many_findings, write

from cockpit.cache import init_cache
from cockpit.models import FactDirty, RectificationRow, Submission
from cockpit.settings import Settings
from cockpit.store import CONFIG_KEY, SETTINGS_KEY
from tests.conftest import empty_store

FINDINGS = 30_000

DRIVER = textwrap.dedent(
    """
    import os
    import sys
    from pathlib import Path

    from sqlalchemy import event

    from cockpit.config import default_config
    from cockpit.db import get_engine
    from etl.load import load_path

    engine = get_engine(os.environ["COCKPIT_DB_URL"])
    signalled = []


    @event.listens_for(engine, "after_cursor_execute")
    def inside_the_transaction(conn, cursor, statement, parameters, context, executemany):
        if not signalled and statement.lstrip().upper().startswith("INSERT"):
            signalled.append(statement)
            os.write(1, b"inserted\\n")  # then carry on loading


    result = load_path(
        engine, Path(sys.argv[1]), config=default_config(), archive_dir=Path(os.environ["COCKPIT_ARCHIVE_DIR"])
    )
    os.write(1, f"finished {result.accepted}\\n".encode())
    """
)


@pytest.fixture(scope="session")
def big_workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return many_findings(tmp_path_factory.mktemp("big"), "330105", "2024-W10", FINDINGS)


def test_killed_load_changes_nothing_and_the_next_load_succeeds(store, tmp_path: Path, big_workbook: Path) -> None:  # noqa: ANN001
    assert store.load(write(tmp_path, "330102", "2024-W10", ledger=filler("330102"))).accepted
    before = store.checksum()
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER, encoding="utf-8")
    child = subprocess.Popen(
        [sys.executable, str(driver), str(big_workbook)],
        env=store.env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        line = child.stdout.readline()
        assert line == b"inserted\n", child.stderr.read().decode()
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=60)
        rest, errors = child.stdout.read(), child.stderr.read()
        child.stdout.close()
        child.stderr.close()
    assert child.returncode == -signal.SIGKILL
    assert b"finished" not in rest, errors.decode()

    assert store.checksum() == before
    assert store.count(Submission) == 1

    again = store.load(big_workbook)
    assert again.accepted and not again.unchanged
    with store.session() as session:
        stored = session.scalar(
            select(func.count())
            .select_from(RectificationRow)
            .where(RectificationRow.submission_id == again.submission_id)
        )
    assert stored == FINDINGS
    row = store.row("rectification", "2024-W10", "330105")
    # 30,000 open findings of 1.5 万元 each, found 2024-01-02, due 2024-12-31.
    assert (row["found"], row["rectified"], row["overdue"], row["amount_found_wan"]) == (FINDINGS, 0, 0, "45000")


def test_marks_left_by_a_crash_between_load_and_refresh_are_finished_next_time(store, tmp_path: Path) -> None:  # noqa: ANN001
    # A load commits its rows and the dirty-week marks; a crash before the refresh transaction
    # (simulated by refresh=False) leaves the facts stale until the next load refreshes them.
    first = store.load(write(tmp_path, "330102", "2024-W10", ledger=filler("330102")), refresh=False)
    assert first.accepted
    assert store.count(FactDirty) == 1
    assert store.export("submissions", "2024-W10") == []
    assert store.load(write(tmp_path, "330105", "2024-W12", ledger=filler("330105"))).accepted
    assert store.count(FactDirty) == 0
    assert [r["effective_week"] for r in store.export("submissions", "2024-W11") if r["unit_code"] == "330102"] == [
        "2024-W10"
    ]
    facts = store.facts()
    assert [w for w, *_ in facts["fact_week"]] == ["2024-W10", "2024-W11", "2024-W12"]
    store.rebuild()
    assert store.facts() == facts


# ---- loads killed at chosen points, and what the next run makes of them ---------------------------

# The child loads one file and, at the chosen point, says so on stdout and waits to be killed.
STOP_DRIVER = textwrap.dedent(
    """
    import os
    import sys
    from pathlib import Path

    from sqlalchemy import event
    from sqlalchemy.orm import Session

    import etl.load
    from cockpit.config import default_config
    from cockpit.db import get_engine

    point = sys.argv[2]
    engine = get_engine(os.environ["COCKPIT_DB_URL"])


    def stop(where):
        os.write(1, f"at {where}\\n".encode())
        sys.stdin.read()  # the parent never writes: this is where SIGKILL finds the load


    if point == "archived":
        archive = etl.load.archive

        def archived(*args, **kwargs):
            path = archive(*args, **kwargs)
            stop(point)
            return path

        etl.load.archive = archived
    if point == "committed":
        event.listen(Session, "after_commit", lambda session: stop(point))
    if point in ("writing", "recomputing"):
        seen = []

        @event.listens_for(engine, "after_cursor_execute")
        def executed(conn, cursor, statement, parameters, context, executemany):
            # writing: the load's first INSERT; recomputing: facts of a week already deleted
            # inside the recomputation's transaction (its second DELETE ... week BETWEEN).
            seen.append(statement.startswith("INSERT") if point == "writing" else "week BETWEEN" in statement)
            if seen.count(True) == (1 if point == "writing" else 2):
                stop(point)

    result = etl.load.load_path(
        engine, Path(sys.argv[1]), config=default_config(), archive_dir=Path(os.environ["COCKPIT_ARCHIVE_DIR"])
    )
    os.write(1, f"finished {result.accepted}\\n".encode())
    """
)


def killed_at(store, tmp_path: Path, path: Path, point: str) -> None:  # noqa: ANN001
    driver = tmp_path / "stop_driver.py"
    driver.write_text(STOP_DRIVER, encoding="utf-8")
    child = subprocess.Popen(
        [sys.executable, str(driver), str(path), point],
        env=store.env(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        line = child.stdout.readline()
        assert line == f"at {point}\n".encode(), child.stderr.read().decode()
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=60)
        for stream in (child.stdin, child.stdout, child.stderr):
            stream.close()
    assert child.returncode == -signal.SIGKILL


@pytest.mark.parametrize("point", ["writing", "archived", "committed", "recomputing"])
def test_a_load_killed_anywhere_is_finished_or_undone_by_the_next_command(store, tmp_path: Path, point: str) -> None:  # noqa: ANN001
    seed = write(tmp_path, "330102", "2024-W10", ledger=filler("330102"))
    path = many_findings(tmp_path, "330105", "2024-W10", 200)
    assert store.load(seed).accepted and store.load(path).accepted
    after = content(store.engine)
    empty_store(store.engine)
    shutil.rmtree(store.archive_dir)
    assert store.load(seed).accepted
    before = content(store.engine)

    killed_at(store, tmp_path, path, point)
    # Any ETL command first finishes what a killed load left (here: an export, which loads nothing).
    done = subprocess.run(
        [sys.executable, "-m", "etl", "export", "--what", "submissions", "--week", "2024-W10"],
        env=store.env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    now = content(store.engine)
    assert now in (before, after)
    assert now == (after if point in ("committed", "recomputing") else before)
    assert store.count(FactDirty) == 0
    assert unknown_archive_files(store.engine, store.archive_dir) == []
    again = store.load(path)
    assert again.accepted and again.unchanged == (now == after)
    assert content(store.engine) == after


def test_pages_say_the_figures_are_updating_until_the_first_read_has_finished_them(
    store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,  # noqa: ANN001
) -> None:
    from callbacks import shell

    assert store.load(write(tmp_path, "330102", "2024-W10", ledger=filler("330102"))).accepted
    assert store.load(write(tmp_path, "330105", "2024-W11", ledger=filler("330105")), refresh=False).accepted
    monkeypatch.setenv("COCKPIT_ARCHIVE_DIR", str(store.archive_dir))
    server = Flask(__name__)
    server.config[SETTINGS_KEY] = Settings(db_url=store.url, instance_dir=tmp_path / "instance")
    server.config[CONFIG_KEY] = store.config
    init_cache(server, server.config[SETTINGS_KEY])

    with server.test_request_context():
        week, _, _, _, alert = shell.resolve_week(None)
    assert week == "2024-W10"  # the facts do not know 2024-W11 yet
    assert "指标正在更新" in str(alert.children)
    deadline = time.monotonic() + 60
    while store.count(FactDirty) and time.monotonic() < deadline:
        time.sleep(0.05)  # polling the background recomputation, not waiting for a fixed time
    assert store.count(FactDirty) == 0
    with server.test_request_context():
        week, _, _, _, alert = shell.resolve_week(None)
    assert (week, alert) == ("2024-W11", None)
