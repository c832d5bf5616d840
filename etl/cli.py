"""Command line of the ETL. Errors and warnings print in Chinese, one line each."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from cockpit import pending, weeks
from cockpit.config import ConfigError, default_config
from cockpit.db import get_engine, transaction
from cockpit.exports import COLUMNS, EXPORTS, to_csv, to_json
from cockpit.schema import is_initialised
from cockpit.settings import Settings
from etl import jobs, users
from etl.progress import Progress
from etl.taskforce_cli import TASKFORCE_COMMANDS, add_taskforce_commands, export_published


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m etl", description="审计数字驾驶舱 ETL")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("init", help="创建或迁移数据库结构并检查配置")
    load = commands.add_parser("load", help="校验并导入周报送工作簿(文件或文件夹)")
    load.add_argument("paths", nargs="+", type=Path)
    load.add_argument("--json", action="store_true", help="以 JSON 输出报告")
    demo = commands.add_parser("demo", help="生成演示工作簿并通过真实导入流程入库")
    demo.add_argument("--if-empty", action="store_true", help="库中已有数据时跳过")
    demo.add_argument("--first-week", default="2023-W01")
    demo.add_argument("--last-week", default="2025-W52")
    demo.add_argument("--out", type=Path, help="演示工作簿保存目录(默认临时目录)")
    commands.add_parser("rebuild", help="从归档文件重建全部明细和指标")
    export = commands.add_parser("export", help="导出某周的指标")
    export.add_argument("--what", required=True, choices=sorted(EXPORTS))
    export.add_argument("--week", required=True)
    export.add_argument("--format", default="csv", choices=("csv", "json"))
    export.add_argument("--out", type=Path)
    template = commands.add_parser("template", help="生成某单位某周的报送模板(预填上次报送的台账)")
    template.add_argument("--unit", required=True)
    template.add_argument("--week", required=True)
    template.add_argument("--out", type=Path, required=True)
    export.add_argument("--published", nargs="?", type=int, const=0, metavar="N", help="读取已发布的版本(默认最新版)")
    add_taskforce_commands(commands)
    users.add_parsers(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    settings = Settings()
    try:
        config = default_config(str(settings.config_dir))
    except ConfigError as problem:
        print(problem, file=sys.stderr)
        return 2
    engine = get_engine(settings.db_url)
    if args.command != "init" and not is_initialised(engine):
        jobs.init(engine)
    if args.command == "init":
        jobs.init(engine)
        print(f"数据库已就绪: {engine.url.render_as_string(hide_password=True)}", file=sys.stderr)
        return 0
    if finished := pending.recover(engine, config, settings.archive_dir):
        print(f"已补算上次中断时未完成的 {len(finished)} 周指标", file=sys.stderr)
    if args.command == "load":
        return _load(engine, config, settings, args)
    if args.command == "demo":
        return _demo(engine, config, settings, args)
    if args.command == "users":
        return users.run_users(engine, config, args)
    if args.command == "tokens":
        return users.run_tokens(engine, config, args)
    if args.command == "rebuild":
        progress = Progress("重建", 0)
        try:
            count = jobs.rebuild(engine, config=config, archive_dir=settings.archive_dir, progress=progress)
        except RuntimeError as problem:  # an archived file is missing or no longer valid; nothing changed
            progress.finish()
            print(f"错误: {problem}", file=sys.stderr)
            return 1
        progress.finish()
        print(f"已从归档重建 {progress.done} 份报送,重算 {count} 周指标", file=sys.stderr)
        return 0
    if args.command == "template":
        return _template(engine, config, args)
    if args.command in TASKFORCE_COMMANDS:
        return TASKFORCE_COMMANDS[args.command](engine, config, settings, args)
    if args.published is not None:
        return export_published(engine, args)
    return _export(engine, args)


def _load(engine, config, settings: Settings, args: argparse.Namespace) -> int:  # noqa: ANN001
    files = jobs.expand(args.paths)
    progress = Progress("导入", len(files))
    results = jobs.load_many(engine, files, config=config, archive_dir=settings.archive_dir, progress=progress)
    progress.finish()
    if args.json:
        report = [
            {
                "file": r.source,
                "accepted": r.accepted,
                "unit_code": r.unit_code,
                "report_week": r.report_week,
                "unchanged": r.unchanged,
                "superseded_submission": r.superseded_id,
                "rows": r.row_counts,
                "errors": [i.as_dict() for i in r.errors],
                "warnings": [i.as_dict() for i in r.warnings],
            }
            for r in results
        ]
        print(json.dumps(report, ensure_ascii=False, indent=2))
    for result in results:
        status = "已接收" if result.accepted else "已拒收"
        if result.unchanged:
            status = "已接收(与已报送文件相同,未重复入库)"
        print(f"{result.source}: {status}", file=sys.stderr)
        for issue in result.issues:
            print(f"  {result.source}: {issue.line()}", file=sys.stderr)
    rejected = sum(not r.accepted for r in results)
    print(f"共 {len(results)} 个文件:接收 {len(results) - rejected},拒收 {rejected}", file=sys.stderr)
    return 1 if rejected else 0


def _demo(engine, config, settings: Settings, args: argparse.Namespace) -> int:  # noqa: ANN001
    from etl.demo import generate_demo

    if args.if_empty:
        with transaction(engine) as session:
            from cockpit.facts import week_bounds

            if week_bounds(session):
                print("库中已有数据,跳过演示数据生成", file=sys.stderr)
                return 0
    with tempfile.TemporaryDirectory(prefix="cockpit-demo-") as scratch:
        out = args.out or Path(scratch)
        writing = Progress("生成演示工作簿", 0)

        def written(done: int, total: int) -> None:
            writing.total = total
            writing.advance(done - writing.done)

        files = generate_demo(
            out, config=config, first_week=args.first_week, last_week=args.last_week, progress=written
        )
        writing.finish()
        loading = Progress("导入演示工作簿", len(files))
        results = jobs.load_many(engine, files, config=config, archive_dir=settings.archive_dir, progress=loading)
        elapsed = loading.finish()
    rejected = [r for r in results if not r.accepted]
    for result in rejected:
        for issue in result.errors:
            print(f"{result.source}: {issue.line()}", file=sys.stderr)
    print(f"演示数据: {len(results)} 个文件,拒收 {len(rejected)},用时 {elapsed:.1f} 秒", file=sys.stderr)
    return 1 if rejected else 0


def _export(engine, args: argparse.Namespace) -> int:  # noqa: ANN001
    try:
        week = weeks.parse_week(args.week)
    except weeks.WeekError as problem:
        print(f"错误: {problem}", file=sys.stderr)
        return 2
    with transaction(engine) as session:
        rows = EXPORTS[args.what](session, week=week)
    if not rows:
        print(f"警告: {week} 没有数据", file=sys.stderr)
    text = to_json(rows) if args.format == "json" else to_csv(rows, COLUMNS[args.what])
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def _template(engine, config, args: argparse.Namespace) -> int:  # noqa: ANN001
    from cockpit.queries.prefill import previous_submission
    from etl.template import build_template

    try:
        week = weeks.parse_week(args.week)
    except weeks.WeekError as problem:
        print(f"错误: {problem}", file=sys.stderr)
        return 2
    if not config.has_unit(args.unit):
        print(f"错误: 未知单位编码“{args.unit}”(不在报送单位配置中)", file=sys.stderr)
        return 2
    with transaction(engine) as session:
        previous = previous_submission(session, unit_code=args.unit, week=week)
    args.out.write_bytes(build_template(config=config, unit_code=args.unit, week=week, previous=previous))
    basis = f",预填 {previous.report_week} 报送的台账" if previous.report_week else ""
    print(f"已生成 {args.unit} {week} 报送模板{basis}: {args.out}", file=sys.stderr)
    return 0
