"""Published snapshots (DESIGN §11): what the weekly meeting saw, frozen.

Publishing week W stores a numbered version with who and when, the week's export tables and the
review as shown, as JSON text. Loads and rebuilds never touch these tables.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from cockpit.models import Base


class PublishedVersion(Base):
    __tablename__ = "published_version"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    week: Mapped[str] = mapped_column(String(8))
    version: Mapped[int] = mapped_column(Integer)  # 1, 2, … per week
    published_by: Mapped[str] = mapped_column(String(64))
    published_at: Mapped[dt.datetime] = mapped_column(DateTime)
    data_version: Mapped[str] = mapped_column(String(64))  # the store's data version at publishing
    review: Mapped[str] = mapped_column(Text)  # JSON of cockpit.review.weekly_review

    __table_args__ = (Index("uq_published_version_week", "week", "version", unique=True),)


class PublishedTable(Base):
    __tablename__ = "published_table"
    version_id: Mapped[int] = mapped_column(ForeignKey("published_version.id", ondelete="CASCADE"), primary_key=True)
    what: Mapped[str] = mapped_column(String(16), primary_key=True)  # kpi, rectification, … outlook
    rows: Mapped[str] = mapped_column(Text)  # JSON list of the export's rows
