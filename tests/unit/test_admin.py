"""/admin through its callbacks, as the admin and as everyone else: users, tokens, the log."""

from __future__ import annotations

import pytest

from callbacks import admin
from cockpit.access import AccessDenied
from cockpit.admin_reads import issue_line
from pages import _ids as ids


def _text(component) -> str:  # noqa: ANN001
    return str(component.to_plotly_json())


def test_admin_sees_users_runs_and_the_log(as_caller, demo_users) -> None:  # noqa: ANN001
    with as_caller("admin"):
        people, _tokens, runs, _warnings = admin.fill_grids(0)
        events = admin.fill_audit(None, None, None, 365, 0)
    assert {demo_users[r] for r in ("leader", "district")} <= {p["username"] for p in people}
    assert runs and {r["result"] for r in runs} <= {"已接收", "已拒收", "已重建"}
    assert isinstance(events, list)


@pytest.mark.parametrize("role", ["leader", "taskforce", "district", "screen"])
def test_everyone_else_gets_nothing(as_caller, role: str) -> None:  # noqa: ANN001
    unit = "330106" if role == "district" else None
    with as_caller(role, unit):
        assert admin.fill_grids(0) == ([], [], [], [])
        assert admin.fill_audit(None, None, None, 7, 0) == []
        message, refresh = admin.change_user(1, None, None, None, "intruder", "admin", None, None, 0)
        assert "无权查看" in _text(message) and refresh is admin.no_update
        with pytest.raises(AccessDenied):
            from cockpit import admin_reads
            from cockpit.store import read_session

            with read_session() as session:
                admin_reads.users_frame(session)


def test_add_reset_disable_a_user_and_make_revoke_a_token(as_caller, monkeypatch) -> None:  # noqa: ANN001
    def clicked(component_id: str) -> None:
        monkeypatch.setattr(admin, "ctx", type("Ctx", (), {"triggered_id": component_id})())

    with as_caller("admin"):
        clicked(ids.ADMIN_USER_ADD)
        message, version = admin.change_user(1, None, None, None, "t-new-district", "district", "330102", None, 3)
        assert version == 4 and "初始密码" in _text(message)
        again, _ = admin.change_user(1, None, None, None, "t-new-district", "district", "330102", None, 4)
        assert "已存在" in _text(again)
        clicked(ids.ADMIN_USER_DISABLE)
        message, _ = admin.change_user(None, 1, None, None, None, None, None, [{"username": "t-new-district"}], 4)
        assert "已停用" in _text(message)
        clicked(ids.ADMIN_TOKEN_CREATE)
        message, _ = admin.change_token(1, None, "t-人大", None, None, 5)
        assert "hzsj_" in _text(message)
        clicked(ids.ADMIN_TOKEN_REVOKE)
        message, _ = admin.change_token(None, 1, None, None, [{"consumer": "t-人大"}], 6)
        assert "已吊销" in _text(message)
        events = admin.fill_audit(None, None, None, 1, 0)
    done = {(e["action"], e["target"]) for e in events}
    assert {
        ("user_add", "t-new-district"),
        ("user_disable", "t-new-district"),
        ("token_create", "t-人大"),
        ("token_revoke", "t-人大"),
    } <= done


def test_issue_lines_read_like_the_cli() -> None:
    issue = {
        "level": "error",
        "sheet": "整改台账",
        "row": 12,
        "column": "整改日期",
        "value": "2024-01-01",
        "reason": "早于发现日期",
    }
    assert issue_line(issue) == "错误 [整改台账 第12行 整改日期] “2024-01-01”: 早于发现日期"
