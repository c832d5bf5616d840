"""亮灯督办 as a state machine (DESIGN §12): pure rules on plain values, no store.

待响应 → 已响应 → 已办结, or 已响应 → 已退回 → 已响应 …. The task force issues, returns and
closes; the responsible unit responds. 待响应 past its deadline shows as 逾期未响应 (derived when
shown, never stored).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cockpit.access import Caller

PENDING, RESPONDED, RETURNED, CLOSED = "pending", "responded", "returned", "closed"
OVERDUE = "overdue"  # shown only: pending past its deadline
STATES = (PENDING, RESPONDED, RETURNED, CLOSED)
OPEN_STATES = (PENDING, RESPONDED, RETURNED)
STATE_LABELS = {
    PENDING: "待响应",
    RESPONDED: "已响应",
    RETURNED: "已退回",
    CLOSED: "已办结",
    OVERDUE: "逾期未响应",
}

ISSUE, RESPOND, RETURN, CLOSE = "issue", "respond", "return", "close"
ACTION_LABELS = {ISSUE: "发起督办", RESPOND: "响应", RETURN: "退回", CLOSE: "办结"}

# (action, state before) -> state after; anything not listed is refused.
TRANSITIONS: dict[tuple[str, str | None], str] = {
    (ISSUE, None): PENDING,
    (RESPOND, PENDING): RESPONDED,
    (RESPOND, RETURNED): RESPONDED,
    (RETURN, RESPONDED): RETURNED,
    (CLOSE, RESPONDED): CLOSED,
}
# What a caller must be allowed (cockpit.access ACTIONS) to take each step.
PERMISSIONS = {ISSUE: "supervise", RESPOND: "respond", RETURN: "supervise", CLOSE: "supervise"}

SUBJECT_LABELS = {"indicator": "指标", "milestone": "任务节点", "findings": "逾期整改"}
MAX_TEXT = 2000


class TransitionRefused(ValueError):
    """The step is not allowed; the message says why, in Chinese."""


@dataclass(frozen=True)
class Step:
    """A step someone asks to take, as plain values (the callbacks build it from the form)."""

    action: str
    text: str
    measures: str | None = None
    planned_on: dt.date | None = None


def next_state(state: str | None, action: str) -> str:
    """The state after `action` from `state`, or TransitionRefused."""
    after = TRANSITIONS.get((action, state))
    if after is None:
        before = STATE_LABELS.get(state or "", "未发起")
        raise TransitionRefused(f"当前状态“{before}”不能{ACTION_LABELS.get(action, '执行该操作')}")
    return after


def check(caller: Caller, *, unit_code: str, state: str | None, step: Step) -> str:
    """The state `step` leads to when `caller` may take it on an item of `unit_code`.

    Responding is for the responsible unit's own users; issuing, returning and closing for the
    task force. Every refusal is a TransitionRefused with a Chinese reason.
    """
    permission = PERMISSIONS.get(step.action)
    if permission is None or not caller.may(permission):
        raise TransitionRefused("无权执行该督办操作")
    if step.action == RESPOND and caller.unit_code != unit_code:
        raise TransitionRefused("只能响应本单位的督办事项")
    after = next_state(state, step.action)
    text = (step.text or "").strip()
    if not text:
        raise TransitionRefused(
            {ISSUE: "请填写督办要求", RESPOND: "请填写情况说明", RETURN: "请填写退回理由"}.get(
                step.action, "请填写办结意见"
            )
        )
    if len(text) > MAX_TEXT or len(step.measures or "") > MAX_TEXT:
        raise TransitionRefused(f"文字过长(不超过 {MAX_TEXT} 字)")
    if step.action == RESPOND and not (step.measures or "").strip():
        raise TransitionRefused("请填写整改措施")
    if step.action == RESPOND and step.planned_on is None:
        raise TransitionRefused("请填写计划完成日期")
    return after


def shown_state(state: str, deadline: dt.date, today: dt.date) -> str:
    """The state as shown: 待响应 past its deadline is 逾期未响应."""
    return OVERDUE if state == PENDING and today > deadline else state


def is_open(state: str) -> bool:
    return state in OPEN_STATES
