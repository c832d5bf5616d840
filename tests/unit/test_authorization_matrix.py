"""The authorization matrix (issue 7 §2): every callback in `app.callback_map`, for every role and
for no session, posted straight to /_dash-update-component with a real session cookie and the
CSRF header — with another unit's code in every id and value, missing and malformed values — and
the same for downloads, pages and /api/v1. No answer may hold a row of a unit the caller may not
see, a traceback, or a 500. The count of callbacks × roles × inputs tried is printed.

`test_the_matrix_catches_a_planted_leak` shows the checks can fail: with the row scope taken out
of cockpit.dashboard, the same walk finds the other unit's rows.
"""

from __future__ import annotations

import base64
import io
import json
import logging
import re
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from dash._utils import split_callback_id, stringify_id
from sqlalchemy import select

from cockpit import dashboard, tokens
from cockpit.access import ROLES, callback_roles
from cockpit.cache import cache
from cockpit.db import get_engine, transaction
from cockpit.gate import output_ids
from cockpit.models import RectificationRow, Submission
from tests.unit.conftest import DISTRICT_UNIT, LAST

OTHER = "330105"
ROW_KEYS = {"item_id", "item_name", "issue_id", "audit_project", "summary", "file_name", "sha256", "reporter"}
# Values tried in every slot, besides the plausible ones: missing, malformed, hostile.
HOSTILE = [
    None,
    "",
    OTHER,
    "ALL",
    12345,
    [],
    {},
    [OTHER],
    {"unit": OTHER, "unit_code": OTHER},
    "2024-W99",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    {"$ne": None},
]
# Callbacks whose every input is validated (the access branch's): they may not raise on any input.
CHECKED_INPUTS = ("..drill-modal.is_open...", "drill-download", "..admin-", "admin-")
PAGES = [
    "/",
    "/districts",
    f"/districts/{OTHER}",
    f"/districts/{DISTRICT_UNIT}",
    "/rankings",
    "/rectification",
    "/admin",
    "/screen",
    "/portal",
    "/no-such-page",
]


def plausible(component: str, prop: str) -> list:
    """Values a real page could send for this input, each aimed at another unit's rows."""
    if prop == "data" and "week" in component:
        return [LAST]
    drill = {"what": "findings", "unit": OTHER, "key": "found", "week": LAST}
    return {
        "data": [OTHER, drill, drill | {"what": "ledger", "key": "K1"}, {**drill, "category": "x", "month": "2024-01"}],
        "value": [OTHER, "K1", ["K1", "K2"], 7],
        "n_clicks": [1],
        "cellClicked": [{"colId": "K1", "rowId": OTHER}, {"colId": "rect", "rowId": OTHER}],
        "clickData": [{"points": [{"x": "2024-01", "y": "财政收支", "customdata": [OTHER, 1, 1]}]}],
        "selectedRows": [[{"unit_code": OTHER, "username": "t-admin", "consumer": "x"}]],
        "pathname": [f"/districts/{OTHER}", "/admin", "/screen"],
        "search": [f"?week={LAST}&unit={OTHER}"],
    }.get(prop, [OTHER])


def drill_ids(unit: str) -> list[dict]:
    return [
        {"type": "drill", "what": what, "unit": unit, "key": key}
        for what, key in (("ledger", "K1"), ("ledger", "K1:done"), ("findings", "found"), ("findings", "overdue"))
    ]


@dataclass
class Tally:
    tried: int = 0
    problems: list[str] = field(default_factory=list)


def _pattern_values(spec_id: str, variant: object) -> list[dict]:
    """The entries of a wildcard (ALL) input: concrete drill ids of another unit, or broken ones."""
    pattern = json.loads(spec_id)
    if variant == "other":
        return [{"id": i, "property": None, "value": 1} for i in drill_ids(OTHER) + drill_ids("ALL")]
    broken = [{"type": pattern.get("type", "x")}, {**{k: OTHER for k in pattern}, "type": pattern.get("type")}]
    return [{"id": i, "property": None, "value": variant} for i in broken]


def bodies(key: str, spec: dict) -> Iterator[dict]:
    """Crafted request bodies for one callback: plausible values, then each slot swept through the
    plausible and hostile values, then every slot missing."""
    split = split_callback_id(key)
    outputs = [
        {"id": json.loads(o["id"]) if o["id"].startswith("{") else o["id"], "property": o["property"].split("@")[0]}
        for o in (split if isinstance(split, list) else [split])
    ]
    outputs = outputs if isinstance(split, list) else outputs[0]  # a single output is sent bare, as the renderer does
    slots = [("inputs", i) for i in spec["inputs"]] + [("state", s) for s in spec["state"]]

    def entry(slot: dict, value: object) -> object:
        if slot["id"].startswith("{"):
            items = _pattern_values(slot["id"], "other" if value == "__plausible__" else value)
            return [dict(i, property=slot["property"]) for i in items]
        if value == "__plausible__":
            value = plausible(slot["id"], slot["property"])[0]
        return {"id": slot["id"], "property": slot["property"], "value": value}

    def body(values: list) -> dict:
        parts: dict[str, list] = {"inputs": [], "state": []}
        for (kind, slot), value in zip(slots, values, strict=True):
            parts[kind].append(entry(slot, value))
        first = parts["inputs"][0] if parts["inputs"] else None
        if isinstance(first, list):
            changed = [f"{stringify_id(first[0]['id'])}.{first[0]['property']}"] if first else []
        else:
            changed = [f"{first['id']}.{first['property']}"] if first else []
        return {"output": key, "outputs": outputs, "changedPropIds": changed, **parts}

    base = ["__plausible__"] * len(slots)
    yield body(base)
    for n, (_kind, slot) in enumerate(slots):
        choices = [] if slot["id"].startswith("{") else plausible(slot["id"], slot["property"])
        for value in [*choices, *HOSTILE]:
            yield body(base[:n] + [value] + base[n + 1 :])
    yield body([None] * len(slots))


def _walk(value: object) -> Iterator[dict]:
    if isinstance(value, dict):
        yield value
        for v in value.values():
            yield from _walk(v)
    elif isinstance(value, list):
        for v in value:
            yield from _walk(v)


def _downloads(response: object) -> list[str]:
    """The text inside any file a callback sends (dcc.Download's base64 content), xlsx unzipped."""
    texts = []
    for item in _walk(response):
        if isinstance(item.get("content"), str) and item.get("filename"):
            raw = base64.b64decode(item["content"]) if item.get("base64") else item["content"].encode()
            if raw[:2] == b"PK":
                with zipfile.ZipFile(io.BytesIO(raw)) as book:
                    texts.append(
                        " ".join(book.read(n).decode("utf-8", "replace") for n in book.namelist() if n.endswith(".xml"))
                    )
            else:
                texts.append(raw.decode("utf-8", "replace") + " " + item["filename"])
    return texts


@dataclass(frozen=True)
class Foreign:
    """What another unit's rows look like in an answer: its unit codes and its row markers."""

    units: frozenset[str]
    markers: re.Pattern


@pytest.fixture(scope="module")
def foreign(demo_store) -> Foreign:  # noqa: ANN001
    url, config = demo_store
    others = frozenset(u.code for u in config.units if u.code != DISTRICT_UNIT)
    with transaction(get_engine(url)) as session:
        subs = session.execute(
            select(Submission.id, Submission.unit_code, Submission.file_name, Submission.sha256)
        ).all()
        own_ids = {s.id for s in subs if s.unit_code == DISTRICT_UNIT}
        issues = session.execute(select(RectificationRow.submission_id, RectificationRow.issue_id)).all()
    own_issues = {i for sid, i in issues if sid in own_ids}
    markers = {s.file_name for s in subs if s.unit_code != DISTRICT_UNIT} | {
        s.sha256[:12] for s in subs if s.unit_code != DISTRICT_UNIT
    }
    markers |= {i for sid, i in issues if sid not in own_ids and i not in own_issues}
    return Foreign(others, re.compile("|".join(re.escape(m) for m in sorted(markers, key=len, reverse=True))))


def check_answer(role: str, where: str, answer, foreign: Foreign, tally: Tally) -> None:  # noqa: ANN001
    text = answer.get_data(as_text=True)
    tally.tried += 1
    if answer.status_code >= 500:
        tally.problems.append(f"{role} {where}: HTTP {answer.status_code} {text[:200]}")
    if "Traceback" in text or 'File "/' in text or "sqlalchemy" in text.lower():
        tally.problems.append(f"{role} {where}: traceback or raw error shown")
    if role not in ("district", "screen") or answer.status_code != 200:
        return
    try:
        payload = answer.get_json()
    except Exception:  # noqa: BLE001 - a page, not JSON: checked as text below
        payload = None
    rows = [d for d in _walk(payload) if ROW_KEYS & set(d)]
    if role == "screen" and rows:
        tally.problems.append(f"screen {where}: rows came back")
    leaked = [d for d in rows if d.get("unit_code") in foreign.units]
    plain = json.dumps(payload, ensure_ascii=False) if payload is not None else text
    found = foreign.markers.search(plain)
    files = [t for t in _downloads(payload) if any(u in t for u in foreign.units) or foreign.markers.search(t)]
    if leaked or found or files:
        what = leaked[:1] or (found.group(0) if found else files[0][:80])
        tally.problems.append(f"{role} {where}: another unit's rows: {what}")


def walk_callbacks(app, clients: dict, foreign: Foreign, tally: Tally, only: str | None = None) -> int:  # noqa: ANN001
    keys = [k for k, spec in app.callback_map.items() if "callback" in spec and (only is None or only in k)]
    for key in keys:
        spec = app.callback_map[key]
        allowed = callback_roles(output_ids(app, key))
        for role, client in clients.items():
            for body in bodies(key, spec):
                answer = client.callback(body)
                check_answer(role, key[:60], answer, foreign, tally)
                if role != "anonymous" and role not in allowed and answer.status_code != 403:
                    tally.problems.append(f"{role} {key[:60]}: not refused ({answer.status_code})")
                if role == "anonymous" and answer.status_code not in (400, 401):
                    tally.problems.append(f"anonymous {key[:60]}: answered {answer.status_code}")
    return len(keys)


class Anonymous:
    def __init__(self, client) -> None:  # noqa: ANN001
        self.client = client

    def callback(self, body: dict):  # noqa: ANN201
        return self.client.post("/_dash-update-component", json=body)

    def get(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN201
        return self.client.get(*args, **kwargs)


@pytest.fixture
def clients(client_as, callback_app) -> dict:  # noqa: ANN001
    signed = {role: client_as(role) for role in ROLES}
    return signed | {"anonymous": Anonymous(callback_app.server.test_client())}


def crashes(records: list[logging.LogRecord]) -> Counter:
    """Callbacks that raised on their inputs (answered "no change" by the app's on_error), by key."""
    return Counter(r.args[0] for r in records if r.name == "cockpit.gate" and r.msg.startswith("callback failed"))


def test_every_callback_for_every_role_with_hostile_inputs(callback_app, clients, foreign, caplog) -> None:  # noqa: ANN001
    tally = Tally()
    with caplog.at_level(logging.ERROR, logger="cockpit.gate"):
        count = walk_callbacks(callback_app, clients, foreign, tally)
    bodies_per_role = tally.tried // len(clients)
    print(
        f"\nauthorization matrix: {count} callbacks × {len(clients)} roles (5 + no session) × "
        f"{bodies_per_role / count:.1f} inputs on average = {tally.tried} posts"
    )
    failed = crashes(caplog.records)
    for key, times in failed.most_common():
        print(f"  raised on malformed input (answered no change): {times:4d} × {key[:90]}")
    assert count >= 15 and tally.tried > 1000
    assert tally.problems == [], "\n".join(tally.problems[:30])
    assert [k for k in failed if k.startswith(CHECKED_INPUTS)] == []


def test_every_page_for_every_role(clients, foreign) -> None:  # noqa: ANN001
    tally = Tally()
    for role, client in clients.items():
        for path in PAGES:
            answer = client.get(path)
            check_answer(role, path, answer, foreign, tally)
            if role == "screen" and path not in ("/screen", "/portal", "/"):
                assert answer.status_code == 403, path
            if role != "admin" and role != "anonymous" and path == "/admin":
                assert answer.status_code == 403
            if role == "anonymous":
                assert answer.status_code == 302 and "/login" in answer.headers["Location"], path
    print(f"\npages: {len(PAGES)} paths × {len(clients)} roles = {tally.tried} requests")
    assert tally.problems == [], "\n".join(tally.problems[:30])


def test_the_api_with_every_kind_of_token(callback_app, demo_store, foreign) -> None:  # noqa: ANN001
    url, config = demo_store
    with transaction(get_engine(url)) as session:
        everything = tokens.create(session, config, consumer="t-matrix-all", created_by="test")
        bound = tokens.create(session, config, consumer="t-matrix-bound", created_by="test", unit_code=DISTRICT_UNIT)
        revoked = tokens.create(session, config, consumer="t-matrix-revoked", created_by="test")
        tokens.revoke(session, "t-matrix-revoked")
    client = callback_app.server.test_client()
    tally = Tally()
    tables = ["kpi", "rectification", "ranking", "submissions", "milestones", "secrets", "../kpi"]
    weeks = [LAST, "2024-W99", "", "'; DROP TABLE submission; --", None]
    for table in tables:
        for week in weeks:
            query = "" if week is None else f"?week={week}"
            for name, token in (
                ("all", everything),
                ("bound", bound),
                ("revoked", revoked),
                ("none", None),
                ("bad", "hzsj_x"),
            ):
                headers = {"Authorization": f"Bearer {token}"} if token else {}
                answer = client.get(f"/api/v1/{table}{query}", headers=headers)
                check_answer("api", f"{table} {name}", answer, foreign, tally)
                if table.startswith(".."):  # resolves outside the API: a page, behind the session
                    assert answer.status_code == 302 and "/login" in answer.headers["Location"]
                elif name in ("revoked", "none", "bad"):
                    assert answer.status_code == 401, (table, name)
                if name == "bound" and answer.status_code == 200:
                    assert {r["unit_code"] for r in answer.get_json()} <= {DISTRICT_UNIT}
            in_url = client.get(f"/api/v1/{table}?week={LAST}&token={everything}")
            tally.tried += 1
            assert in_url.status_code in ((302,) if table.startswith("..") else (400,))
    print(f"\napi: {len(tables)} tables × {len(weeks)} weeks × 6 ways to send a token = {tally.tried} requests")
    assert tally.problems == [], "\n".join(tally.problems[:30])
    assert client.get(f"/api/v1/kpi?week={LAST}", headers={"Authorization": f"Bearer {bound}"}).get_json()


def test_the_matrix_catches_a_planted_leak(callback_app, client_as, foreign, monkeypatch) -> None:  # noqa: ANN001
    """Take the row scope out of cockpit.dashboard: the walk must report the other unit's rows."""
    monkeypatch.setattr(dashboard, "row_scope", lambda units: units)
    with callback_app.server.app_context():
        cache.clear()
    tally = Tally()
    walk_callbacks(callback_app, {"district": client_as("district")}, foreign, tally, only="drill-modal.is_open")
    with callback_app.server.app_context():
        cache.clear()
    assert any("another unit's rows" in p for p in tally.problems), tally.problems[:5]
