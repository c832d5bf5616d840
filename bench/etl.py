"""ETL bench: loading and fact recomputation, each case timed as a whole process.

Cases (each one child process; wall time and peak RSS of that process, see bench/harness.py):

(a) demo history   - `load_many` of every demo workbook (generated once into bench/out/demo/)
                     into a fresh SQLite store; the raw read of the same files beside it.
(b) province week  - 100 units x 10,000 findings (bench/province.py) loaded into a fresh
                     store, against the baselines that only READ the same files: python-calamine
                     (open, `to_python` every sheet) and fastexcel (open, every sheet into an
                     Arrow record batch), each in one process and in two worker processes (as
                     load_many reads in two). The floor is the fastest read with the same number
                     of processes; aim: load <= 1.5x floor. The load reports how long its final
                     facts refresh took (`refresh_s`), so the part before it can be compared too.
(c) recomputation  - `cockpit.facts.recompute_all` in one transaction on the loaded store,
                     against the same per-unit aggregates (findings: found, rectified,
                     overdue, amounts, supervision closed; ledger: numerator/denominator per
                     unit x indicator) computed by one SQL query pair, in DuckDB (tables
                     copied from SQLite first - the sqlite scanner cannot be installed offline -
                     only the query is timed) and in plain SQL on the store itself. The baseline
                     also checks its figures equal the stored facts. Aim: recompute <= 2x SQL.

(d) write floor    - the findings the load stored, copied into a fresh store of the same schema
                     (indexes and foreign key included) by the database alone: INSERT … SELECT
                     from the loaded SQLite file attached (SQLite), COPY of their CSV
                     (PostgreSQL; the CSV made beforehand, untimed). What holding the rows costs
                     before anything is read or checked; the load is also reported against the
                     read floor plus this. The same rows into a bare table of the same columns
                     (no index, no key) are timed beside (`bare_table_s`): what the store's
                     indexes and foreign key cost.

(b), (c) and (d) also run on PostgreSQL (a database created and dropped by this script) unless
`--no-pg`. When an aim is missed, the missed case runs once more under cProfile and the top
functions go to bench/out/profile-<case>.txt (`--profile never` to skip).

    python bench/etl.py [--no-demo] [--no-province] [--no-pg] [--profile auto|always|never]
                        [--units 100] [--rows 10000]
"""

from __future__ import annotations

import argparse
import json
import secrets
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if sys.path[0] == str(Path(__file__).resolve().parent):
    sys.path[0] = str(ROOT)  # `python bench/etl.py`: `etl` must be the project's package

from bench.harness import OUT, PYTHON, CaseResult, emit, git_state, machine, ratio, run_case, save  # noqa: E402

DEMO_DIR = OUT / "demo"
RUN_DIR = OUT / "etl-run"
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
LOAD_AIM, RECOMPUTE_AIM = 1.5, 2.0  # issue 8: the load within 1.5x of the fastest read


# --------------------------------------------------------------------------- child cases


def case_read(files_list: str, reader: str = "calamine") -> None:
    """Baseline: open each workbook and read every sheet, as `reader` reads fastest (READERS)."""
    files = json.loads(Path(files_list).read_text())
    started = time.perf_counter()
    cells = sum(map(READERS[reader], files))
    emit({"section_s": time.perf_counter() - started, "files": len(files), "cells": cells})


def case_read_parallel(files_list: str, processes: str, reader: str = "calamine") -> None:
    """The same raw read spread over `processes` worker processes (the loader uses workers too)."""
    from concurrent.futures import ProcessPoolExecutor

    files = json.loads(Path(files_list).read_text())
    started = time.perf_counter()
    with ProcessPoolExecutor(int(processes)) as pool:
        cells = sum(pool.map(READERS[reader], files, chunksize=4))
    emit({"section_s": time.perf_counter() - started, "files": len(files), "cells": cells, "processes": processes})


def _read_calamine(path: str) -> int:
    """python-calamine: every sheet's rows as Python lists (`to_python`)."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(path)
    return sum(len(r) for name in book.sheet_names for r in book.get_sheet_by_name(name).to_python())


def _read_fastexcel(path: str) -> int:
    """fastexcel: every sheet into an Arrow record batch (eager, its default type inference)."""
    import logging

    import fastexcel

    logging.getLogger("fastexcel").setLevel(logging.ERROR)  # a warning per column without typed cells
    reader = fastexcel.read_excel(path)
    cells = 0
    for name in reader.sheet_names:
        batch = reader.load_sheet(name, eager=True)
        cells += (batch.num_rows + 1) * batch.num_columns  # the header row is a row of cells too
    return cells


READERS = {"calamine": _read_calamine, "fastexcel": _read_fastexcel}


def case_init(db_url: str) -> None:
    from cockpit.db import get_engine
    from cockpit.schema import upgrade

    upgrade(get_engine(db_url))
    emit({})


def case_load(db_url: str, config_dir: str, files_list: str, archive_dir: str, processes: str = "") -> None:
    """`etl.jobs.load_many` of every file (validation, insert, archive, facts refresh).

    `processes` (optional) is passed on to load_many: 1 keeps all work in one process, for cProfile.
    """
    from cockpit.config import load_config
    from cockpit.db import get_engine
    from etl import jobs

    config = load_config(Path(config_dir))
    files = [Path(p) for p in json.loads(Path(files_list).read_text())]
    engine = get_engine(db_url)
    refresh = jobs.refresh_facts
    refresh_s = []

    def timed_refresh(*args: object, **kwargs: object) -> object:
        begun = time.perf_counter()
        try:
            return refresh(*args, **kwargs)
        finally:
            refresh_s.append(time.perf_counter() - begun)

    jobs.refresh_facts = timed_refresh  # the facts refresh is timed apart: it is not reading and storing
    started = time.perf_counter()
    options = {"processes": int(processes)} if processes else {}
    results = jobs.load_many(engine, files, config=config, archive_dir=Path(archive_dir), **options)
    section = time.perf_counter() - started
    rejected = [r.source for r in results if not r.accepted]
    rows = sum(sum(r.row_counts.values()) for r in results)
    emit(
        {
            "section_s": section,
            "refresh_s": sum(refresh_s),
            "files": len(results),
            "rejected": len(rejected),
            "rows": rows,
            "first_rejected": rejected[:3],
        }
    )


def case_recompute(db_url: str, config_dir: str) -> None:
    """`cockpit.facts.recompute_all` in one transaction (commit included)."""
    from cockpit import facts
    from cockpit.config import load_config
    from cockpit.db import get_engine, transaction

    config = load_config(Path(config_dir))
    engine = get_engine(db_url)
    started = time.perf_counter()
    with transaction(engine) as session:
        weeks = facts.recompute_all(session, config)
    emit({"section_s": time.perf_counter() - started, "weeks": len(weeks)})


def case_write(source_url: str, target_url: str) -> None:
    """Every finding of the loaded store at `source_url` stored into the fresh store at
    `target_url` (schema made and submissions copied first, untimed) by the database itself."""
    from sqlalchemy import select

    from cockpit.db import get_engine, insert_rows, transaction
    from cockpit.models import RectificationRow, Submission
    from cockpit.schema import upgrade

    source, target = get_engine(source_url), get_engine(target_url)
    upgrade(target)
    with transaction(source) as session:
        submissions = [dict(row._mapping) for row in session.execute(select(*Submission.__table__.columns))]
    with transaction(target) as session:
        insert_rows(session, Submission.__table__, submissions)
    columns = [c.name for c in RectificationRow.__table__.columns if c.name != "id"]
    listed = ", ".join(columns)
    if target.dialect.name == "sqlite":
        how, note = "INSERT … SELECT from the attached file", {}

        def write(connection, table: str) -> None:  # noqa: ANN001
            connection.exec_driver_sql(
                f"INSERT INTO {table} ({listed}) SELECT {listed} FROM source.rectification_row ORDER BY id"
            )
    else:
        with source.connect() as connection:
            cursor = connection.connection.driver_connection.cursor()
            text = bytearray()
            query = f"COPY (SELECT {listed} FROM rectification_row ORDER BY id) TO STDOUT (FORMAT csv)"
            with cursor.copy(query) as copy:
                for block in copy:
                    text += block
        how, note = "COPY of the CSV", {"csv_mb": round(len(text) / 1e6, 1)}

        def write(connection, table: str) -> None:  # noqa: ANN001
            with connection.connection.driver_connection.cursor().copy(
                f"COPY {table} ({listed}) FROM STDIN (FORMAT csv)"
            ) as copy:
                copy.write(bytes(text))

    timed = {}
    with target.connect() as connection:
        if target.dialect.name == "sqlite":
            connection.exec_driver_sql("ATTACH DATABASE ? AS source", (source.url.database,))
        connection.exec_driver_sql(f"CREATE TABLE bare_rows AS SELECT {listed} FROM rectification_row LIMIT 0")
        connection.commit()
        for table in ("rectification_row", "bare_rows"):
            started = time.perf_counter()
            write(connection, table)
            connection.commit()
            timed[table] = time.perf_counter() - started
        rows = connection.exec_driver_sql("SELECT count(*) FROM rectification_row").scalar()
    emit(
        {
            "section_s": timed["rectification_row"],
            "bare_table_s": timed["bare_rows"],
            "rows": rows,
            "how": how,
            **note,
        }
    )


def case_sql(db_url: str, config_dir: str, engine_kind: str) -> None:
    """The baseline aggregates by one SQL query pair in `engine_kind` (duckdb / store)."""
    from bench import sql_baseline

    emit(sql_baseline.run(db_url, Path(config_dir), engine_kind))


CASES = {
    "read": case_read,
    "read_parallel": case_read_parallel,
    "init": case_init,
    "load": case_load,
    "recompute": case_recompute,
    "sql": case_sql,
    "write": case_write,
}


def child_main(argv: list[str]) -> None:
    name, *args = argv
    profile = None
    if name.startswith("profile:"):
        name, profile = name.split(":", 2)[1:]
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.runcall(CASES[name], *args)
        profiler.dump_stats(profile)
    else:
        CASES[name](*args)


# --------------------------------------------------------------------------- orchestration


def child(case: str, *args: str) -> list[str]:
    return [PYTHON, str(Path(__file__).resolve()), "--case", case, *args]


def files_list(name: str, files: list[Path]) -> str:
    path = RUN_DIR / f"{name}-files.json"
    path.write_text(json.dumps([str(p) for p in files]))
    return str(path)


def ensure_demo() -> list[Path]:
    """The demo workbooks (etl.demo.generate_demo, default config), generated once."""
    manifest = DEMO_DIR / "manifest.json"
    if manifest.exists():
        files = [Path(p) for p in json.loads(manifest.read_text())]
        if files and all(p.exists() for p in files):
            return files
    from etl.demo import generate_demo

    shutil.rmtree(DEMO_DIR, ignore_errors=True)
    started = time.perf_counter()
    files = generate_demo(DEMO_DIR / "workbooks")
    print(f"  generated {len(files)} demo workbooks in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    manifest.write_text(json.dumps([str(p) for p in files]))
    return files


def ensure_province_files(units: int, rows: int) -> tuple[Path, list[Path]]:
    from bench.province import DEFAULT_OUT, ensure_province

    started = time.perf_counter()
    out = DEFAULT_OUT if (units, rows) == (100, 10_000) else DEFAULT_OUT.with_name(f"province-{units}x{rows}")
    config_dir, files = ensure_province(out, units=units, rows=rows)
    print(f"  province workbooks ready ({len(files)}) in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return config_dir, files


def warm(files: list[Path]) -> None:
    """Read every file once so both the load and its baseline find them in the page cache."""
    for path in files:
        path.read_bytes()


def fresh_sqlite(name: str) -> str:
    db = RUN_DIR / f"{name}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{db}"


def create_pg() -> str | None:
    import psycopg

    name = f"cockpit_bench_{secrets.token_hex(4)}"
    try:
        with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f"CREATE DATABASE {name}")
    except psycopg.OperationalError as exc:
        print(f"  PostgreSQL unavailable, skipped: {exc}", file=sys.stderr)
        return None
    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"


def drop_pg(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def bench_store(
    label: str,
    db_url: str,
    config_dir: Path,
    files: list[Path],
    *,
    reads: dict[str, CaseResult],
    baselines: list[str],
    write_url: str | None = None,
) -> dict:
    """init (untimed setup) -> load -> recompute -> SQL baselines on one fresh store; with
    `write_url` (a second fresh store) the write floor (d) too."""
    listed = files_list(label, files)
    archive = RUN_DIR / f"{label}-archive"
    shutil.rmtree(archive, ignore_errors=True)
    init = run_case(f"{label}: init schema (setup)", child("init", db_url))
    if not init.ok:
        return {"init": init}
    result: dict = {"files": len(files)}
    result["load"] = run_case(f"{label}: load_many", child("load", db_url, str(config_dir), listed, str(archive)))
    result["recompute"] = run_case(f"{label}: recompute_all", child("recompute", db_url, str(config_dir)))
    for kind in baselines:
        result[f"sql_{kind}"] = run_case(f"{label}: SQL baseline ({kind})", child("sql", db_url, str(config_dir), kind))
    if write_url:
        result["write"] = run_case(
            f"{label}: write floor (the findings, by the database)", child("write", db_url, write_url)
        )
    for name, read in reads.items():
        result[name] = read
        result[f"load_over_{name}"] = ratio(result["load"].wall_s, read.wall_s)
        result[f"load_over_{name}_cpu"] = ratio(result["load"].cpu_s, read.cpu_s)
    floor = min((r for n, r in reads.items() if n.endswith("_parallel") and r.ok), key=lambda r: r.wall_s, default=None)
    if floor is not None and result["load"].ok:
        refresh_s = result["load"].report.get("refresh_s") or 0.0
        result["floor"] = floor.name
        result["load_over_floor"] = ratio(result["load"].wall_s, floor.wall_s)
        result["load_over_floor_cpu"] = ratio(result["load"].cpu_s, floor.cpu_s)
        result["load_without_refresh_over_floor"] = ratio(result["load"].wall_s - refresh_s, floor.wall_s)
        written = result.get("write")
        if written is not None and written.ok:
            reading_then_writing = floor.wall_s + written.report["section_s"]
            result["load_over_floor_and_write"] = ratio(result["load"].wall_s, reading_then_writing)
            result["load_without_refresh_over_floor_and_write"] = ratio(
                result["load"].wall_s - refresh_s, reading_then_writing
            )
    for kind in baselines:
        sql = result[f"sql_{kind}"]
        result[f"recompute_over_{kind}"] = ratio(
            result["recompute"].report.get("section_s"), sql.report.get("section_s")
        )
    result["_paths"] = {"db_url": db_url, "config_dir": str(config_dir), "files": listed, "archive": str(archive)}
    return result


def read_baselines(label: str, files: list[Path]) -> dict[str, CaseResult]:
    """The raw reads, calamine's and fastexcel's, in one process and in two (as the loader's
    workers); the fastest two-process read is the load's floor."""
    listed = files_list(f"{label}-read", files)
    return {
        "read": run_case(f"{label}: calamine read", child("read", listed)),
        "read_parallel": run_case(f"{label}: calamine read, 2 processes", child("read_parallel", listed, "2")),
        "read_fastexcel": run_case(f"{label}: fastexcel read", child("read", listed, "fastexcel")),
        "read_fastexcel_parallel": run_case(
            f"{label}: fastexcel read, 2 processes", child("read_parallel", listed, "2", "fastexcel")
        ),
    }


def profile_case(label: str, case: str, args: list[str]) -> str:
    """Run `case` once more under cProfile; write the top functions to bench/out/."""
    import pstats

    stats_path = RUN_DIR / f"profile-{label}.prof"
    run_case(f"{label}: {case} under cProfile", child(f"profile:{case}:{stats_path}", *args))
    text_path = OUT / f"profile-{label}.txt"
    with text_path.open("w") as handle:
        stats = pstats.Stats(str(stats_path), stream=handle).strip_dirs()
        handle.write(f"# {label}: {case}, cProfile (profiling overhead inflates Python-heavy code)\n\n")
        stats.sort_stats("tottime").print_stats(30)
        stats.sort_stats("cumulative").print_stats(45)
    return str(text_path)


def maybe_profile(label: str, result: dict, mode: str, *, load: bool = True) -> None:
    """Profile the load (in one process) and/or the recomputation when they miss their aims."""
    if mode == "never" or "load" not in result:
        return
    paths = result["_paths"]
    missed_load = (result.get("load_over_floor") or result.get("load_over_read") or 0) > LOAD_AIM
    missed_recompute = any((result.get(k) or 0) > RECOMPUTE_AIM for k in result if k.startswith("recompute_over_"))
    if load and (mode == "always" or missed_load):
        db_url = fresh_sqlite(f"{label}-profile") if paths["db_url"].startswith("sqlite") else None
        if db_url:
            run_case(f"{label}: init (profile store)", child("init", db_url))
            archive = str(RUN_DIR / f"{label}-profile-archive")
            shutil.rmtree(archive, ignore_errors=True)
            result["profile_load"] = profile_case(
                f"{label}-load", "load", [db_url, paths["config_dir"], paths["files"], archive, "1"]
            )
            fresh_sqlite(f"{label}-profile")  # removes the profiling store again
            shutil.rmtree(archive, ignore_errors=True)
    if mode == "always" or missed_recompute:
        result["profile_recompute"] = profile_case(
            f"{label}-recompute", "recompute", [paths["db_url"], paths["config_dir"]]
        )


def summary_rows(results: dict) -> list[str]:
    """The markdown table rows that bench/README.md quotes."""
    lines = [
        "| case | wall s | CPU s | peak RSS MB (process / tree) | section s | load avg | note |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for label, result in results.items():
        if not isinstance(result, dict):
            continue
        for key, value in result.items():
            if isinstance(value, CaseResult):
                section = value.report.get("section_s")
                note = {k: v for k, v in value.report.items() if k != "section_s"}
                lines.append(
                    f"| {label}: {key} | {value.wall_s:.2f} | {value.cpu_s:.2f} | "
                    f"{value.peak_rss_mb:.0f} / {value.tree_peak_rss_mb:.0f} | "
                    f"{'' if section is None else f'{section:.3f}'} | {value.load_avg:.1f} | "
                    f"{json.dumps(note, ensure_ascii=False)[:160]} |"
                )
        if "floor" in result:
            lines.append(f"| {label}: floor | {result['floor']} | | | | | |")
        for key, value in result.items():
            if "_over_" in key and value is not None:
                lines.append(f"| {label}: **{key}** | {value:.2f}x | | | | | |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-demo", action="store_true")
    parser.add_argument("--no-province", action="store_true")
    parser.add_argument("--no-pg", action="store_true")
    parser.add_argument("--profile", choices=("auto", "always", "never"), default="auto")
    parser.add_argument("--units", type=int, default=100, help="province units (smoke runs: fewer)")
    parser.add_argument("--rows", type=int, default=10_000, help="findings per province unit")
    args = parser.parse_args()
    RUN_DIR.mkdir(parents=True, exist_ok=True)
    results: dict = {"machine": machine()}
    print(f"machine: {results['machine']}", file=sys.stderr)
    if not args.no_demo:
        print("(a) demo history", file=sys.stderr)
        files = ensure_demo()
        warm(files)
        reads = read_baselines("demo", files)
        results["demo"] = bench_store(
            "demo", fresh_sqlite("demo"), ROOT / "config", files, reads=reads, baselines=["duckdb", "store", "product"]
        )
        maybe_profile("demo", results["demo"], args.profile)
    if not args.no_province:
        print("(b)+(c) province week", file=sys.stderr)
        config_dir, files = ensure_province_files(args.units, args.rows)
        warm(files)
        reads = read_baselines("province", files)
        results["province_sqlite"] = bench_store(
            "province_sqlite",
            fresh_sqlite("province"),
            config_dir,
            files,
            reads=reads,
            baselines=["duckdb", "store", "product"],
            write_url=fresh_sqlite("province-write"),
        )
        fresh_sqlite("province-write")  # removes the write floor's copy
        maybe_profile("province_sqlite", results["province_sqlite"], args.profile)
        if not args.no_pg and (pg_url := create_pg()):
            write_url = create_pg()
            try:
                results["province_pg"] = bench_store(
                    "province_pg",
                    pg_url,
                    config_dir,
                    files,
                    reads=reads,
                    baselines=["store", "product"],
                    write_url=write_url,
                )
            finally:
                from cockpit.db import dispose_all

                dispose_all()
                drop_pg(pg_url)
                if write_url:
                    drop_pg(write_url)
    results["machine"]["commit_at_end"] = git_state()  # others may commit while a long run goes on
    full = (args.units, args.rows, args.no_demo, args.no_province) == (100, 10_000, False, False)
    path = save("etl" if full else f"etl-partial-{args.units}x{args.rows}", results)  # smoke runs keep theirs apart
    print("\n".join(summary_rows(results)))
    print(f"\nresults: {path}", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--case":
        child_main(sys.argv[2:])
    else:
        main()
