"""`python -m etl users …` and `python -m etl tokens …`: accounts and API tokens from the shell.

`users demo --if-none` (run by `make run`) makes one account per role on a store that has none
and prints the names and passwords, so a newcomer can sign in at once. Every change is in the
audit log, as done by the shell user.
"""

from __future__ import annotations

import argparse
import sys

from sqlalchemy import Engine, func, select

from cockpit import audit, tokens, users
from cockpit.access import ROLE_LABELS, ROLES
from cockpit.config import Config
from cockpit.db import transaction
from cockpit.models_access import User

# (user name, role, unit): one demo account per role; the district one is 西湖区.
DEMO_USERS = (
    ("leader", "leader", None),
    ("taskforce", "taskforce", None),
    ("xihu", "district", "330106"),
    ("admin", "admin", None),
    ("screen", "screen", None),
)


def add_parsers(commands: argparse._SubParsersAction) -> None:
    """The `users` and `tokens` subcommands, for etl/cli.py's parser."""
    user_commands = commands.add_parser("users", help="用户与角色").add_subparsers(dest="users_command", required=True)
    add = user_commands.add_parser("add", help="新增用户(不给 --password 时生成随机密码并打印)")
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--unit", help="区县用户绑定的单位编码")
    add.add_argument("--name", default="", help="显示名")
    add.add_argument("--password")
    user_commands.add_parser("list", help="列出用户")
    for name, text in (("disable", "停用用户"), ("enable", "恢复用户")):
        user_commands.add_parser(name, help=text).add_argument("username")
    reset = user_commands.add_parser("reset", help="重置密码(不给 --password 时生成随机密码并打印)")
    reset.add_argument("username")
    reset.add_argument("--password")
    demo = user_commands.add_parser("demo", help="每个角色建一个演示用户并打印密码")
    demo.add_argument("--if-none", action="store_true", help="库中已有用户时跳过")
    token_commands = commands.add_parser("tokens", help="数据接口访问令牌").add_subparsers(
        dest="tokens_command", required=True
    )
    create = token_commands.add_parser("add", help="为接入方生成令牌(只显示一次)")
    create.add_argument("consumer")
    create.add_argument("--unit", help="只允许读取该单位的数据")
    token_commands.add_parser("list", help="列出令牌")
    token_commands.add_parser("revoke", help="吊销令牌").add_argument("consumer")


def run_users(engine: Engine, config: Config, args: argparse.Namespace) -> int:
    try:
        return _USER_COMMANDS[args.users_command](engine, config, args)
    except users.UserError as problem:
        print(f"错误: {problem}", file=sys.stderr)
        return 2


def _add(engine: Engine, config: Config, args: argparse.Namespace) -> int:
    password = args.password or users.new_password()
    with transaction(engine) as session:
        users.add_user(
            session,
            config,
            username=args.username,
            role=args.role,
            password=password,
            unit_code=args.unit,
            display_name=args.name,
        )
        audit.record("user_add", args.username, detail={"role": args.role, "unit": args.unit}, session=session)
    print(f"已新增用户 {args.username}({ROLE_LABELS[args.role]})", file=sys.stderr)
    if not args.password:
        print(f"{args.username}\t{password}")
    return 0


def _list(engine: Engine, _config: Config, _args: argparse.Namespace) -> int:
    with transaction(engine) as session:
        for user in users.all_users(session):
            state = "启用" if user.active else "停用"
            last = f"{user.last_sign_in_at:%Y-%m-%d %H:%M}" if user.last_sign_in_at else "从未登录"
            print(f"{user.username}\t{user.role}\t{user.unit_code or ''}\t{state}\t{last}")
    return 0


def _set_active(active: bool):  # noqa: ANN202
    def change(engine: Engine, _config: Config, args: argparse.Namespace) -> int:
        with transaction(engine) as session:
            users.set_active(session, args.username, active)
            audit.record("user_enable" if active else "user_disable", args.username, session=session)
        print(f"已{'恢复' if active else '停用'}用户 {args.username}", file=sys.stderr)
        return 0

    return change


def _reset(engine: Engine, _config: Config, args: argparse.Namespace) -> int:
    password = args.password or users.new_password()
    with transaction(engine) as session:
        users.reset_password(session, args.username, password)
        audit.record("user_reset", args.username, session=session)
    print(f"已重置 {args.username} 的密码(其已登录的会话随即失效)", file=sys.stderr)
    if not args.password:
        print(f"{args.username}\t{password}")
    return 0


def _demo(engine: Engine, config: Config, args: argparse.Namespace) -> int:
    with transaction(engine) as session:
        if args.if_none and session.scalar(select(func.count()).select_from(User)):
            print("库中已有用户,跳过演示用户(忘记密码: python -m etl users reset 用户名)", file=sys.stderr)
            return 0
        made = []
        for username, role, unit in DEMO_USERS:
            password = users.new_password()
            users.add_user(session, config, username=username, role=role, password=password, unit_code=unit)
            audit.record("user_add", username, detail={"role": role, "unit": unit, "demo": True}, session=session)
            made.append((username, role, unit, password))
    print("演示用户(仅显示这一次,请妥善保存):", file=sys.stderr)
    for username, role, unit, password in made:
        where = f" · {config.unit(unit).name}" if unit else ""
        print(f"  {username:<10} {password}   {ROLE_LABELS[role]}{where}")
    return 0


_USER_COMMANDS = {
    "add": _add,
    "list": _list,
    "disable": _set_active(False),
    "enable": _set_active(True),
    "reset": _reset,
    "demo": _demo,
}


def run_tokens(engine: Engine, config: Config, args: argparse.Namespace) -> int:
    try:
        with transaction(engine) as session:
            if args.tokens_command == "add":
                token = tokens.create(session, config, consumer=args.consumer, created_by="cli", unit_code=args.unit)
                audit.record("token_create", args.consumer, detail={"unit": args.unit}, session=session)
                print(token)
            elif args.tokens_command == "revoke":
                tokens.revoke(session, args.consumer)
                audit.record("token_revoke", args.consumer, session=session)
                print(f"已吊销 {args.consumer} 的令牌", file=sys.stderr)
            else:
                for t in tokens.all_tokens(session):
                    state = f"已吊销 {t.revoked_at:%Y-%m-%d}" if t.revoked_at else "有效"
                    print(f"{t.consumer}\t{t.prefix}…\t{t.unit_code or '全部单位'}\t{state}")
    except users.UserError as problem:
        print(f"错误: {problem}", file=sys.stderr)
        return 2
    return 0
