"""/supervision and the unit page's 督办 section, callbacks called directly on a private store:
the task force issues on a red item, the district responds, the task force returns and closes;
nobody can act beyond their role or unit, whatever the page sends."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from callbacks import supervision as cb
from callbacks import unit as unit_cb
from cockpit import supervise
from cockpit import supervision as s
from cockpit.access import Caller
from cockpit.db import get_engine
from cockpit.models_access import AuditEvent
from tests import workbooks as wb

DISTRICT = Caller(user_id=1, username="d102", role="district", unit_code="330102")
OTHER = Caller(user_id=2, username="d105", role="district", unit_code="330105")
TASKFORCE = Caller(user_id=3, username="tf", role="taskforce")
WEEK = "2024-W11"


@pytest.fixture(scope="module")
def red_store(private_store) -> str:  # noqa: ANN001
    """330102 and 330105 red on every rate indicator in W10 and W11 (nothing done); 330106 in W11 only."""

    def files(root: Path) -> list[Path]:
        made = [wb.write(root, unit, "2024-W10", ledger=wb.filler(unit)) for unit in ("330102", "330105")]
        later = [wb.write(root, unit, WEEK, ledger=wb.filler(unit)) for unit in ("330102", "330106")]
        return [*made, *later]

    return private_store(files)


@pytest.fixture
def as_caller(request_as, red_store):  # noqa: ANN001, ANN201
    return lambda caller: request_as(red_store, caller)


def _issue(key: str) -> tuple:
    return cb.issue_item(
        1, [{"key": key}], (dt.date.today() + dt.timedelta(days=5)).isoformat(), "请说明原因", WEEK, {"n": 0}
    )


def test_the_whole_course_through_the_page(as_caller, red_store) -> None:  # noqa: ANN001
    as_caller(TASKFORCE)
    rows, _ = cb.show_red(WEEK, None, [])
    assert {r["key"] for r in cb.show_red(WEEK, None, ["proposed"])[0]} == {
        r["key"] for r in rows if r["proposal"] and not r["open_item"]
    }
    assert {r["unit_name"] for r in rows if not r["proposal"]} == {"西湖区"}  # red in W11 only
    k4 = next(r for r in rows if r["key"] == "indicator|K4|330102")
    assert k4["proposal"].startswith("建议督办") and k4["open_item"] == ""
    message, refresh = _issue("indicator|K4|330102")
    assert "已发起督办" in str(message)
    item_id = refresh["item"]
    rows, _, chosen = cb.show_items(refresh, [])
    assert chosen[0]["id"] == item_id and chosen[0]["state_label"] == "待响应"
    as_caller(OTHER)
    assert cb.show_items({"n": 1}, [])[0] == []  # another district sees none of it
    message, _ = cb.act_on(s.RESPOND, [{"id": item_id}], "说明", "措施", "2024-04-30", None, {"n": 1})
    assert "无权查看" in str(message)
    assert "无权查看" in str(cb.show_detail([{"id": item_id}], None))
    as_caller(DISTRICT)
    message, _ = cb.act_on(s.RESPOND, [{"id": item_id}], "", "措施", "2024-04-30", None, {"n": 1})
    assert "情况说明" in str(message)
    message, _ = cb.act_on(s.RESPOND, [{"id": item_id}], "系统切换延误", "四月底完成", "2024-04-30", None, {"n": 1})
    assert "已响应" in str(message)
    assert "无权" in str(cb.act_on(s.CLOSE, [{"id": item_id}], None, None, None, "自己办结", {"n": 2})[0])
    as_caller(TASKFORCE)
    assert "已退回" in str(cb.act_on(s.RETURN, [{"id": item_id}], None, None, None, "措施不具体", {"n": 2})[0])
    as_caller(DISTRICT)
    assert "已响应" in str(
        cb.act_on(s.RESPOND, [{"id": item_id}], "补充说明", "细化措施", "2024-04-20", None, {"n": 3})[0]
    )
    detail = str(cb.show_detail([{"id": item_id}], None))
    assert detail.count("className='sup-step'") == 4 and "细化措施" in detail and "2024-04-20" in detail
    as_caller(TASKFORCE)
    assert "已办结" in str(cb.act_on(s.CLOSE, [{"id": item_id}], None, None, None, "同意", {"n": 4})[0])
    assert cb.show_items({"n": 5}, [])[0] == [] or all(r["id"] != item_id for r in cb.show_items({"n": 5}, [])[0])
    assert any(r["id"] == item_id for r in cb.show_items({"n": 5}, ["closed"])[0])
    with get_engine(red_store).connect() as connection:
        logged = connection.execute(
            select(AuditEvent.action, AuditEvent.outcome, AuditEvent.username)
            .where(AuditEvent.target == str(item_id))
            .order_by(AuditEvent.id)
        ).all()
    assert [tuple(r) for r in logged] == [
        ("supervise_respond", "refused", "d105"),
        ("supervise_respond", "refused", "d102"),
        ("supervise_respond", "ok", "d102"),
        ("supervise_close", "refused", "d102"),
        ("supervise_return", "ok", "tf"),
        ("supervise_respond", "ok", "d102"),
        ("supervise_close", "ok", "tf"),
    ]


def test_only_red_items_of_the_week_can_be_issued(as_caller) -> None:  # noqa: ANN001
    as_caller(TASKFORCE)
    assert "不是红灯" in str(_issue("indicator|K4|330108")[0])  # 330108 never submitted
    assert "选择" in str(cb.issue_item(1, [], "2030-01-01", "x", WEEK, {"n": 0})[0])
    as_caller(DISTRICT)
    assert "无权" in str(_issue("indicator|K5|330102")[0])
    assert cb.show_red(WEEK, None)[0] == []  # districts do not see the issuing list


def test_the_unit_page_shows_its_open_items_to_who_may_see_them(as_caller) -> None:  # noqa: ANN001
    as_caller(TASKFORCE)
    _issue("indicator|K6|330102")
    shown = str(unit_cb.show_supervision(WEEK, "330102"))
    assert "K6" in shown and "待响应" in shown and "未办结" in shown
    as_caller(OTHER)
    assert "无权查看" in str(unit_cb.show_supervision(WEEK, "330102"))
    assert "没有未办结" in str(unit_cb.show_supervision(WEEK, "330105"))
    counts = supervise.open_supervision_counts()  # an aggregate: every role, the wall included
    assert counts.set_index("unit_code").loc["330102", "open"] >= 1
    assert "330105" not in set(counts["unit_code"])


def test_an_open_item_shows_on_the_review_and_on_the_wall(as_caller, red_store) -> None:  # noqa: ANN001
    from callbacks import review as review_cb
    from callbacks import screen as screen_cb
    from cockpit.data_version import current
    from cockpit.db import transaction

    as_caller(TASKFORCE)
    with transaction(get_engine(red_store)) as session:
        before = current(session)
    _issue("indicator|K5|330105")
    with transaction(get_engine(red_store)) as session:
        assert current(session) == before + 1  # the wall's poll sees the new item
    listed = str(review_cb.show_open_supervision(WEEK))
    assert "督办未办结事项" in listed and "拱墅区" in listed and "K5" in listed
    line = screen_cb.supervision_line()
    assert line.startswith("督办未办结 ") and "项" in line
    as_caller(DISTRICT)
    assert "拱墅区" not in str(review_cb.show_open_supervision(WEEK))  # another unit's item: not listed
