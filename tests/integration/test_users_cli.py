"""`python -m etl users …` and `tokens …` on both databases: accounts, passwords, tokens, the log."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from cockpit import users
from cockpit.db import transaction
from cockpit.models_access import ApiToken, AuditEvent, User
from etl.cli import main


@pytest.fixture
def cli(store, monkeypatch, tmp_path):  # noqa: ANN001, ANN201
    monkeypatch.setenv("COCKPIT_DB_URL", store.url)
    monkeypatch.setenv("COCKPIT_INSTANCE_DIR", str(tmp_path / "instance"))
    return store


def test_demo_accounts_once_then_add_disable_reset(cli, capsys) -> None:  # noqa: ANN001
    assert main(["users", "demo", "--if-none"]) == 0
    printed = capsys.readouterr().out.split("\n")
    demo = dict(line.split()[:2] for line in printed if line.strip())
    assert set(demo) == {"leader", "taskforce", "xihu", "admin", "screen"}
    with transaction(cli.engine) as session:
        assert users.find(session, "xihu").unit_code == "330106"
        assert users.authenticate(
            session, username="xihu", password=demo["xihu"], address="t", limits=(5, 20, _window())
        ).user
    assert main(["users", "demo", "--if-none"]) == 0
    assert capsys.readouterr().out == ""  # no second set of accounts
    assert main(["users", "add", "gongshu", "--role", "district"]) == 2  # a district needs its unit
    assert main(["users", "add", "gongshu", "--role", "district", "--unit", "330105"]) == 0
    password = capsys.readouterr().out.split()[-1]
    assert main(["users", "disable", "gongshu"]) == 0
    with transaction(cli.engine) as session:
        refused = users.authenticate(
            session, username="gongshu", password=password, address="t", limits=(5, 20, _window())
        )
        assert refused.user is None and refused.outcome == "disabled"
    assert main(["users", "enable", "gongshu"]) == 0
    assert main(["users", "reset", "gongshu"]) == 0
    new = capsys.readouterr().out.split()[-1]
    with transaction(cli.engine) as session:
        assert users.authenticate(
            session, username="gongshu", password=new, address="t", limits=(5, 20, _window())
        ).user
        assert (
            session.scalars(select(User.password_hash).where(User.username == "gongshu")).one().startswith("$argon2id$")
        )
        actions = [e.action for e in session.scalars(select(AuditEvent).where(AuditEvent.target == "gongshu"))]
    assert actions == ["user_add", "user_disable", "user_enable", "user_reset"]


def test_tokens_are_shown_once_and_revoked(cli, capsys) -> None:  # noqa: ANN001
    assert main(["tokens", "add", "市人大数据联网"]) == 0
    token = capsys.readouterr().out.strip()
    assert token.startswith("hzsj_")
    assert main(["tokens", "add", "市人大数据联网"]) == 2  # one per consumer
    assert main(["tokens", "list"]) == 0
    assert token not in capsys.readouterr().out
    assert main(["tokens", "revoke", "市人大数据联网"]) == 0
    with transaction(cli.engine) as session:
        stored = session.scalars(select(ApiToken)).one()
        assert stored.revoked_at is not None and token not in (stored.token_sha256, stored.prefix)
    assert main(["tokens", "add", "市人大数据联网"]) == 0  # the name can get a new token


def _window():  # noqa: ANN202
    import datetime as dt

    return dt.timedelta(minutes=15)
