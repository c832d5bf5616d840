"""The rows a unit last submitted, in the contract's keys, to pre-fill its next template."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from cockpit.amounts import wan
from cockpit.models import LedgerRow, RectificationRow, Submission, TaskProgressRow


@dataclass(frozen=True)
class Prefill:
    """The unit's current submission for the latest week not after the template's week."""

    report_week: str | None = None
    reporter: str | None = None
    phone: str | None = None
    ledger: list[dict] = field(default_factory=list)
    rectification: list[dict] = field(default_factory=list)
    task_progress: list[dict] = field(default_factory=list)


def previous_submission(session: Session, *, unit_code: str, week: str) -> Prefill:
    """What `unit_code` submitted last for a week ≤ `week` (empty when it never submitted)."""
    submission = session.scalar(
        select(Submission)
        .where(Submission.unit_code == unit_code, Submission.report_week <= week, Submission.superseded_at.is_(None))
        .order_by(Submission.report_week.desc())
        .limit(1)
    )
    if submission is None:
        return Prefill()
    ledger = session.scalars(
        select(LedgerRow).where(LedgerRow.submission_id == submission.id).order_by(LedgerRow.row_no)
    )
    findings = session.scalars(
        select(RectificationRow)
        .where(RectificationRow.submission_id == submission.id)
        .order_by(RectificationRow.row_no)
    )
    progress = session.scalars(
        select(TaskProgressRow).where(TaskProgressRow.submission_id == submission.id).order_by(TaskProgressRow.row_no)
    )
    return Prefill(
        report_week=submission.report_week,
        reporter=submission.reporter,
        phone=submission.phone,
        ledger=[
            {
                "indicator_code": r.indicator_code,
                "item_id": r.item_id,
                "item_name": r.item_name,
                "status": r.status_raw,
                "done_on": r.done_on,
                "note": r.note,
            }
            for r in ledger
        ],
        rectification=[
            {
                "issue_id": r.issue_id,
                "audit_project": r.audit_project,
                "category": r.category,
                "summary": r.summary,
                "amount_wan": float(wan(r.amount)),
                "found_on": r.found_on,
                "due_on": r.due_on,
                "status": r.status,
                "rectified_on": r.rectified_on,
                "origin": r.origin,
                "closed_on": r.closed_on,
            }
            for r in findings
        ],
        task_progress=[
            {
                "task_code": r.task_code,
                "milestone_code": r.milestone_code,
                "progress_pct": r.progress_pct,
                "status": r.status,
                "done_on": r.done_on,
                "note": r.note,
            }
            for r in progress
        ],
    )
