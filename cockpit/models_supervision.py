"""亮灯督办: a 督办 issued on a red item, and every step taken on it (DESIGN §12).

The state is stored as the last step left it; 逾期未响应 is derived from the deadline when shown
(cockpit.supervision.shown_state), never stored. Steps are only ever added.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from cockpit.models import Base


class SupervisionItem(Base):
    """One 督办: what is red (indicator × unit, a milestone, a unit's overdue findings), who
    answers for it, by when, and what is asked."""

    __tablename__ = "supervision_item"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subject_kind: Mapped[str] = mapped_column(String(12))  # indicator / milestone / findings
    subject_code: Mapped[str] = mapped_column(String(16))  # K4, T7-2, overdue
    unit_code: Mapped[str] = mapped_column(String(12))  # the responsible unit
    week: Mapped[str] = mapped_column(String(8))  # the week the item was red in
    title: Mapped[str] = mapped_column(String(255))
    request: Mapped[str] = mapped_column(Text)  # what is asked
    deadline: Mapped[dt.date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(12))  # pending / responded / returned / closed
    proposed: Mapped[bool] = mapped_column(Boolean, default=False)  # red two weeks running
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)

    __table_args__ = (
        Index("ix_supervision_item_unit", "unit_code", "state"),
        Index("ix_supervision_item_subject", "subject_kind", "subject_code", "unit_code"),
    )


class SupervisionStep(Base):
    """One transition of a 督办: who, when, from and to which state, and what they wrote."""

    __tablename__ = "supervision_step"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("supervision_item.id", ondelete="CASCADE"))
    action: Mapped[str] = mapped_column(String(12))  # issue / respond / return / close
    from_state: Mapped[str | None] = mapped_column(String(12))
    to_state: Mapped[str] = mapped_column(String(12))
    actor: Mapped[str] = mapped_column(String(64))
    actor_role: Mapped[str] = mapped_column(String(16))
    acted_at: Mapped[dt.datetime] = mapped_column(DateTime)
    text: Mapped[str] = mapped_column(Text)  # the request, the explanation, or the reason
    measures: Mapped[str | None] = mapped_column(Text)  # a response's measures
    planned_on: Mapped[dt.date | None] = mapped_column(Date)  # a response's planned completion

    __table_args__ = (Index("ix_supervision_step_item", "item_id"),)
