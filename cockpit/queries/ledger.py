"""指标台账 rows behind an indicator figure, judged as of the week."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from sqlalchemy import and_, case, select
from sqlalchemy.orm import Session

from cockpit.models import LedgerRow, SubmissionFact
from cockpit.queries.frames import ROW_LIMIT, frame


def ledger_items(
    session: Session,
    *,
    week: str,
    units: Sequence[str] | None = None,
    indicator_code: str | None = None,
    done_only: bool = False,
    limit: int = ROW_LIMIT,
) -> pd.DataFrame:
    """Each item of the effective submissions; `counts_done` says whether it is in the numerator
    (已完成 with 完成日期 on or before the week's Sunday); `done_only` keeps just those rows."""
    done = and_(LedgerRow.is_done, LedgerRow.done_on <= SubmissionFact.as_of)
    query = (
        select(
            SubmissionFact.unit_code,
            SubmissionFact.effective_week,
            LedgerRow.indicator_code,
            LedgerRow.item_id,
            LedgerRow.item_name,
            LedgerRow.status_raw.label("status"),
            LedgerRow.done_on,
            case((done, True), else_=False).label("counts_done"),
            LedgerRow.note,
        )
        .join(LedgerRow, LedgerRow.submission_id == SubmissionFact.submission_id)
        .where(SubmissionFact.week == week)
    )
    if units is not None:
        query = query.where(SubmissionFact.unit_code.in_(list(units)))
    if indicator_code:
        query = query.where(LedgerRow.indicator_code == indicator_code)
    if done_only:
        query = query.where(done)
    return frame(
        session,
        query.order_by(SubmissionFact.unit_code, LedgerRow.indicator_code, LedgerRow.item_id).limit(limit),
    )
