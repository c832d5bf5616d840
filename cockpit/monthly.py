"""月清单 (DESIGN §11): everything due in a month and its state as of the month's last day,
or the latest week's Sunday while the month is not over: what was done, what slipped."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from sqlalchemy.orm import Session

from cockpit import weeks
from cockpit.config import Config
from cockpit.lights import milestone_light
from cockpit.queries import review as q
from cockpit.review import unit_name

_MONTH_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")


class MonthError(ValueError):
    """Not a month of the form 2025-06."""


def parse_month(text: str) -> tuple[dt.date, dt.date]:
    """First and last day of '2025-06'."""
    match = _MONTH_RE.match(str(text))
    if not match or not 1 <= int(match.group(2)) <= 12 or not 2000 <= int(match.group(1)) <= 2100:
        raise MonthError(f"“{text}”不是月份(应为 2025-06 的形式)")
    year, month = int(match.group(1)), int(match.group(2))
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def state_day(month_last: dt.date, latest_week: str) -> tuple[dt.date, str]:
    """The day the month's list is judged at, and the week whose effective submissions say it."""
    day = min(month_last, weeks.as_of(latest_week))
    week = weeks.week_of(day)
    return day, week if week <= latest_week else latest_week


def milestone_state(done_on: dt.date | None, due: dt.date, day: dt.date) -> str:
    """按期完成 / 逾期完成 / 逾期未完成 / 未完成 (not yet due) at `day`."""
    if done_on is not None and done_on <= day:
        return "按期完成" if done_on <= due else "逾期完成"
    return "逾期未完成" if day > due else "未完成"


def monthly_list(session: Session, config: Config, *, month: str, latest_week: str) -> dict:
    """Milestones and findings' 整改期限 due in `month`, with their state."""
    first, last = parse_month(month)
    day, week = state_day(last, latest_week)
    due = [m for m in config.task_milestones if first <= m.due <= last]
    reports = {
        (r.unit_code, r.milestone_code): r
        for r in q.milestone_reports(session, week=week, milestone_codes=tuple(m.code for m in due))
    }
    milestones = []
    for m in due:
        for unit_code in config.milestone_units(m):
            r = reports.get((unit_code, m.code))
            done_on = r.done_on if r is not None and r.is_done and r.done_on and r.done_on <= day else None
            milestones.append(
                {
                    "task_code": m.task,
                    "milestone_code": m.code,
                    "milestone": m.name,
                    "unit_code": unit_code,
                    "unit": unit_name(config, unit_code),
                    "responsible": m.lead,
                    "due_on": m.due.isoformat(),
                    "done_on": done_on.isoformat() if done_on else None,
                    "progress": r.progress_pct if r is not None else None,
                    "reported": r is not None,
                    "state": milestone_state(done_on, m.due, day),
                    "light": milestone_light(done_on, due=m.due, as_of=day),
                }
            )
    findings = [
        {
            "unit_code": u,
            "unit": unit_name(config, u),
            "due": n,
            "on_time": on_time,
            "late": late,
            "slipped": slipped,
            "open": open_,
        }
        for u, n, on_time, late, slipped, open_ in q.findings_due_in(
            session, week=week, first=first, last=last, as_of=day
        )
    ]
    return {
        "month": f"{first.year}-{first.month:02d}",
        "first": first.isoformat(),
        "last": last.isoformat(),
        "state_on": day.isoformat(),
        "week": week,
        "complete": day >= last,
        "milestones": milestones,
        "findings": findings,
    }
