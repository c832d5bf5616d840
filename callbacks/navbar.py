"""The navbar's toggler opens and closes its links on phones; moving to another page closes them.
Runs in the browser (assets/navbar.js)."""

from __future__ import annotations

from dash import ClientsideFunction, Input, Output, State, clientside_callback

from pages import _ids as ids

clientside_callback(
    ClientsideFunction(namespace="cockpitNav", function_name="toggle"),
    Output(ids.NAV_COLLAPSE, "is_open"),
    Input(ids.NAV_TOGGLER, "n_clicks"),
    Input(ids.URL, "pathname"),
    State(ids.NAV_COLLAPSE, "is_open"),
    prevent_initial_call=True,
)
