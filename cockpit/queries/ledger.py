"""指标台账 rows behind an indicator figure, judged as of the week."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd
from sqlalchemy import case, select
from sqlalchemy.orm import Session

from cockpit import predicates as rule
from cockpit.models import LedgerRow, SubmissionFact
from cockpit.queries.frames import ROW_LIMIT, frame


def ledger_items(
    session: Session,
    *,
    week: str,
    units: Sequence[str] | None = None,
    indicator_code: str | None = None,
    done_only: bool = False,
    window: tuple[dt.date, dt.date] | None = None,
    limit: int = ROW_LIMIT,
) -> pd.DataFrame:
    """Each item of the effective submissions; `counts_done` says whether it is in the numerator
    (`predicates.ledger_done`, or for a count indicator given its `window`,
    `predicates.done_in_window`); `done_only` keeps just those rows."""
    done = rule.ledger_done() if window is None else rule.done_in_window(*window)
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
        .join(LedgerRow, rule.effective_rows(LedgerRow))
        .where(rule.in_week(week, units))
    )
    if indicator_code:
        query = query.where(LedgerRow.indicator_code == indicator_code)
    if done_only:
        query = query.where(done)
    return frame(
        session,
        query.order_by(SubmissionFact.unit_code, LedgerRow.indicator_code, LedgerRow.item_id).limit(limit),
    )
