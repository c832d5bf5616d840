"""/api/v1/outlook serves the outlook export (DESIGN §11) as JSON and CSV, behind the token."""

from __future__ import annotations

import dataclasses

from cockpit import exports
from cockpit.db import get_engine, transaction
from cockpit.store import SETTINGS_KEY

WEEK = "2024-W08"


def test_outlook_over_the_api_is_the_export(callback_app, demo_store) -> None:  # noqa: ANN001
    from cockpit import tokens

    server = callback_app.server
    before = server.config[SETTINGS_KEY]
    server.config[SETTINGS_KEY] = dataclasses.replace(before, db_url=demo_store[0])
    try:
        client = server.test_client()
        with transaction(get_engine(demo_store[0])) as session:
            rows = exports.EXPORTS["outlook"](session, week=WEEK)
            token = tokens.create(session, demo_store[1], consumer="t-outlook", created_by="test")
        assert rows and all(tuple(r) == exports.COLUMNS["outlook"] for r in rows)
        denied = client.get(f"/api/v1/outlook?week={WEEK}")
        assert denied.status_code == 401
        auth = {"Authorization": f"Bearer {token}"}
        as_json = client.get(f"/api/v1/outlook?week={WEEK}", headers=auth)
        assert as_json.status_code == 200 and as_json.get_data(as_text=True) == exports.to_json(rows)
        as_csv = client.get(f"/api/v1/outlook?week={WEEK}&format=csv", headers=auth)
        assert as_csv.get_data(as_text=True) == exports.to_csv(rows, exports.COLUMNS["outlook"])
        assert as_csv.get_data(as_text=True).splitlines()[0] == (
            "week,unit_code,indicator_code,actual,pace_per_week,due_on,projected,target,at_risk"
        )
    finally:
        server.config[SETTINGS_KEY] = before
