"""Query results as DataFrames, with the query's column names."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Select
from sqlalchemy.orm import Session

ROW_LIMIT = 5000  # rows a drill-down shows at most; a province's findings run to millions


def frame(session: Session, query: Select) -> pd.DataFrame:
    result = session.execute(query)
    return pd.DataFrame(result.all(), columns=list(result.keys()))
