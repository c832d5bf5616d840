"""The task force's commands: `publish`, `briefing`, and `export --published [N]`.

Kept apart from etl/cli.py (the load path) so each side changes without the other.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine

from cockpit import weeks
from cockpit.config import Config
from cockpit.db import transaction
from cockpit.exports import COLUMNS, to_csv, to_json
from cockpit.settings import Settings


def add_taskforce_commands(commands: argparse._SubParsersAction) -> None:
    publish = commands.add_parser("publish", help="发布某周周报(冻结该周的导出表和周报)")
    publish.add_argument("--week", required=True)
    publish.add_argument("--by", help="发布人(默认为操作系统用户)")
    briefing = commands.add_parser("briefing", help="生成某周的周报简报(xlsx 或 PDF)")
    briefing.add_argument("--week", required=True)
    briefing.add_argument("--format", default="xlsx", choices=("xlsx", "pdf"))
    briefing.add_argument("--out", type=Path, required=True)
    briefing.add_argument("--published", nargs="?", type=int, const=0, metavar="N", help="使用已发布的版本")


def _week(text: str) -> str | None:
    try:
        return weeks.parse_week(text)
    except weeks.WeekError as problem:
        print(f"错误: {problem}", file=sys.stderr)
        return None


def _publish(engine: Engine, config: Config, _settings: Settings, args: argparse.Namespace) -> int:
    from cockpit.models import FactWeek
    from cockpit.publish import publish

    week = _week(args.week)
    if week is None:
        return 2
    by = args.by or getpass.getuser()
    with transaction(engine) as session:
        if session.get(FactWeek, week) is None:
            print(f"错误: {week} 没有数据,不能发布", file=sys.stderr)
            return 1
        version = publish(session, config, week=week, by=by)
    print(f"已发布 {week} 第 {version} 版(发布人 {by})", file=sys.stderr)
    return 0


def _briefing(engine: Engine, config: Config, settings: Settings, args: argparse.Namespace) -> int:
    from cockpit.briefing import BriefingError, briefing_xlsx
    from cockpit.briefing_pdf import briefing_pdf

    week = _week(args.week)
    if week is None:
        return 2
    version = args.published
    if version == 0:  # `--published` alone: the latest published version
        from cockpit.publish import versions

        with transaction(engine) as session:
            published = versions(session, week=week)
        if not published:
            print(f"错误: {week} 尚未发布", file=sys.stderr)
            return 1
        version = published[-1][0]
    try:
        if args.format == "xlsx":
            data = briefing_xlsx(engine, config, week=week, version=version)
        else:
            data = briefing_pdf(settings, week=week, version=version)
    except BriefingError as problem:
        print(f"错误: {problem}", file=sys.stderr)
        return 1
    args.out.write_bytes(data)
    print(f"已生成 {args.out}({len(data):,} 字节)", file=sys.stderr)
    return 0


def export_published(engine: Engine, args: argparse.Namespace) -> int:
    """`export --what … --week W --published [N]`: the rows version N (latest: 0) froze."""
    from cockpit.publish import NotPublished, published_rows

    week = _week(args.week)
    if week is None:
        return 2
    try:
        with transaction(engine) as session:
            rows = published_rows(session, what=args.what, week=week, version=args.published or None)
    except NotPublished as problem:
        print(f"错误: {problem}", file=sys.stderr)
        return 1
    text = to_json(rows) if args.format == "json" else to_csv(rows, COLUMNS[args.what])
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


TASKFORCE_COMMANDS: dict[str, Callable[..., int]] = {"publish": _publish, "briefing": _briefing}
