"""分门户 callbacks: each panel resolves its week and fills itself, on /portal and on its own
(embedded) page alike. Filters are checked against config and the week's data."""

from __future__ import annotations

from dash import Input, Output, callback

from callbacks.portal_panels import business_body, featured_body, tasks_body
from cockpit import dashboard
from cockpit.config import CITY_WIDE
from cockpit.store import StoreUnavailable, config
from pages import _ids as ids
from pages._portal import ALL
from pages._shell import store_problem


@callback(Output(ids.PORTAL_TASKS, "children"), Input(ids.PORTAL_TASKS_WEEK, "data"))
def show_tasks(requested: str | None):  # noqa: ANN201
    try:
        week = dashboard.resolve_week(_text(requested))
        return tasks_body(week, dashboard.milestones_by_task(week), dashboard.milestones_by_unit(week), config())
    except StoreUnavailable as problem:
        return store_problem(str(problem))


@callback(Output(ids.PORTAL_BUSINESS, "children"), Input(ids.PORTAL_BUSINESS_WEEK, "data"))
def show_business(requested: str | None):  # noqa: ANN201
    try:
        week = dashboard.resolve_week(_text(requested))
        facts = dashboard.indicator_facts(week, (CITY_WIDE,))
        rect = dashboard.rectification_facts(week, (CITY_WIDE,))
    except StoreUnavailable as problem:
        return store_problem(str(problem))
    return business_body(week, facts, rect, config())


@callback(
    Output(ids.PORTAL_FEATURED, "children"),
    Output(ids.PORTAL_FEATURED_CATEGORY, "options"),
    Input(ids.PORTAL_FEATURED_WEEK, "data"),
    Input(ids.PORTAL_FEATURED_UNIT, "value"),
    Input(ids.PORTAL_FEATURED_CATEGORY, "value"),
)
def show_featured(requested: str | None, unit: str | None, category: str | None):  # noqa: ANN201
    options = [{"label": "全部类别", "value": ALL}]
    try:
        week = dashboard.resolve_week(_text(requested))
        categories = dashboard.featured_categories(week)
        unit_code = _text(unit) if config().has_unit(_text(unit) or "") else None
        picked = _text(category) if _text(category) in categories else None
        rows = dashboard.featured_work(week, unit_code=unit_code, category=picked)
    except StoreUnavailable as problem:
        return store_problem(str(problem)), options
    options += [{"label": c, "value": c} for c in categories]
    return featured_body(week, rows, config()), options


def _text(value: object) -> str | None:
    """A client value as a short string, or None (a store or select may hold anything)."""
    return value[:64] if isinstance(value, str) and value else None
