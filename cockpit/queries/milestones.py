"""Task milestones (挂图作战): the light of every milestone for every unit that answers for it."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from cockpit.models import MilestoneFact
from cockpit.queries.frames import frame


def milestone_facts(session: Session, *, week: str) -> pd.DataFrame:
    """One row per (milestone, unit) with facts for the week: due, done, progress, light."""
    query = (
        select(
            MilestoneFact.task_code,
            MilestoneFact.milestone_code,
            MilestoneFact.unit_code,
            MilestoneFact.due_on,
            MilestoneFact.done_on,
            MilestoneFact.progress_pct,
            MilestoneFact.light,
        )
        .where(MilestoneFact.week == week)
        .order_by(MilestoneFact.task_code, MilestoneFact.milestone_code, MilestoneFact.unit_code)
    )
    return frame(session, query)
