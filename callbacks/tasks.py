"""挂图作战 callbacks: filters, the timeline, the task table and the unit grid; a milestone opens
its 任务进度 rows in the drill-down modal."""

from __future__ import annotations

from dash import Input, Output, State, callback, ctx, no_update

from callbacks.charts import empty_figure
from callbacks.drilldown import modal_outputs, modal_targets
from callbacks.task_figures import task_table, timeline_figure
from cockpit import battle_map, dashboard, weeks
from cockpit.access import current_caller
from cockpit.cache import cached
from cockpit.config import CITY_WIDE
from cockpit.lights import LIGHTS
from cockpit.store import StoreUnavailable, config
from pages import _ids as ids
from pages._columns import records
from pages._format import LIGHT_WORDS
from pages._shell import store_problem


@callback(
    Output(ids.TASKS_GROUP, "options"),
    Output(ids.TASKS_RESPONSIBLE, "options"),
    Input(ids.WEEK, "data"),
)
def filter_options(_week: str | None):  # noqa: ANN201
    groups = list(dict.fromkeys(t.group for t in config().tasks))
    return [{"label": g, "value": g} for g in groups], battle_map.responsible_options(config())


def _valid_filters(groups: list | None, responsible: str | None, lights: list | None) -> tuple:
    known_groups = {t.group for t in config().tasks}
    groups = [g for g in (groups or []) if g in known_groups]
    known = {o["value"] for o in battle_map.responsible_options(config())}
    return groups, responsible if responsible in known else None, [x for x in (lights or []) if x in LIGHTS]


@callback(
    Output(ids.TASKS_TIMELINE, "figure"),
    Output(ids.TASKS_TABLE, "children"),
    Output(ids.TASKS_GRID, "rowData"),
    Output(ids.TASKS_SUMMARY, "children"),
    Output(ids.TASKS_STATUS, "children"),
    Input(ids.WEEK, "data"),
    Input(ids.TASKS_GROUP, "value"),
    Input(ids.TASKS_RESPONSIBLE, "value"),
    Input(ids.TASKS_LIGHTS, "value"),
)
def show_board(week: str | None, groups: list | None, responsible: str | None, lights: list | None):  # noqa: ANN201
    if not week:
        return empty_figure("暂无数据"), None, [], None, None
    groups, responsible, lights = _valid_filters(groups, responsible, lights)
    try:
        return board_outputs(week, tuple(groups), responsible, tuple(lights), current_caller().row_units())
    except StoreUnavailable as problem:
        return empty_figure(str(problem)), None, [], None, store_problem(str(problem))


@cached
def board_outputs(
    week: str, groups: tuple[str, ...], responsible: str | None, lights: tuple[str, ...], scope: object
) -> tuple:
    """Everything the board shows for a week and filters, cached on the data version (the figure
    and the grid rows cost more to build than to read). `scope` (the caller's row units) is part
    of the cache key only: the reads below narrow rows to the caller themselves."""
    status = dashboard.milestone_status(week)
    facts = dashboard.indicator_facts(week, (CITY_WIDE,))
    rows = battle_map.board(status, config(), groups=groups, responsible=responsible, lights=lights)
    counts = battle_map.light_counts(rows)
    summary = f"共 {len(rows)} 个单位节点:" + ",".join(f"{LIGHT_WORDS[k]} {v}" for k, v in counts.items())
    grid = records(rows.drop(columns=["co_responsible"]))
    return timeline_figure(rows, config(), weeks.as_of(week)), task_table(rows, facts, config()), grid, summary, None


def _unit_of(responsible: str | None) -> str:
    return responsible.removeprefix("unit:") if responsible and responsible.startswith("unit:") else CITY_WIDE


@callback(
    *modal_targets(),
    Input(ids.TASKS_TIMELINE, "clickData"),
    Input(ids.TASKS_GRID, "cellClicked"),
    State(ids.WEEK, "data"),
    State(ids.TASKS_RESPONSIBLE, "value"),
    prevent_initial_call=True,
)
def open_milestone(click: dict | None, cell: dict | None, week: str | None, responsible: str | None):  # noqa: ANN201
    """A milestone's bar or its code in the grid: the 任务进度 rows every unit reported for it."""
    code, unit = None, _unit_of(responsible)
    if ctx.triggered_id == ids.TASKS_TIMELINE and click:
        point = click["points"][0]
        data = point.get("customdata") or []
        code = data[0] if data else None
    elif ctx.triggered_id == ids.TASKS_GRID and cell and cell.get("colId") in ("milestone_code", "milestone"):
        code = str(cell.get("rowId", "")).split("/")[0]
    known = {m.code for m in config().task_milestones}
    if not week or code not in known:
        return (no_update,) * 7
    return modal_outputs({"what": "milestones", "unit": unit, "key": code, "week": week})
