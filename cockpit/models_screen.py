"""The store's data version (DESIGN §10): one row whose number every load, rebuild and publish
increases, so a wall screen can ask "anything new?" with a single primary-key read."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, DateTime, Integer
from sqlalchemy.orm import Mapped, mapped_column

from cockpit.models import Base

VERSION_ROW = 1  # the table holds this one row


class DataVersion(Base):
    __tablename__ = "data_version"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger)
    changed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
