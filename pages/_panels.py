"""Small layout pieces of the 填报 and 督办 pages: a titled panel and a plain AG Grid."""

from __future__ import annotations

import dash_ag_grid as dag
from dash import html

from pages._shell import GRID_LOCALE


def panel(title: str, *children: object, **props: object) -> html.Section:
    return html.Section([html.H2(title, className="panel-title"), *children], className="panel", **props)


def grid(grid_id: str, height: str, dashGridOptions: dict | None = None, **props: object) -> dag.AgGrid:  # noqa: N803
    """An empty grid the callbacks fill; text can be selected and copied."""
    options = {
        "localeText": GRID_LOCALE | {"noRowsToShow": "暂无数据"},
        "animateRows": False,
        "enableCellTextSelection": True,
    } | (dashGridOptions or {})
    return dag.AgGrid(
        id=grid_id,
        rowData=[],
        columnDefs=[],
        defaultColDef={"sortable": True, "resizable": True, "filter": True},
        dashGridOptions=options,
        columnSize="responsiveSizeToFit",
        className="ag-theme-quartz",
        style={"height": height} if height else {},
        **props,
    )
