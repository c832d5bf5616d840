"""The SQL baseline of the recomputation bench: the per-unit aggregates of every week's facts.

Two queries compute what `cockpit.facts.recompute_all` counts for each (week, unit): the
findings (found, rectified, overdue, amounts, supervision found/closed) and the ledger
(denominator, done, done inside the count indicator's window) of the unit's effective
submission (its latest current submission with report_week <= week), as of the week's Sunday.
The week list and the count windows come from the config (inputs, like the store's tables).

`run` executes them either in DuckDB, on copies of the store's tables (copying is setup and is
not timed: the sqlite scanner extension cannot be installed offline), or as plain SQL on the
store itself (SQLite or PostgreSQL). Only the two queries are timed. The figures are then
compared with the facts the store holds, so the baseline is known to compute the same thing.
`run(..., "product")` instead times the product's own aggregate queries alone (no comparison:
they are the queries the facts come from).
"""

from __future__ import annotations

import time
from pathlib import Path

from sqlalchemy import text

from cockpit import weeks
from cockpit.config import Config, load_config
from cockpit.db import get_engine
from cockpit.targets import milestone_in_force

EFFECTIVE = """
WITH eff_week AS (
    SELECT w.week, w.as_of, s.unit_code, MAX(s.report_week) AS report_week
    FROM bench_weeks w JOIN submission s ON s.report_week <= w.week AND s.superseded_at IS NULL
    GROUP BY w.week, w.as_of, s.unit_code
), eff AS (
    SELECT e.week, e.as_of, e.unit_code, s.id AS submission_id
    FROM eff_week e JOIN submission s
      ON s.unit_code = e.unit_code AND s.report_week = e.report_week AND s.superseded_at IS NULL
)
"""

RECTIFICATION = (
    EFFECTIVE
    + """
SELECT e.week, e.unit_code,
    SUM(CASE WHEN r.found_on <= e.as_of THEN 1 ELSE 0 END) AS found,
    SUM(CASE WHEN r.is_rectified AND r.rectified_on <= e.as_of THEN 1 ELSE 0 END) AS rectified,
    SUM(CASE WHEN r.found_on <= e.as_of AND r.due_on < e.as_of
              AND NOT (r.is_rectified AND r.rectified_on IS NOT NULL AND r.rectified_on <= e.as_of)
             THEN 1 ELSE 0 END) AS overdue,
    SUM(CASE WHEN r.found_on <= e.as_of THEN r.amount ELSE 0 END) AS amount_found,
    SUM(CASE WHEN r.is_rectified AND r.rectified_on <= e.as_of THEN r.amount ELSE 0 END) AS amount_rectified,
    SUM(CASE WHEN r.is_supervision AND r.found_on <= e.as_of THEN 1 ELSE 0 END) AS supervision_found,
    SUM(CASE WHEN r.is_supervision AND r.closed_on <= e.as_of THEN 1 ELSE 0 END) AS supervision_closed
FROM eff e JOIN rectification_row r ON r.submission_id = e.submission_id
GROUP BY e.week, e.unit_code
"""
)

LEDGER = (
    EFFECTIVE
    + """
SELECT e.week, e.unit_code, l.indicator_code,
    COUNT(*) AS denominator,
    SUM(CASE WHEN l.is_done AND l.done_on <= e.as_of THEN 1 ELSE 0 END) AS done,
    SUM(CASE WHEN l.is_done AND l.done_on <= e.as_of
              AND l.done_on >= wn.win_start AND l.done_on <= wn.win_end THEN 1 ELSE 0 END) AS done_in_window
FROM eff e JOIN ledger_row l ON l.submission_id = e.submission_id
LEFT JOIN bench_windows wn ON wn.week = e.week AND wn.indicator_code = l.indicator_code
GROUP BY e.week, e.unit_code, l.indicator_code
"""
)

RECT_FIELDS = (
    "found",
    "rectified",
    "overdue",
    "amount_found",
    "amount_rectified",
    "supervision_found",
    "supervision_closed",
)


def week_rows(store_conn, config: Config) -> tuple[list[tuple], list[tuple]]:  # noqa: ANN001
    """(week, as_of) of every week with facts, and (week, indicator, start, end) count windows."""
    low, high = store_conn.execute(
        text("SELECT MIN(report_week), MAX(report_week) FROM submission WHERE superseded_at IS NULL")
    ).one()
    all_weeks = list(weeks.week_range(low, high))
    rows = [(w, weeks.as_of(w)) for w in all_weeks]
    windows = []
    for week in all_weeks:
        milestone = config.milestones[milestone_in_force(config.milestones, weeks.as_of(week))]
        for indicator in config.indicators:
            if indicator.kind == "count":
                start, end = indicator.windows[milestone.code]
                windows.append((week, indicator.code, start, end))
    return rows, windows


def _time_queries(execute) -> tuple[float, list[tuple], list[tuple]]:  # noqa: ANN001
    started = time.perf_counter()
    rect = execute(RECTIFICATION)
    ledger = execute(LEDGER)
    return time.perf_counter() - started, rect, ledger


def in_duckdb(db_url: str, config: Config) -> tuple[float, list[tuple], list[tuple], dict]:
    """Copy the needed columns of the store into DuckDB (untimed), then time the queries."""
    import duckdb
    import pandas as pd

    engine = get_engine(db_url)
    copy_started = time.perf_counter()
    duck = duckdb.connect()
    with engine.connect() as conn:
        week_list, windows = week_rows(conn, config)
        tables = {
            "submission": "SELECT id, unit_code, report_week, superseded_at FROM submission",
            "rectification_row": "SELECT submission_id, amount, found_on, due_on, is_rectified, rectified_on, "
            "is_supervision, closed_on FROM rectification_row",
            "ledger_row": "SELECT submission_id, indicator_code, is_done, done_on FROM ledger_row",
        }
        frames = {name: pd.read_sql_query(text(sql), conn) for name, sql in tables.items()}
    casts = {
        "submission": "id, unit_code, report_week, superseded_at",
        "rectification_row": "submission_id, amount::BIGINT AS amount, found_on::DATE AS found_on, "
        "due_on::DATE AS due_on, is_rectified::BOOLEAN AS is_rectified, rectified_on::DATE AS rectified_on, "
        "is_supervision::BOOLEAN AS is_supervision, closed_on::DATE AS closed_on",
        "ledger_row": "submission_id, indicator_code, is_done::BOOLEAN AS is_done, done_on::DATE AS done_on",
    }
    for name, frame in frames.items():
        duck.register(f"df_{name}", frame)
        duck.execute(f"CREATE TABLE {name} AS SELECT {casts[name]} FROM df_{name}")
        duck.unregister(f"df_{name}")
    duck.execute("CREATE TABLE bench_weeks (week VARCHAR, as_of DATE)")
    duck.executemany("INSERT INTO bench_weeks VALUES (?, ?)", week_list)
    duck.execute("CREATE TABLE bench_windows (week VARCHAR, indicator_code VARCHAR, win_start DATE, win_end DATE)")
    if windows:
        duck.executemany("INSERT INTO bench_windows VALUES (?, ?, ?, ?)", windows)
    copy_s = time.perf_counter() - copy_started
    seconds, rect, ledger = _time_queries(lambda sql: duck.execute(sql).fetchall())
    return (
        seconds,
        rect,
        ledger,
        {"copy_untimed_s": copy_s, "duckdb_threads": duck.execute("SELECT current_setting('threads')").fetchone()[0]},
    )


def in_store(db_url: str, config: Config) -> tuple[float, list[tuple], list[tuple], dict]:
    """Temporary week/window tables (untimed), then the queries as plain SQL on the store."""
    engine = get_engine(db_url)
    with engine.connect() as conn:
        week_list, windows = week_rows(conn, config)
        date_type = "TEXT" if engine.dialect.name == "sqlite" else "DATE"
        conn.execute(text(f"CREATE TEMPORARY TABLE bench_weeks (week VARCHAR(8), as_of {date_type})"))
        conn.execute(
            text(
                f"CREATE TEMPORARY TABLE bench_windows (week VARCHAR(8), indicator_code VARCHAR(8), "
                f"win_start {date_type}, win_end {date_type})"
            )
        )
        iso = engine.dialect.name == "sqlite"
        conn.execute(
            text("INSERT INTO bench_weeks VALUES (:w, :a)"),
            [{"w": w, "a": a.isoformat() if iso else a} for w, a in week_list],
        )
        if windows:
            conn.execute(
                text("INSERT INTO bench_windows VALUES (:w, :i, :s, :e)"),
                [
                    {"w": w, "i": i, "s": s.isoformat() if iso else s, "e": e.isoformat() if iso else e}
                    for w, i, s, e in windows
                ],
            )
        seconds, rect, ledger = _time_queries(lambda sql: [tuple(r) for r in conn.execute(text(sql))])
        conn.rollback()
    return seconds, rect, ledger, {"dialect": engine.dialect.name}


def compare(db_url: str, config: Config, rect: list[tuple], ledger: list[tuple]) -> dict:
    """Do the baseline's figures equal the facts in the store? (zero rows are left out of both)"""
    engine = get_engine(db_url)
    count_codes = {i.code for i in config.indicators if i.kind == "count"}
    with engine.connect() as conn:
        stored_rect = {
            (r[0], r[1]): tuple(int(v) for v in r[2:])
            for r in conn.execute(
                text(
                    f"SELECT week, unit_code, {', '.join(RECT_FIELDS)} FROM rectification_fact WHERE unit_code <> 'ALL'"
                )
            )
        }
        stored_ledger = {
            (w, u, c): (int(n), int(d or 0)) if c not in count_codes else (int(n), 0)
            for w, u, c, n, d in conn.execute(
                text(
                    "SELECT week, unit_code, indicator_code, numerator, denominator FROM indicator_fact "
                    "WHERE unit_code <> 'ALL'"
                )
            )
        }
    base_rect = {(r[0], r[1]): tuple(int(v) for v in r[2:]) for r in rect}
    base_ledger = {
        (w, u, c): (int(win), 0) if c in count_codes else (int(done), int(den)) for w, u, c, den, done, win in ledger
    }

    def nonzero(d: dict) -> dict:
        return {k: v for k, v in d.items() if any(v)}

    same_rect = nonzero(stored_rect) == nonzero(base_rect)
    same_ledger = nonzero(stored_ledger) == nonzero(base_ledger)
    return {
        "matches_facts": same_rect and same_ledger,
        "rect_groups": len(base_rect),
        "ledger_groups": len(base_ledger),
    }


def in_product(db_url: str, config: Config) -> dict:
    """The product's own aggregate queries (`cockpit.facts.aggregate_run`, every set-based read of
    the recomputation), timed alone over the runs of weeks `recompute_all` makes, on the
    SubmissionFact rows the recomputation stored: the recomputation's floor as issue 8 asks."""
    from sqlalchemy.orm import Session

    from cockpit import facts

    engine = get_engine(db_url)
    with Session(engine) as session:
        bounds = facts.week_bounds(session)
        todo = list(weeks.week_range(*bounds)) if bounds else []
        started = time.perf_counter()
        done = [facts.aggregate_run(session, config, run) for run in facts.runs(todo, config)]
        seconds = time.perf_counter() - started
    return {"section_s": seconds, "runs": len(done), "weeks": len(todo)}


def run(db_url: str, config_dir: Path, engine_kind: str) -> dict:
    config = load_config(config_dir)
    if engine_kind == "product":
        return in_product(db_url, config)
    compute = in_duckdb if engine_kind == "duckdb" else in_store
    seconds, rect, ledger, extra = compute(db_url, config)
    return {"section_s": seconds, **extra, **compare(db_url, config, rect, ledger)}
