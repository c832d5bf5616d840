"""督办 in the store on both databases: issue → respond → return → respond → close, refusals
that change nothing, and proposals for items red two weeks running (from the real facts)."""

from __future__ import annotations

import datetime as dt

import pytest

from cockpit import supervision as s
from cockpit.access import Caller
from cockpit.models_supervision import SupervisionItem, SupervisionStep
from cockpit.queries import supervision as q
from tests import workbooks as wb

TODAY = dt.date(2024, 3, 20)
TASKFORCE = Caller(user_id=1, username="tf", role="taskforce")
DISTRICT = Caller(user_id=2, username="d102", role="district", unit_code="330102")
OTHER = Caller(user_id=3, username="d105", role="district", unit_code="330105")


def _issue(store, **overrides) -> int:  # noqa: ANN001
    arguments = {
        "subject_kind": "indicator",
        "subject_code": "K4",
        "unit_code": "330102",
        "week": "2024-W11",
        "title": "上城区 · K4 红灯",
        "request": "说明K4滞后原因并提出措施",
        "deadline": dt.date(2024, 3, 29),
        "today": TODAY,
        "config": store.config,
    } | overrides
    with store.session() as session:
        return q.issue(session, TASKFORCE, **arguments).id


def _act(store, caller: Caller, item_id: int, step: s.Step) -> str:  # noqa: ANN001
    with store.session() as session:
        return q.act(session, caller, item_id=item_id, step=step).state


RESPONSE = s.Step(s.RESPOND, "系统切换延误", measures="四月底前完成接入", planned_on=dt.date(2024, 4, 30))


def test_a_supervision_runs_its_whole_course(store) -> None:  # noqa: ANN001
    item_id = _issue(store)
    assert _act(store, DISTRICT, item_id, RESPONSE) == s.RESPONDED
    assert _act(store, TASKFORCE, item_id, s.Step(s.RETURN, "措施不具体")) == s.RETURNED
    assert _act(store, DISTRICT, item_id, RESPONSE) == s.RESPONDED
    assert _act(store, TASKFORCE, item_id, s.Step(s.CLOSE, "同意办结")) == s.CLOSED
    with store.session() as session:
        history = q.steps(session, item_id=item_id)
    assert list(history["action"]) == [s.ISSUE, s.RESPOND, s.RETURN, s.RESPOND, s.CLOSE]
    assert list(history["to_state"]) == [s.PENDING, s.RESPONDED, s.RETURNED, s.RESPONDED, s.CLOSED]
    assert list(history["actor"]) == ["tf", "d102", "tf", "d102", "tf"]
    assert history["acted_at"].notna().all()
    assert history.iloc[1]["measures"] == "四月底前完成接入"
    assert history.iloc[1]["planned_on"] == dt.date(2024, 4, 30)


@pytest.mark.parametrize(
    ("caller", "step", "reason"),
    [
        (OTHER, RESPONSE, "无权查看"),
        (TASKFORCE, RESPONSE, "无权"),
        (DISTRICT, s.Step(s.CLOSE, "自行办结"), "无权"),
        (TASKFORCE, s.Step(s.CLOSE, "办结"), "不能办结"),
        (TASKFORCE, s.Step(s.RETURN, "退回"), "不能退回"),
    ],
)
def test_refused_steps_change_nothing(store, caller: Caller, step: s.Step, reason: str) -> None:  # noqa: ANN001
    item_id = _issue(store)
    before = store.checksum()
    with pytest.raises(s.TransitionRefused, match=reason):
        _act(store, caller, item_id, step)
    assert store.checksum() == before


def test_issuing_is_checked(store) -> None:  # noqa: ANN001
    with pytest.raises(s.TransitionRefused, match="无权"), store.session() as session:
        q.issue(
            session,
            DISTRICT,
            subject_kind="indicator",
            subject_code="K4",
            unit_code="330102",
            week="2024-W11",
            title="t",
            request="r",
            deadline=dt.date(2024, 3, 29),
            today=TODAY,
            config=store.config,
        )
    with pytest.raises(s.TransitionRefused, match="早于今天"):
        _issue(store, deadline=dt.date(2024, 3, 1))
    with pytest.raises(s.TransitionRefused, match="对象无效"):
        _issue(store, unit_code="999999")
    _issue(store)
    with pytest.raises(s.TransitionRefused, match="未办结的督办"):
        _issue(store)
    assert store.count(SupervisionItem) == 1 and store.count(SupervisionStep) == 1


def test_a_district_reads_only_its_own_items(store) -> None:  # noqa: ANN001
    _issue(store)
    _issue(store, unit_code="330105", title="拱墅区 · K4 红灯")
    with store.session() as session:
        assert list(q.items(session, units=("330102",))["unit_code"]) == ["330102"]
        assert len(q.items(session, units=None, open_only=True)) == 2


def test_items_red_two_weeks_running_are_proposed(store, tmp_path) -> None:  # noqa: ANN001
    # 330102 submits in W10 with nothing done (every rate indicator red) and carries it into W11;
    # 330105 submits only in W11: red there, but not the week before.
    overdue = wb.finding("F1", found_on=dt.date(2024, 1, 5), due_on=dt.date(2024, 2, 1))
    store.load(
        wb.write(tmp_path, "330102", "2024-W10", ledger=wb.filler("330102"), rectification=[overdue]), today=TODAY
    )
    store.load(wb.write(tmp_path, "330105", "2024-W11", ledger=wb.filler("330105")), today=TODAY)
    with store.session() as session:
        red = q.red_items(session, store.config, week="2024-W11")
    proposed = {(r.subject_kind, r.subject_code, r.unit_code) for r in red if r.red_last_week}
    assert ("indicator", "K1", "330102") in proposed
    assert ("findings", "overdue", "330102") in proposed
    assert not any(r.unit_code == "330105" for r in red if r.red_last_week)
    assert any(r.unit_code == "330105" and r.subject_code == "K1" for r in red)
    assert next(r for r in red if r.subject_kind == "findings").title == "上城区 · 逾期未整改问题 1 个"
    assert red[0].red_last_week  # proposals first
    item_id = _issue(store, subject_code="K1")
    with store.session() as session:
        again = q.red_items(session, store.config, week="2024-W11")
    assert next(r for r in again if r.subject_code == "K1" and r.unit_code == "330102").open_item_id == item_id
