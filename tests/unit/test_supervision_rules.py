"""督办 state machine: every legal step, every illegal one refused, and who may take which."""

from __future__ import annotations

import datetime as dt

import pytest

from cockpit import supervision as s
from cockpit.access import Caller

TASKFORCE = Caller(user_id=1, username="tf", role="taskforce")
DISTRICT = Caller(user_id=2, username="d", role="district", unit_code="330102")
OTHER_DISTRICT = Caller(user_id=3, username="o", role="district", unit_code="330105")
LEADER = Caller(user_id=4, username="l", role="leader")
RESPONSE = s.Step(s.RESPOND, "原因说明", measures="整改措施", planned_on=dt.date(2024, 7, 1))


@pytest.mark.parametrize(
    ("state", "action", "after"),
    [
        (None, s.ISSUE, s.PENDING),
        (s.PENDING, s.RESPOND, s.RESPONDED),
        (s.RESPONDED, s.CLOSE, s.CLOSED),
        (s.RESPONDED, s.RETURN, s.RETURNED),
        (s.RETURNED, s.RESPOND, s.RESPONDED),
    ],
)
def test_legal_steps(state: str | None, action: str, after: str) -> None:
    assert s.next_state(state, action) == after


LEGAL = {(a, b) for a, b in s.TRANSITIONS}


@pytest.mark.parametrize(
    ("state", "action"),
    [(st, ac) for st in (None, *s.STATES) for ac in s.ACTION_LABELS if (ac, st) not in LEGAL],
)
def test_illegal_steps_are_refused(state: str | None, action: str) -> None:
    with pytest.raises(s.TransitionRefused, match="不能"):
        s.next_state(state, action)


def test_a_closed_item_takes_no_further_step() -> None:
    for action in s.ACTION_LABELS:
        with pytest.raises(s.TransitionRefused):
            s.next_state(s.CLOSED, action)


def test_the_responsible_unit_responds() -> None:
    assert s.check(DISTRICT, unit_code="330102", state=s.PENDING, step=RESPONSE) == s.RESPONDED
    with pytest.raises(s.TransitionRefused, match="本单位"):
        s.check(OTHER_DISTRICT, unit_code="330102", state=s.PENDING, step=RESPONSE)


@pytest.mark.parametrize("caller", [TASKFORCE, LEADER])
def test_only_districts_respond(caller: Caller) -> None:
    with pytest.raises(s.TransitionRefused, match="无权"):
        s.check(caller, unit_code="330102", state=s.PENDING, step=RESPONSE)


@pytest.mark.parametrize("caller", [DISTRICT, LEADER])
@pytest.mark.parametrize("action", [s.ISSUE, s.CLOSE, s.RETURN])
def test_only_the_task_force_issues_returns_and_closes(caller: Caller, action: str) -> None:
    with pytest.raises(s.TransitionRefused, match="无权"):
        s.check(caller, unit_code="330102", state=s.RESPONDED, step=s.Step(action, "意见"))


@pytest.mark.parametrize(
    ("step", "reason"),
    [
        (s.Step(s.RESPOND, " ", "措施", dt.date(2024, 7, 1)), "情况说明"),
        (s.Step(s.RESPOND, "说明", "", dt.date(2024, 7, 1)), "整改措施"),
        (s.Step(s.RESPOND, "说明", "措施", None), "计划完成日期"),
        (s.Step(s.RESPOND, "长" * 2001, "措施", dt.date(2024, 7, 1)), "过长"),
    ],
)
def test_a_response_needs_explanation_measures_and_date(step: s.Step, reason: str) -> None:
    with pytest.raises(s.TransitionRefused, match=reason):
        s.check(DISTRICT, unit_code="330102", state=s.PENDING, step=step)


def test_returning_needs_a_reason() -> None:
    with pytest.raises(s.TransitionRefused, match="退回理由"):
        s.check(TASKFORCE, unit_code="330102", state=s.RESPONDED, step=s.Step(s.RETURN, ""))


def test_pending_past_its_deadline_shows_as_overdue() -> None:
    deadline = dt.date(2024, 6, 30)
    assert s.shown_state(s.PENDING, deadline, dt.date(2024, 6, 30)) == s.PENDING
    assert s.shown_state(s.PENDING, deadline, dt.date(2024, 7, 1)) == s.OVERDUE
    assert s.STATE_LABELS[s.shown_state(s.PENDING, deadline, dt.date(2024, 7, 1))] == "逾期未响应"
    for state in (s.RESPONDED, s.RETURNED, s.CLOSED):
        assert s.shown_state(state, deadline, dt.date(2024, 7, 1)) == state
