"""挂图作战: each unit's milestone lights with what its 任务进度 sheet says, and the rows behind
a milestone (which unit reported what, in which submission)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from cockpit.models import MilestoneFact, Submission, SubmissionFact, TaskProgressRow
from cockpit.queries.frames import ROW_LIMIT, frame


def milestone_status(session: Session, *, week: str, units: Sequence[str] | None = None) -> pd.DataFrame:
    """One row per (milestone, unit) with a light at `week` (the facts of `etl export --what
    milestones`), with the unit's reported progress, status and note from its effective submission."""
    query = (
        select(
            MilestoneFact.task_code,
            MilestoneFact.milestone_code,
            MilestoneFact.unit_code,
            MilestoneFact.due_on,
            MilestoneFact.done_on,
            MilestoneFact.light,
            TaskProgressRow.progress_pct,
            TaskProgressRow.status,
            TaskProgressRow.note,
            SubmissionFact.effective_week,
        )
        .join(
            SubmissionFact,
            and_(SubmissionFact.week == MilestoneFact.week, SubmissionFact.unit_code == MilestoneFact.unit_code),
        )
        .outerjoin(
            TaskProgressRow,
            and_(
                TaskProgressRow.submission_id == SubmissionFact.submission_id,
                TaskProgressRow.milestone_code == MilestoneFact.milestone_code,
            ),
        )
        .where(MilestoneFact.week == week)
    )
    if units is not None:
        query = query.where(MilestoneFact.unit_code.in_(list(units)))
    order = (MilestoneFact.task_code, MilestoneFact.milestone_code, MilestoneFact.unit_code)
    return frame(session, query.order_by(*order))


def milestone_reports(
    session: Session, *, week: str, milestone_code: str, units: Sequence[str] | None = None, limit: int = ROW_LIMIT
) -> pd.DataFrame:
    """The 任务进度 rows of one milestone in each unit's effective submission for `week`, with the
    submission they came from."""
    query = (
        select(
            SubmissionFact.unit_code,
            SubmissionFact.effective_week,
            Submission.file_name,
            Submission.loaded_at,
            TaskProgressRow.row_no,
            TaskProgressRow.task_code,
            TaskProgressRow.milestone_code,
            TaskProgressRow.progress_pct,
            TaskProgressRow.status,
            TaskProgressRow.done_on,
            TaskProgressRow.note,
        )
        .join(TaskProgressRow, TaskProgressRow.submission_id == SubmissionFact.submission_id)
        .join(Submission, Submission.id == SubmissionFact.submission_id)
        .where(SubmissionFact.week == week, TaskProgressRow.milestone_code == milestone_code)
    )
    if units is not None:
        query = query.where(SubmissionFact.unit_code.in_(list(units)))
    return frame(session, query.order_by(SubmissionFact.unit_code, TaskProgressRow.row_no).limit(limit))
