"""Sign-in, the deny-by-default gate, CSRF on Dash's posts, cookie flags, roles by page and callback."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from cockpit import users
from cockpit.db import get_engine, transaction
from cockpit.models_access import AuditEvent
from tests.unit.conftest import DISTRICT_UNIT, LAST, PASSWORD, form_token

OTHER_UNIT = "330105"  # 拱墅区, not the district account's unit
WEEK_BODY = {
    "output": "..districts-grid.rowData...districts-grid.columnDefs...districts-message.children..",
    "outputs": [
        {"id": "districts-grid", "property": "rowData"},
        {"id": "districts-grid", "property": "columnDefs"},
        {"id": "districts-message", "property": "children"},
    ],
    "inputs": [{"id": "shell-week", "property": "data", "value": LAST}],
    "changedPropIds": ["shell-week.data"],
    "state": [],
}


def drill_body(unit: str, what: str = "findings", key: str = "found") -> dict:
    trigger = {"type": "drill", "what": what, "unit": unit, "key": key}
    outputs = [
        ("drill-modal", "is_open"),
        ("drill-title", "children"),
        ("drill-definition", "children"),
        ("drill-grid", "rowData"),
        ("drill-grid", "columnDefs"),
        ("drill-count", "children"),
        ("drill-query", "data"),
    ]
    return {
        "output": ".." + "...".join(f"{c}.{p}" for c, p in outputs) + "..",
        "outputs": [{"id": c, "property": p} for c, p in outputs],
        "inputs": [[{"id": trigger, "property": "n_clicks", "value": 1}]],
        "changedPropIds": [json.dumps(trigger, separators=(",", ":"), sort_keys=True) + ".n_clicks"],
        "state": [{"id": "shell-week", "property": "data", "value": LAST}],
    }


def router_body(path: str) -> dict:
    return {
        "output": ".._pages_content.children..._pages_store.data..",
        "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
        "inputs": [
            {"id": "_pages_location", "property": "pathname", "value": path},
            {"id": "_pages_location", "property": "search", "value": ""},
        ],
        "changedPropIds": ["_pages_location.pathname"],
        "state": [],
    }


def test_no_session_sees_only_the_sign_in_page(callback_app) -> None:  # noqa: ANN001
    client = callback_app.server.test_client()
    for path in ("/", "/districts", f"/districts/{OTHER_UNIT}", "/rankings", "/admin", "/screen"):
        answer = client.get(path)
        assert answer.status_code == 302 and answer.headers["Location"].startswith("/login"), path
    for path in (
        "/_dash-layout",
        "/_dash-dependencies",
        "/_dash-component-suites/dash/dash-renderer/build/dash_renderer.min.js",
    ):
        assert client.get(path).status_code == 401, path
    assert client.post("/_dash-update-component", json=WEEK_BODY).status_code in (400, 401)
    page = client.get("/login")
    assert page.status_code == 200 and "登录" in page.get_data(as_text=True)
    with client.get("/assets/10-cockpit.css") as stylesheet:
        assert stylesheet.status_code == 200


def test_sign_in_sets_a_session_and_sign_out_ends_it(callback_app, demo_users) -> None:  # noqa: ANN001
    client = callback_app.server.test_client()
    wrong = client.post(
        "/login", data={"username": demo_users["leader"], "password": "x" * 12, "csrf_token": form_token(client)}
    )
    assert wrong.status_code == 401 and "用户名或密码错误" in wrong.get_data(as_text=True)
    right = client.post(
        "/login",
        data={
            "username": demo_users["leader"],
            "password": PASSWORD,
            "csrf_token": form_token(client),
            "next": "/rankings",
        },
    )
    assert right.status_code == 302 and right.headers["Location"] == "/rankings"
    cookie = next(c for c in right.headers.getlist("Set-Cookie") if c.startswith("cockpit_session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    assert client.get("/rankings").status_code == 200
    layout = client.get("/_dash-layout")
    assert layout.status_code == 200 and demo_users["leader"] in layout.get_data(as_text=True)
    out = client.post("/logout", data={"csrf_token": client.get_cookie("_csrf_token").value})
    assert out.status_code == 302
    assert client.get("/rankings").status_code == 302
    with transaction(get_engine(callback_app.server.config["COCKPIT_SETTINGS"].db_url)) as session:
        actions = [
            e.action for e in session.scalars(select(AuditEvent).where(AuditEvent.username == demo_users["leader"]))
        ]
    assert {"sign_in_failed", "sign_in", "sign_out"} <= set(actions)


def test_next_never_leaves_the_site(callback_app, demo_users) -> None:  # noqa: ANN001
    client = callback_app.server.test_client()
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        answer = client.post(
            "/login",
            data={
                "username": demo_users["taskforce"],
                "password": PASSWORD,
                "csrf_token": form_token(client),
                "next": target,
            },
        )
        assert answer.headers["Location"] == "/", target
        client.post("/logout", data={"csrf_token": client.get_cookie("_csrf_token").value})


def test_repeated_failures_throttle_sign_in(callback_app, demo_store) -> None:  # noqa: ANN001
    url, config = demo_store
    with transaction(get_engine(url)) as session:
        users.add_user(session, config, username="t-throttled", role="leader", password=PASSWORD)
    client = callback_app.server.test_client()
    for _ in range(5):
        answer = client.post(
            "/login", data={"username": "t-throttled", "password": "wrong-password", "csrf_token": form_token(client)}
        )
        assert answer.status_code == 401
    refused = client.post(
        "/login", data={"username": "t-throttled", "password": PASSWORD, "csrf_token": form_token(client)}
    )
    assert refused.status_code == 429 and "次数过多" in refused.get_data(as_text=True)


def test_csrf_is_required_on_dash_posts(client_as) -> None:  # noqa: ANN001
    leader = client_as("leader")
    assert leader.client.post("/_dash-update-component", json=WEEK_BODY).status_code == 400
    bad = leader.client.post("/_dash-update-component", json=WEEK_BODY, headers={"X-CSRFToken": "forged"})
    assert bad.status_code == 400 and "刷新页面" in bad.get_json()["message"]
    assert leader.callback(WEEK_BODY).status_code == 200
    assert leader.client.post("/login", data={"username": "x", "password": "y"}).status_code == 400


def test_a_reset_password_ends_open_sessions(client_as, demo_store, demo_users) -> None:  # noqa: ANN001
    admin = client_as("admin")
    assert admin.get("/admin").status_code == 200
    with transaction(get_engine(demo_store[0])) as session:
        users.reset_password(session, demo_users["admin"], PASSWORD)  # same text, new stamp
    assert admin.get("/admin").status_code == 302


def test_pages_by_role(client_as) -> None:  # noqa: ANN001
    screen, district, admin = client_as("screen"), client_as("district"), client_as("admin")
    assert screen.get("/").headers["Location"] == "/screen"
    assert screen.get("/districts").status_code == 403
    assert screen.get("/screen").status_code == 200
    assert district.get("/admin").status_code == 403 and "无权查看" in district.get("/admin").get_data(as_text=True)
    assert district.get(f"/districts/{OTHER_UNIT}").status_code == 200
    assert admin.get("/admin").status_code == 200


def test_callbacks_by_role(client_as) -> None:  # noqa: ANN001
    screen, leader = client_as("screen"), client_as("leader")
    assert screen.callback(WEEK_BODY).status_code == 403
    assert screen.callback(router_body("/districts")).status_code == 403
    assert screen.callback(router_body("/admin")).status_code == 403
    assert screen.callback(router_body("/screen")).status_code == 200
    assert leader.callback(router_body("/admin")).status_code == 403
    assert leader.callback(WEEK_BODY).status_code == 200
    unknown = leader.callback(WEEK_BODY | {"output": "no-such.children"})
    assert unknown.status_code == 400 and "Traceback" not in unknown.get_data(as_text=True)


def test_a_district_drills_its_own_rows_only(client_as) -> None:  # noqa: ANN001
    district = client_as("district")
    other = district.callback(drill_body(OTHER_UNIT)).get_json()["response"]
    assert other["drill-title"]["children"] == "无权查看" and other["drill-grid"]["rowData"] == []
    own = district.callback(drill_body(DISTRICT_UNIT)).get_json()["response"]
    rows = own["drill-grid"]["rowData"]
    assert rows and {r["unit_code"] for r in rows} == {DISTRICT_UNIT}
    city = district.callback(drill_body("ALL")).get_json()["response"]
    assert {r["unit_code"] for r in city["drill-grid"]["rowData"]} == {DISTRICT_UNIT}
    assert "仅显示本单位" in city["drill-title"]["children"]


@pytest.mark.parametrize("role", ["leader", "taskforce", "admin"])
def test_full_roles_drill_any_unit(client_as, role: str) -> None:  # noqa: ANN001
    rows = client_as(role).callback(drill_body(OTHER_UNIT)).get_json()["response"]["drill-grid"]["rowData"]
    assert rows and {r["unit_code"] for r in rows} == {OTHER_UNIT}


def test_api_tokens_are_hashed_rate_limited_and_on_record(callback_app, demo_store) -> None:  # noqa: ANN001
    from cockpit import tokens
    from cockpit.models_access import ApiToken

    url, config = demo_store
    with transaction(get_engine(url)) as session:
        token = tokens.create(session, config, consumer="t-rate", created_by="test")
        stored = session.scalars(select(ApiToken).where(ApiToken.consumer == "t-rate")).one()
        assert token not in {stored.token_sha256, stored.prefix} and len(stored.token_sha256) == 64
    client = callback_app.server.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    answers = [client.get(f"/api/v1/ranking?week={LAST}", headers=headers).status_code for _ in range(121)]
    assert answers[:120] == [200] * 120 and answers[120] == 429
    assert client.get(f"/api/v1/ranking?week={LAST}", headers={"Authorization": "Bearer hzsj_other"}).status_code == 401
    with transaction(get_engine(url)) as session:
        calls = session.scalars(select(AuditEvent).where(AuditEvent.username == "api:t-rate")).all()
    assert len(calls) == 120 and {c.outcome for c in calls} == {"ok"}


def test_the_pinned_dash_renderer_sends_the_csrf_cookie_as_a_header() -> None:
    """Dash 4.2+ reads the token from the cookie named by `csrf_token_name` and sends it in the
    header named by `csrf_header_name`; cockpit.signin relies on the defaults of the pinned 4.4.1."""
    from pathlib import Path

    import dash

    from cockpit.signin import CSRF_COOKIE

    assert dash.__version__ == "4.4.1"
    bundle = (Path(dash.__file__).parent / "dash-renderer" / "build" / "dash_renderer.min.js").read_text()
    assert f'csrf_token_name||"{CSRF_COOKIE}"' in bundle
    assert 'csrf_header_name||"X-CSRFToken"' in bundle


def test_the_cli_printer_token_reads_as_a_leader_only_where_it_was_set(callback_app) -> None:  # noqa: ANN001
    from cockpit.gate import PRINT_COOKIE, PRINT_TOKEN_KEY

    client = callback_app.server.test_client()
    client.set_cookie(PRINT_COOKIE, "t-print-token")
    assert client.get("/review").status_code == 302  # no token configured: nobody gets in this way
    callback_app.server.config[PRINT_TOKEN_KEY] = "t-print-token"
    try:
        assert client.get("/review").status_code == 200
        assert client.get("/admin").status_code == 403  # a leader, read-only
        client.set_cookie(PRINT_COOKIE, "wrong")
        assert client.get("/review").status_code == 302
    finally:
        callback_app.server.config.pop(PRINT_TOKEN_KEY)
