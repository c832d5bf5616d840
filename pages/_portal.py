"""The sub-portal's three panels as layout pieces, shared by /portal and the panel pages that the
province's 微门户 matrix frames (/portal/tasks?embed=1 …). No I/O: each panel carries its
requested week in a store and a callback (callbacks/portal.py) fills it."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html
from flask import has_app_context

from cockpit.portal_config import PortalConfig, portal_config
from cockpit.store import config
from pages import _ids as ids
from pages._shell import page

PANEL_PATHS = {"tasks": "/portal/tasks", "business": "/portal/business", "featured": "/portal/featured"}
EMBED_PATHS = tuple(PANEL_PATHS.values())
PANEL_TITLES = {"tasks": "年度重点工作推进", "business": "核心业务", "featured": "特色工作"}
ALL = "all"  # the filters' "every unit / category" value


def _section(kind: str, store_id: str, week: str | None, body_id: str, *extra: object) -> html.Section:
    return html.Section(
        [
            html.H2(PANEL_TITLES[kind], className="panel-title portal-panel-title"),
            dcc.Store(id=store_id, data=week),
            *extra,
            html.Div(id=body_id, className="portal-panel-body"),
        ],
        className=f"panel portal-panel portal-{kind}",
    )


def tasks_panel(week: str | None) -> html.Section:
    return _section("tasks", ids.PORTAL_TASKS_WEEK, week, ids.PORTAL_TASKS)


def business_panel(week: str | None) -> html.Section:
    return _section("business", ids.PORTAL_BUSINESS_WEEK, week, ids.PORTAL_BUSINESS)


def featured_panel(week: str | None) -> html.Section:
    units = [{"label": u.name, "value": u.code} for u in config().units] if has_app_context() else []
    filters = html.Div(
        [
            html.Label("单位", htmlFor=ids.PORTAL_FEATURED_UNIT),
            dbc.Select(
                id=ids.PORTAL_FEATURED_UNIT,
                options=[{"label": "全部单位", "value": ALL}, *units],
                value=ALL,
                size="sm",
            ),
            html.Label("类别", htmlFor=ids.PORTAL_FEATURED_CATEGORY),
            dbc.Select(
                id=ids.PORTAL_FEATURED_CATEGORY,
                options=[{"label": "全部类别", "value": ALL}],
                value=ALL,
                size="sm",
            ),
        ],
        className="portal-filters",
    )
    return _section("featured", ids.PORTAL_FEATURED_WEEK, week, ids.PORTAL_FEATURED, filters)


PANELS = {"tasks": tasks_panel, "business": business_panel, "featured": featured_panel}


def _height() -> int:
    return portal_config().embed_height_px if has_app_context() else PortalConfig.embed_height_px


def panel_page(kind: str, week: str | None, embed: str | None) -> html.Div:
    """One panel alone: with the cockpit's navbar and week bar, or (embed=1) chromeless, at the
    fixed height the iframe is given, scrolling inside."""
    panel = PANELS[kind](week)
    if embed == "1":
        return html.Div(panel, className="chromeless portal-embed", style={"height": f"{_height()}px"})
    return page(f"分门户 · {PANEL_TITLES[kind]}", week, html.Div(panel, className="portal-single"))
