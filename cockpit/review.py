"""周报 (DESIGN §7 item 8, §11): what changed since the previous week, what is off track and
who answers for it, what falls due in the next 14 days, and the outlook.

`weekly_review` returns plain data (str, int, float, None in dicts and lists) so the review as
shown can be published and compared later (cockpit.publish); pages and the briefing format it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy.orm import Session

from cockpit import outlook, weeks
from cockpit.config import CITY_WIDE, Config
from cockpit.lights import DUE_SOON_DAYS
from cockpit.queries import review as q
from cockpit.review_rules import light_changes, off_track_order, run_start_from_bounds, weeks_in_run


def unit_name(config: Config, unit_code: str) -> str:
    return (
        "全市" if unit_code == CITY_WIDE else config.unit(unit_code).name if config.has_unit(unit_code) else unit_code
    )


def _task_lead(config: Config, indicator_code: str) -> str:
    task = next((t for t in config.tasks if t.code == config.indicator(indicator_code).task), None)
    return task.responsible[0] if task and task.responsible else ""


def _milestones(config: Config) -> dict:
    return {m.code: m for m in config.task_milestones}


def _changes(config: Config, session: Session, week: str, previous: str) -> dict:
    pair = (previous, week)
    ind = {(r.week, r.unit_code, r.indicator_code): r for r in q.indicator_pairs(session, weeks_=pair)}
    lights = [
        {
            "unit_code": u,
            "unit": unit_name(config, u),
            "indicator_code": k,
            "indicator": config.indicator(k).name,
            "light_before": ind[(previous, u, k)].light,
            "light_after": ind[(week, u, k)].light,
            "actual_before": ind[(previous, u, k)].actual,
            "actual_after": ind[(week, u, k)].actual,
            "kind": config.indicator(k).kind,
        }
        for u, k in light_changes(
            {(u, k): r.light for (w, u, k), r in ind.items() if w == previous},
            {(u, k): r.light for (w, u, k), r in ind.items() if w == week},
        )
    ]
    rank = {(r.week, r.unit_code): r for r in q.ranking_pairs(session, weeks_=pair)}
    ranks = sorted(
        (
            {
                "unit_code": u,
                "unit": unit_name(config, u),
                "rank_before": rank[(previous, u)].rank,
                "rank_after": r.rank,
                "rank_change": r.rank_change,
                "score_before": float(rank[(previous, u)].score),
                "score_after": float(r.score),
            }
            for (w, u), r in rank.items()
            if w == week and r.rank_change and (previous, u) in rank
        ),
        key=lambda row: (-abs(row["rank_change"]), row["unit_code"]),
    )
    rect = {(r.week, r.unit_code): r for r in q.rectification_pairs(session, weeks_=pair)}
    fresh = q.newly_overdue(session, week=week, since=weeks.as_of(previous), as_of=weeks.as_of(week))
    overdue, closed = [], []
    for (w, u), after in sorted(rect.items(), key=lambda item: (item[0][1] == CITY_WIDE, item[0][1])):
        before = rect.get((previous, u))
        if w != week or before is None:
            continue
        new = sum(fresh.values()) if u == CITY_WIDE else fresh.get(u, 0)
        if new:
            overdue.append(
                {
                    "unit_code": u,
                    "unit": unit_name(config, u),
                    "new": new,
                    "overdue_before": before.overdue,
                    "overdue_after": after.overdue,
                }
            )
        if after.supervision_closed != before.supervision_closed:
            closed.append(
                {
                    "unit_code": u,
                    "unit": unit_name(config, u),
                    "closed": after.supervision_closed - before.supervision_closed,
                    "closed_before": before.supervision_closed,
                    "closed_after": after.supervision_closed,
                    "supervision_found": after.supervision_found,
                }
            )
    ms = {(r.week, r.unit_code, r.milestone_code): r for r in q.milestone_pairs(session, weeks_=pair)}
    by_code = _milestones(config)
    milestone_rows = []
    for (w, u, code), after in sorted(ms.items(), key=lambda item: (item[0][2], item[0][1])):
        before = ms.get((previous, u, code))
        if w != week or before is None:
            continue
        done = after.done_on is not None and before.done_on is None
        late = after.light == "red" and before.light != "red"
        if done or late:
            milestone_rows.append(
                {
                    "unit_code": u,
                    "unit": unit_name(config, u),
                    "task_code": after.task_code,
                    "milestone_code": code,
                    "milestone": by_code[code].name,
                    "change": "done" if done else "late",
                    "due_on": after.due_on.isoformat(),
                    "done_on": after.done_on.isoformat() if after.done_on else None,
                    "light_before": before.light,
                    "light_after": after.light,
                    "progress_before": before.progress_pct,
                    "progress_after": after.progress_pct,
                }
            )
    subs = {(r.week, r.unit_code): r for r in q.submission_pairs(session, weeks_=pair)}
    last = q.last_submitted(session, week=week)
    missing = [
        {
            "unit_code": u,
            "unit": unit_name(config, u),
            "submitted_before": bool(subs.get((previous, u)) and subs[(previous, u)].submitted),
            "effective_week": r.effective_week,
            "last_submitted": last.get(u),
            "weeks_missing": weeks_in_run(weeks.shift(last[u], 1), week) if u in last else None,
        }
        for (w, u), r in sorted(subs.items())
        if w == week and not r.submitted
    ]
    return {
        "lights": lights,
        "ranks": ranks,
        "overdue": overdue,
        "closed": closed,
        "milestones": milestone_rows,
        "missing": missing,
    }


def _next_milestone(config: Config, task_code: str, after: dt.date) -> dict | None:
    task = next(t for t in config.tasks if t.code == task_code)
    upcoming = [m for m in task.milestones if m.due > after]
    return (
        {"code": upcoming[0].code, "name": upcoming[0].name, "due_on": upcoming[0].due.isoformat()}
        if upcoming
        else None
    )


def _off_track(config: Config, session: Session, week: str) -> list[dict]:
    as_of = weeks.as_of(week)
    runs = q.light_runs(session, week=week)
    items: list[dict] = []

    def add(kind: str, key: tuple, light: str, unit_code: str, item: str, **fields: object) -> None:
        first, not_red, not_yellow = runs[kind].get(key, (week, None, None))
        start = run_start_from_bounds(first_week=first, last_other=not_red if light == "red" else not_yellow)
        items.append(
            {
                "kind": kind,
                "light": light,
                "unit_code": unit_code,
                "unit": unit_name(config, unit_code),
                "item": item,
                "since_week": start,
                "weeks": weeks_in_run(start, week),
                **fields,
            }
        )

    due_of = {m.code: m for m in config.milestones}
    for r in q.indicator_pairs(session, weeks_=(week,)):
        if r.light in ("red", "yellow"):
            indicator = config.indicator(r.indicator_code)
            milestone = due_of[r.milestone_code]
            add(
                "indicator",
                (r.unit_code, r.indicator_code),
                r.light,
                r.unit_code,
                f"{r.indicator_code} {indicator.name}",
                code=r.indicator_code,
                actual=r.actual,
                target=r.target,
                value_kind=indicator.kind,
                responsible=_task_lead(config, r.indicator_code),
                due_next={
                    "code": milestone.code,
                    "name": milestone.label,
                    "due_on": milestone.due.isoformat(),
                    "target": r.target,
                },
            )
    deadlines = q.next_deadline(session, week=week, as_of=as_of)
    for r in q.rectification_pairs(session, weeks_=(week,)):
        if r.overdue and r.unit_code != CITY_WIDE:
            nxt = deadlines.get(r.unit_code)
            add(
                "findings",
                (r.unit_code,),
                "red",
                r.unit_code,
                "逾期未整改问题",
                overdue=r.overdue,
                found=r.found,
                responsible=unit_name(config, r.unit_code),
                due_next={"code": "", "name": "下一整改期限", "due_on": nxt.isoformat()} if nxt else None,
            )
    by_code = _milestones(config)
    for r in q.milestone_pairs(session, weeks_=(week,)):
        if r.light in ("red", "yellow"):
            m = by_code[r.milestone_code]
            add(
                "milestone",
                (r.unit_code, r.milestone_code),
                r.light,
                r.unit_code,
                f"{r.milestone_code} {m.name}",
                code=r.milestone_code,
                task_code=r.task_code,
                due_on=r.due_on.isoformat(),
                done_on=r.done_on.isoformat() if r.done_on else None,
                progress=r.progress_pct,
                responsible=m.lead,
                co_responsible=list(m.co_responsible),
                due_next=_next_milestone(config, r.task_code, max(as_of, r.due_on))
                if r.light == "red"
                else {"code": m.code, "name": m.name, "due_on": m.due.isoformat()},
            )
    return sorted(items, key=off_track_order)


def _due_soon(config: Config, session: Session, week: str) -> dict:
    as_of = weeks.as_of(week)
    until = as_of + dt.timedelta(days=DUE_SOON_DAYS)
    by_code = _milestones(config)
    milestones = [
        {
            "unit_code": r.unit_code,
            "unit": unit_name(config, r.unit_code),
            "task_code": r.task_code,
            "milestone_code": r.milestone_code,
            "milestone": by_code[r.milestone_code].name,
            "due_on": r.due_on.isoformat(),
            "progress": r.progress_pct,
            "light": r.light,
            "responsible": by_code[r.milestone_code].lead,
        }
        for r in sorted(
            q.milestone_pairs(session, weeks_=(week,)), key=lambda r: (r.due_on, r.milestone_code, r.unit_code)
        )
        if as_of <= r.due_on <= until and r.done_on is None
    ]
    findings = [
        {"unit_code": u, "unit": unit_name(config, u), "due_on": due.isoformat(), "findings": n}
        for u, due, n in q.open_deadlines(session, week=week, as_of=as_of, until=until)
    ]
    return {"until": until.isoformat(), "milestones": milestones, "findings": findings}


def _outlook(config: Config, session: Session, week: str) -> list[dict]:
    rows = outlook.outlook_rows(session, config, week=week)
    return [
        {
            **{k: (float(v) if k in ("pace_per_week", "projected") and v is not None else v) for k, v in r.items()},
            "unit": unit_name(config, r["unit_code"]),
            "indicator": config.indicator(r["indicator_code"]).name,
            "kind": config.indicator(r["indicator_code"]).kind,
            "unit_label": config.indicator(r["indicator_code"]).unit_label,
        }
        for r in rows
    ]


def weekly_review(session: Session, config: Config, *, week: str) -> dict:
    """The whole 周报 of `week` as plain data; sections are lists of dicts."""
    previous = weeks.previous(week)
    return {
        "week": week,
        "previous": previous,
        "as_of": weeks.as_of(week).isoformat(),
        "changes": _changes(config, session, week, previous),
        "off_track": _off_track(config, session, week),
        "due_soon": _due_soon(config, session, week),
        "outlook": _outlook(config, session, week),
    }


def counts_by_light(items: list[dict]) -> dict[str, int]:
    result: dict[str, int] = defaultdict(int)
    for item in items:
        result[item["light"]] += 1
    return dict(result)
