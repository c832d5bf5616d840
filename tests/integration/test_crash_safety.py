"""A load killed inside its transaction leaves the store exactly as it was (SQLite and PostgreSQL).

The child process signals on a pipe right after the load's first INSERT and carries on; the test
kills it with SIGKILL the moment the signal arrives, while 30,000 findings are still being written.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import func, select
from workbooks import filler, many_findings, write

from cockpit.models import FactDirty, RectificationRow, Submission

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
