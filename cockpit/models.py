"""The reporting store: submissions and their normalised rows, ETL runs, and the facts.

Facts are kept per (week, unit) so any past week can be shown as it was. City-wide fact rows
carry unit_code "ALL". Amounts are integer fen-of-万元 (1 万元 = 1,000,000) so sums are exact on
every database; rates are stored as floats for display, but lights and scores are decided
exactly before they are stored.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from cockpit.amounts import AMOUNT_SCALE  # noqa: F401 - amounts are stored in these units

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Submission(Base):
    """One accepted workbook. A resubmission for the same unit and week supersedes it."""

    __tablename__ = "submission"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_code: Mapped[str] = mapped_column(String(12))
    report_week: Mapped[str] = mapped_column(String(8))
    sha256: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(String(255))
    size_bytes: Mapped[int] = mapped_column(Integer)
    reporter: Mapped[str | None] = mapped_column(String(64))
    phone: Mapped[str | None] = mapped_column(String(32))
    loaded_at: Mapped[dt.datetime] = mapped_column(DateTime)
    superseded_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    superseded_by: Mapped[int | None] = mapped_column(ForeignKey("submission.id"))
    warnings: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of messages

    __table_args__ = (
        Index(
            "uq_submission_current",
            "unit_code",
            "report_week",
            unique=True,
            sqlite_where=text("superseded_at IS NULL"),
            postgresql_where=text("superseded_at IS NULL"),
        ),
        Index("ix_submission_week", "report_week"),
    )


class LedgerRow(Base):
    """指标台账: one planned item of an indicator. `is_done` is 已完成 (or a synonym)."""

    __tablename__ = "ledger_row"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submission.id", ondelete="CASCADE"))
    row_no: Mapped[int] = mapped_column(Integer)
    indicator_code: Mapped[str] = mapped_column(String(8))
    item_id: Mapped[str] = mapped_column(String(64))
    item_name: Mapped[str] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(8))
    status_raw: Mapped[str] = mapped_column(String(16))
    is_done: Mapped[bool] = mapped_column(Boolean)
    done_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("ix_ledger_row_submission", "submission_id", "indicator_code"),)


class RectificationRow(Base):
    """整改台账: one audit finding."""

    __tablename__ = "rectification_row"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submission.id", ondelete="CASCADE"))
    row_no: Mapped[int] = mapped_column(Integer)
    issue_id: Mapped[str] = mapped_column(String(64))
    audit_project: Mapped[str] = mapped_column(String(255))
    category: Mapped[str] = mapped_column(String(64))
    summary: Mapped[str | None] = mapped_column(Text)
    amount: Mapped[int] = mapped_column(BigInteger)  # AMOUNT_SCALE units per 万元
    found_on: Mapped[dt.date] = mapped_column(Date)
    due_on: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(8))
    is_rectified: Mapped[bool] = mapped_column(Boolean)
    rectified_on: Mapped[dt.date | None] = mapped_column(Date)
    origin: Mapped[str] = mapped_column(String(8))
    is_supervision: Mapped[bool] = mapped_column(Boolean)
    closed_on: Mapped[dt.date | None] = mapped_column(Date)

    __table_args__ = (
        # the drill-downs narrow one submission's findings by found month or by category, and the
        # overdue list reads each submission's findings in 整改期限 order; each also serves a
        # lookup by submission alone (migration 0007 dropped the index of that alone)
        Index("ix_rectification_row_found", "submission_id", "found_on"),
        Index("ix_rectification_row_category", "submission_id", "category"),
        Index("ix_rectification_row_due", "submission_id", "due_on"),
    )


class TaskProgressRow(Base):
    """任务进度: a unit's progress on a task milestone it answers for."""

    __tablename__ = "task_progress_row"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submission.id", ondelete="CASCADE"))
    row_no: Mapped[int] = mapped_column(Integer)
    task_code: Mapped[str] = mapped_column(String(8))
    milestone_code: Mapped[str] = mapped_column(String(16))
    progress_pct: Mapped[float] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(8))
    is_done: Mapped[bool] = mapped_column(Boolean)
    done_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("ix_task_progress_row_submission", "submission_id"),)


class FeaturedWorkRow(Base):
    """特色工作: featured work shown on the sub-portal."""

    __tablename__ = "featured_work_row"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submission.id", ondelete="CASCADE"))
    row_no: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(255))
    category: Mapped[str] = mapped_column(String(64))
    date: Mapped[dt.date] = mapped_column(Date)
    summary: Mapped[str] = mapped_column(Text)

    __table_args__ = (Index("ix_featured_work_row_submission", "submission_id"),)


class EtlRun(Base):
    """One file (or one rebuild) the ETL processed: what was read, the result, the errors."""

    __tablename__ = "etl_run"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    command: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(512))
    sha256: Mapped[str | None] = mapped_column(String(64))
    unit_code: Mapped[str | None] = mapped_column(String(12))
    report_week: Mapped[str | None] = mapped_column(String(8))
    started_at: Mapped[dt.datetime] = mapped_column(DateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    result: Mapped[str] = mapped_column(String(12))  # accepted / rejected / rebuilt
    row_counts: Mapped[str] = mapped_column(Text, default="{}")  # JSON {sheet: rows}
    errors: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of issue dicts
    warnings: Mapped[str] = mapped_column(Text, default="[]")
    submission_id: Mapped[int | None] = mapped_column(Integer)


class FactDirty(Base):
    """Weeks whose facts must be recomputed; written in the load's own transaction so a crash
    between loading and recomputing is finished by the next run."""

    __tablename__ = "fact_dirty"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    from_week: Mapped[str] = mapped_column(String(8))
    to_week: Mapped[str] = mapped_column(String(8))


class FactWeek(Base):
    __tablename__ = "fact_week"
    week: Mapped[str] = mapped_column(String(8), primary_key=True)
    as_of: Mapped[dt.date] = mapped_column(Date)
    computed_at: Mapped[dt.datetime] = mapped_column(DateTime)


class SubmissionFact(Base):
    """报送情况: per unit and week, whether it submitted, and which submission is in effect."""

    __tablename__ = "submission_fact"
    week: Mapped[str] = mapped_column(String(8), primary_key=True)
    unit_code: Mapped[str] = mapped_column(String(12), primary_key=True)
    submitted: Mapped[bool] = mapped_column(Boolean)
    effective_week: Mapped[str | None] = mapped_column(String(8))
    submission_id: Mapped[int | None] = mapped_column(Integer)
    as_of: Mapped[dt.date] = mapped_column(Date)


class IndicatorFact(Base):
    __tablename__ = "indicator_fact"
    week: Mapped[str] = mapped_column(String(8), primary_key=True)
    unit_code: Mapped[str] = mapped_column(String(12), primary_key=True)
    indicator_code: Mapped[str] = mapped_column(String(8), primary_key=True)
    numerator: Mapped[int] = mapped_column(Integer)
    denominator: Mapped[int | None] = mapped_column(Integer)
    actual: Mapped[float | None] = mapped_column(Float)
    target: Mapped[float] = mapped_column(Float)
    target_text: Mapped[str] = mapped_column(String(16))  # exact decimal of the config
    trajectory: Mapped[float] = mapped_column(Float)
    milestone_code: Mapped[str] = mapped_column(String(8))
    light: Mapped[str] = mapped_column(String(8))
    carried_forward: Mapped[bool] = mapped_column(Boolean)


class RectificationFigures:
    """The stored figures of a set of findings (DESIGN §6): a unit's in RectificationFact, a unit's
    per category / month / origin in RectificationBreakdownFact (cockpit.models_rectification)."""

    found: Mapped[int] = mapped_column(Integer)
    rectified: Mapped[int] = mapped_column(Integer)
    rate: Mapped[float | None] = mapped_column(Float)
    in_progress: Mapped[int] = mapped_column(Integer)
    overdue: Mapped[int] = mapped_column(Integer)
    amount_found: Mapped[int] = mapped_column(BigInteger)
    amount_rectified: Mapped[int] = mapped_column(BigInteger)
    supervision_found: Mapped[int] = mapped_column(Integer)
    supervision_closed: Mapped[int] = mapped_column(Integer)


class RectificationFact(RectificationFigures, Base):
    __tablename__ = "rectification_fact"
    week: Mapped[str] = mapped_column(String(8), primary_key=True)
    unit_code: Mapped[str] = mapped_column(String(12), primary_key=True)
    carried_forward: Mapped[bool] = mapped_column(Boolean)


class RankingFact(Base):
    __tablename__ = "ranking_fact"
    week: Mapped[str] = mapped_column(String(8), primary_key=True)
    unit_code: Mapped[str] = mapped_column(String(12), primary_key=True)
    score: Mapped[str] = mapped_column(String(8))  # exact, 2 decimals, e.g. "87.50"
    rank: Mapped[int] = mapped_column(Integer)
    rank_change: Mapped[int | None] = mapped_column(Integer)


class MilestoneFact(Base):
    __tablename__ = "milestone_fact"
    week: Mapped[str] = mapped_column(String(8), primary_key=True)
    milestone_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    unit_code: Mapped[str] = mapped_column(String(12), primary_key=True)
    task_code: Mapped[str] = mapped_column(String(8))
    due_on: Mapped[dt.date] = mapped_column(Date)
    done_on: Mapped[dt.date | None] = mapped_column(Date)
    progress_pct: Mapped[float | None] = mapped_column(Float)
    light: Mapped[str] = mapped_column(String(8))


from cockpit import (  # noqa: E402,F401 - tables of their own modules, in the metadata Alembic sees
    models_access,
    models_publish,
    models_rectification,
    models_screen,
    models_supervision,
)
