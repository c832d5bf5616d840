"""挂图作战 (DESIGN §4, §7 item 4): the tasks' milestones with each unit's light, narrowed by task
group, responsible 处室 or unit, and light; and one light per milestone for the timeline."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from cockpit.config import Config, TaskMilestone

SUMMARY_ORDER = ("red", "yellow", "grey", "green")  # the worst light of the units decides


def summary_light(lights: Iterable[str]) -> str | None:
    """A milestone's light over its units: red if any is red, else yellow, else grey (open, not
    due), green only when every unit is done in time. None without units."""
    present = set(lights)
    return next((light for light in SUMMARY_ORDER if light in present), None)


def responsible_options(config: Config) -> list[dict]:
    """The 处室 named in tasks.toml, then the reporting units, as filter choices."""
    named = {name for m in config.task_milestones for name in (m.lead, *m.co_responsible)}
    departments = [d for d in (*config.departments, config.all_districts_label) if d in named]
    return [{"label": d, "value": f"dept:{d}"} for d in departments] + [
        {"label": u.name, "value": f"unit:{u.code}"} for u in config.units
    ]


def _named(milestone: TaskMilestone) -> tuple[str, ...]:
    return (milestone.lead, *milestone.co_responsible)


def board(
    status: pd.DataFrame,
    config: Config,
    *,
    groups: Iterable[str] | None = None,
    responsible: str | None = None,
    lights: Iterable[str] | None = None,
) -> pd.DataFrame:
    """The (milestone, unit) rows of `status` (cockpit.queries.tasks.milestone_status) that pass
    the filters, with the milestone's name and lead. `responsible` is "dept:<处室>" (milestones
    that name it) or "unit:<code>" (that unit's rows)."""
    milestones = {m.code: m for m in config.task_milestones}
    group_of = {t.code: t.group for t in config.tasks}
    keep = status["milestone_code"].isin(list(milestones))
    if groups:
        keep &= status["task_code"].map(group_of).isin(list(groups))
    if responsible and responsible.startswith("dept:"):
        name = responsible.removeprefix("dept:")
        keep &= status["milestone_code"].isin([code for code, m in milestones.items() if name in _named(m)])
    elif responsible and responsible.startswith("unit:"):
        keep &= status["unit_code"] == responsible.removeprefix("unit:")
    if lights is not None:
        keep &= status["light"].isin(list(lights))
    rows = status[keep].copy()
    rows["milestone"] = rows["milestone_code"].map({c: m.name for c, m in milestones.items()})
    rows["lead"] = rows["milestone_code"].map({c: m.lead for c, m in milestones.items()})
    rows["co_responsible"] = rows["milestone_code"].map({c: "、".join(m.co_responsible) for c, m in milestones.items()})
    rows["unit_name"] = rows["unit_code"].map({u.code: u.name for u in config.units}).fillna(rows["unit_code"])
    return rows.reset_index(drop=True)


def light_counts(rows: pd.DataFrame) -> dict[str, int]:
    counts = rows["light"].value_counts().to_dict() if not rows.empty else {}
    return {light: int(counts.get(light, 0)) for light in ("green", "yellow", "red", "grey")}
