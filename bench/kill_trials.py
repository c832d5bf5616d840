"""Kill trials: loads killed with SIGKILL at random points, and what the next run makes of them.

For each database (a fresh SQLite file; a PostgreSQL database created and dropped here unless
`--no-pg`), `--trials` times: the store is reset to one seeded submission, a child process loads
a workbook of `--rows` findings through `etl.load.load_path` (with `--batch`: through
`etl.jobs.load_many`, as `python -m etl load` does, reading in its worker processes and, on
SQLite, staging the findings) and is killed with SIGKILL at a random point. The child reports
the phase it enters on stdout (reading, validating, [staging,] writing, archiving, committing,
recomputing). Trial i kills in phase i mod (number of phases), after a delay drawn uniformly
from that phase's length in an unkilled load (measured first): random points, spread over every
phase even though committing and archiving last milliseconds. Only the loader's own process is
killed; the trial then waits until every process it started is gone (its worker processes must
die with it) and, as the next run would:

1. `cockpit.pending.recover` (what every ETL command does first and the web's first read does);
2. the store must equal the state before the file or after the whole file (compared without ids
   and clocks, `tests/store_content.py`), with no FactDirty left, no archived file that no
   submission knows and no staging folder;
3. the same file is loaded again and must be accepted, leaving the store as after the file.

A trial is sound when all three hold. Results go to bench/out/kill-trials-<file|batch>.json.

    python bench/kill_trials.py [--trials 20] [--rows 10000] [--no-pg] [--seed 1] [--batch]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import secrets
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if sys.path[0] == str(Path(__file__).resolve().parent):
    sys.path[0] = str(ROOT)  # `python bench/kill_trials.py`: import the project, not bench/
sys.path.insert(1, str(ROOT / "tests"))

from bench.harness import OUT, PYTHON, git_state, machine  # noqa: E402

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
RUN_DIR = OUT / "kill-trials"

CHILD = """
import os, sys
from pathlib import Path
from sqlalchemy import event
from sqlalchemy.orm import Session

import etl.jobs, etl.load, etl.reader, etl.staging, etl.validate
from cockpit import pending
from cockpit.config import default_config
from cockpit.db import get_engine


said = []


def say(phase):
    said.append(phase)
    os.write(1, f"{phase}\\n".encode())


def announcing(phase, function):
    def wrapped(*args, **kwargs):
        say(phase)
        return function(*args, **kwargs)
    return wrapped


etl.load.read_workbook = announcing("reading", etl.reader.read_workbook)
etl.load.validate = announcing("validating", etl.validate.validate)
etl.load._store = announcing("writing", etl.load._store)
etl.load.archive = announcing("archiving", etl.load.archive)
etl.staging.stage = announcing("staging", etl.staging.stage)
etl.load.pending = type("P", (), {"loading": pending.loading, "finish": announcing("recomputing", pending.finish)})
engine = get_engine(os.environ["COCKPIT_DB_URL"])
event.listen(Session, "before_commit", lambda session: say("committing facts" if "recomputing" in said else "committing"))
say("started")
if sys.argv[3] == "batch":
    [result] = etl.jobs.load_many(engine, [Path(sys.argv[1])], config=default_config(), archive_dir=Path(sys.argv[2]))
else:
    result = etl.load.load_path(engine, Path(sys.argv[1]), config=default_config(), archive_dir=Path(sys.argv[2]))
say("finished" if result.accepted else "rejected")
"""


def trial_env(db_url: str) -> dict[str, str]:
    return {**os.environ, "COCKPIT_DB_URL": db_url, "PYTHONPATH": str(ROOT)}


PHASES = ("reading", "validating", "staging", "writing", "archiving", "committing", "recomputing")
OUTLIVE_S = 10.0  # how long the loader's worker processes may take to die after it


def run_child(
    db_url: str, workbook: Path, archive: Path, kill: tuple[str, float] | None, mode: str
) -> tuple[list[tuple[str, float]], bool]:
    """The load in a child, with the time each phase began (s after "started"); with `kill` =
    (phase, delay) it is killed `delay` s after entering that phase. Also whether every process
    the child started was gone within OUTLIVE_S of it."""
    child = subprocess.Popen(
        [PYTHON, "-c", CHILD, str(workbook), str(archive), mode],
        env=trial_env(db_url),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        start_new_session=True,
    )
    phases: list[tuple[str, float]] = []
    started = None
    gone = None
    for line in child.stdout:
        now = time.perf_counter()
        started = started or now
        phases.append((line.decode().strip(), now - started))
        if kill and phases[-1][0] == kill[0]:
            time.sleep(kill[1])  # the random point inside the phase
            os.kill(child.pid, signal.SIGKILL)
            child.wait()  # reaped, so that only the processes it started can hold the group
            gone = _group_gone(child.pid)  # before reading on: live workers would keep stdout open
            break
    rest, errors = child.communicate(timeout=600)
    phases += [(line, float("nan")) for line in rest.decode().splitlines()]
    if kill is None and child.returncode != 0:
        raise RuntimeError(errors.decode()[-2000:])
    return phases, _group_gone(child.pid) if gone is None else gone


def _group_gone(group: int) -> bool:
    """Wait until no process of the child's session is left (or OUTLIVE_S has passed)."""
    deadline = time.monotonic() + OUTLIVE_S
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.01)
    os.killpg(group, signal.SIGKILL)  # the next trial must not meet them
    return False


def durations(phases: list[tuple[str, float]]) -> dict[str, float]:
    """How long each phase of an unkilled load lasted."""
    return {name: later - at for (name, at), (_, later) in itertools.pairwise(phases) if name in PHASES}


def reset(engine, config, seed: Path, archive: Path) -> None:  # noqa: ANN001
    from conftest import empty_store

    from etl.load import load_path

    empty_store(engine)
    shutil.rmtree(archive, ignore_errors=True)
    archive.mkdir(parents=True)
    assert load_path(engine, seed, config=config, archive_dir=archive).accepted


def trials_on(
    label: str, db_url: str, *, trials: int, workbook: Path, seed: Path, rng: random.Random, mode: str
) -> dict:
    from sqlalchemy import func, select
    from store_content import content, unknown_archive_files

    from cockpit import pending
    from cockpit.config import default_config
    from cockpit.db import get_engine
    from cockpit.models import FactDirty
    from cockpit.schema import upgrade
    from etl.load import load_path

    engine, config, archive = get_engine(db_url), default_config(), RUN_DIR / label / "archive"
    upgrade(engine)
    reset(engine, config, seed, archive)
    before = content(engine)
    phases, _ = run_child(db_url, workbook, archive, None, mode)
    after = content(engine)
    lasted = durations(phases)
    killable = [phase for phase in PHASES if phase in lasted]
    print(f"{label}: an unkilled load, phases (s): {json.dumps(lasted)}", file=sys.stderr)
    rows = []
    for number in range(1, trials + 1):
        reset(engine, config, seed, archive)
        phase = killable[(number - 1) % len(killable)]
        delay = rng.uniform(0, lasted[phase])
        seen, workers_gone = run_child(db_url, workbook, archive, (phase, delay), mode)
        with engine.connect() as connection:
            marks = connection.scalar(select(func.count()).select_from(FactDirty))
        orphans = unknown_archive_files(engine, archive)
        pending.recover(engine, config, archive)
        state = content(engine)
        with engine.connect() as connection:
            left = connection.scalar(select(func.count()).select_from(FactDirty))
        staging_left = list(archive.glob(f"{pending.STAGING_PREFIX}*"))
        whole_or_none = (
            state in (before, after) and left == 0 and not unknown_archive_files(engine, archive) and not staging_left
        )
        again = load_path(engine, workbook, config=config, archive_dir=archive)
        sound = workers_gone and whole_or_none and again.accepted and content(engine) == after
        row = {
            "trial": number,
            "kill_after_s": round(delay, 3),
            "phase": phase,
            "after_kill_reported": [name for name, _ in seen if name not in PHASES and name != "started"],
            "state": "after" if state == after else "before" if state == before else "other",
            "marks_left_by_kill": marks,
            "orphans_left_by_kill": len(orphans),
            "processes_gone": workers_gone,
            "staging_left_after_recovery": len(staging_left),
            "next_load": "unchanged" if again.unchanged else "accepted" if again.accepted else "rejected",
            "sound": sound,
        }
        rows.append(row)
        print(f"  {label} #{number:2d} {json.dumps(row, ensure_ascii=False)}", file=sys.stderr, flush=True)
    engine.dispose()
    return {
        "db": label,
        "mode": mode,
        "unkilled_phases_s": {k: round(v, 3) for k, v in lasted.items()},
        "sound": sum(r["sound"] for r in rows),
        "trials": trials,
        "phases": dict(Counter(r["phase"] for r in rows)),
        "finished_by_recovery": sum(r["marks_left_by_kill"] > 0 for r in rows),
        "orphans_cleaned": sum(r["orphans_left_by_kill"] > 0 for r in rows),
        "load_avg": os.getloadavg()[0],
        "rows": rows,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-pg", action="store_true")
    parser.add_argument("--batch", action="store_true", help="load through etl.jobs.load_many")
    args = parser.parse_args()
    mode = "batch" if args.batch else "file"
    from workbooks import filler, many_findings, write

    shutil.rmtree(RUN_DIR, ignore_errors=True)
    files = RUN_DIR / "files"
    files.mkdir(parents=True)
    # the batch's workbook is cleared column-wise (and so staged on SQLite); the single file's is
    # checked row by row
    workbook = many_findings(files, "330105", "2024-W10", args.rows, amount=1.5 if args.batch else "1.5")
    seed = write(files, "330102", "2024-W10", ledger=filler("330102"))
    rng = random.Random(args.seed)
    started = {"git": git_state(), "machine": machine(), "load_avg_start": os.getloadavg()[0]}
    results = [
        trials_on(
            "sqlite",
            f"sqlite:///{RUN_DIR / 'sqlite' / 'cockpit.db'}",
            trials=args.trials,
            workbook=workbook,
            seed=seed,
            rng=rng,
            mode=mode,
        )
    ]
    if not args.no_pg:
        results.append(_on_postgresql(args.trials, workbook, seed, rng, mode))
    summary = {**started, "rows": args.rows, "mode": mode, "results": results}
    (OUT / f"kill-trials-{mode}.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2, default=str))
    for result in results:
        print(
            f"{result['db']} ({mode}): {result['sound']}/{result['trials']} sound; kills by phase {result['phases']}; "
            f"{result['finished_by_recovery']} left marks and {result['orphans_cleaned']} left archive files, "
            f"all finished by the next run (load avg {result['load_avg']:.1f})"
        )


def _on_postgresql(trials: int, workbook: Path, seed: Path, rng: random.Random, mode: str) -> dict:
    import psycopg

    name = f"cockpit_kill_{secrets.token_hex(4)}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}")
    try:
        return trials_on(
            "postgresql",
            f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}",
            trials=trials,
            workbook=workbook,
            seed=seed,
            rng=rng,
            mode=mode,
        )
    finally:
        from cockpit.db import dispose_all

        dispose_all()
        with psycopg.connect(PG_ADMIN, autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


if __name__ == "__main__":
    main()
