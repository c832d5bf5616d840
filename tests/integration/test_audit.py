"""The audit log: `record` appends who, what and outcome; on PostgreSQL nothing can change it."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import delete, select, update
from sqlalchemy.exc import DBAPIError

from cockpit import audit
from cockpit.access import Caller
from cockpit.db import transaction
from cockpit.models_access import AuditEvent


def test_record_appends_who_what_and_outcome(store) -> None:  # noqa: ANN001
    actor = Caller(user_id=7, username="xihu", role="district", unit_code="330106")
    audit.record("export", "明细.xlsx", "ok", {"scope": ["330106"]}, engine=store.engine, actor=actor)
    audit.record("sign_in_failed", "", "failed", engine=store.engine, actor=actor, username="nobody")
    with transaction(store.engine) as session:
        events = session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
        assert [(e.username, e.role, e.unit_code, e.action, e.outcome) for e in events] == [
            ("xihu", "district", "330106", "export", "ok"),
            ("nobody", "district", "330106", "sign_in_failed", "failed"),
        ]
        assert json.loads(events[0].detail) == {"scope": ["330106"]}
        assert events[0].address == "cli" and events[0].target == "明细.xlsx"
        assert audit.failures_since(session, since=events[0].at, username="nobody") == 1


def test_cli_entries_name_the_os_user(store) -> None:  # noqa: ANN001
    audit.record("user_add", "alice", engine=store.engine)
    with transaction(store.engine) as session:
        event = session.scalars(select(AuditEvent)).one()
    assert event.username.startswith("cli:") and event.role == "cli"


@pytest.mark.parametrize("store", ["postgresql"], indirect=True)  # the trigger is PostgreSQL's (production)
@pytest.mark.parametrize("statement", ["update", "delete"])
def test_postgresql_refuses_changing_the_log(store, statement: str) -> None:  # noqa: ANN001
    audit.record("sign_in", engine=store.engine)
    change = update(AuditEvent).values(outcome="failed") if statement == "update" else delete(AuditEvent)
    with pytest.raises(DBAPIError, match="append-only"), transaction(store.engine) as session:
        session.execute(change)
    assert store.count(AuditEvent) == 1
