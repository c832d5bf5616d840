"""Rectification breakdown facts: the figures of each unit by category, found month and origin.

The pages' breakdowns (审计整改 by 问题类别, 发现月份, 问题来源) are read from here, a few hundred
rows per week, instead of scanning a province's million findings per request. They are computed in
the same recompute as the other facts (`cockpit.facts`), with the same rules
(`cockpit.predicates`), one row per (week, dimension, unit, key) and `ALL` rows for the city.
"""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from cockpit.models import Base, RectificationFigures


class RectificationBreakdownFact(RectificationFigures, Base):
    __tablename__ = "rectification_breakdown_fact"
    week: Mapped[str] = mapped_column(String(8), primary_key=True)
    dimension: Mapped[str] = mapped_column(String(8), primary_key=True)  # category / month / origin
    unit_code: Mapped[str] = mapped_column(String(12), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
