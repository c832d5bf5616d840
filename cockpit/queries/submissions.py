"""报送情况: who submitted for a week, and a unit's submission history (superseded included)."""

from __future__ import annotations

import json

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from cockpit.models import Submission, SubmissionFact
from cockpit.queries.frames import frame


def submission_status(session: Session, *, week: str) -> pd.DataFrame:
    query = (
        select(SubmissionFact.unit_code, SubmissionFact.submitted, SubmissionFact.effective_week)
        .where(SubmissionFact.week == week)
        .order_by(SubmissionFact.unit_code)
    )
    return frame(session, query)


def submission_history(session: Session, *, unit_code: str, until_week: str | None = None) -> pd.DataFrame:
    query = select(
        Submission.id,
        Submission.report_week,
        Submission.file_name,
        Submission.sha256,
        Submission.reporter,
        Submission.loaded_at,
        Submission.superseded_at,
        Submission.warnings,
    ).where(Submission.unit_code == unit_code)
    if until_week:
        query = query.where(Submission.report_week <= until_week)
    result = frame(session, query.order_by(Submission.report_week.desc(), Submission.id.desc()))
    result["warning_count"] = [len(json.loads(w)) for w in result["warnings"]]
    result["current"] = result["superseded_at"].isna()
    return result.drop(columns=["warnings"])
