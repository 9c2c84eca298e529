"""Counts for management information and data quality, refreshed from the records.

`statistic_counts` holds one row per day, measure, key, area, disposal and offence group: the
statistics page sums these instead of scanning every case, so it answers as fast at a million cases
as at a thousand. It is rebuilt from the records (webapp.services.statistics.refresh), never edited.
`data_quality_counts` keeps each day's count of every data-quality problem, for the trend.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db
from webapp.models._types import utcnow


class StatisticCount(db.Model):
    __tablename__ = "statistic_counts"
    id: Mapped[int] = mapped_column(primary_key=True)
    measure: Mapped[str] = mapped_column(String(20))
    day: Mapped[date]
    month: Mapped[str] = mapped_column(String(7))
    key: Mapped[str] = mapped_column(String(40), default="")
    area_id: Mapped[int | None]
    disposal: Mapped[str] = mapped_column(String(30), default="")
    offence_group: Mapped[str] = mapped_column(String(60), default="")
    value: Mapped[int] = mapped_column(BigInteger, default=0)


Index("ix_statistic_counts_measure_day", StatisticCount.measure, StatisticCount.day)


class StatisticsRefresh(db.Model):
    """When the counts were last rebuilt, and how long it took: the page says how fresh they are."""

    __tablename__ = "statistics_refreshes"
    id: Mapped[int] = mapped_column(primary_key=True)
    finished_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    seconds: Mapped[float] = mapped_column(default=0.0)
    rows: Mapped[int] = mapped_column(default=0)


class DataQualityCount(db.Model):
    __tablename__ = "data_quality_counts"
    __table_args__ = (UniqueConstraint("day", "check_key", name="uq_data_quality_counts_day_check_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(index=True)
    check_key: Mapped[str] = mapped_column(String(40))
    count: Mapped[int] = mapped_column(default=0)
