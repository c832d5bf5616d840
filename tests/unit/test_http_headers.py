"""Security headers on every response of the app (issue 7 §6): pages, assets, Dash's own routes,
callbacks and errors; framing refused except the sub-portal's embeds from configured origins."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterator

import pytest

from cockpit.http_headers import EMBED_ORIGINS_KEY, content_security_policy

ALLOWED = "https://portal.example.gov.cn"
INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S)


@pytest.fixture
def client(client_as):  # noqa: ANN001, ANN201
    """A test client signed in (as the leader): without a session every page is the sign-in page."""
    return client_as("leader").client


@pytest.fixture
def embed_origins(callback_app) -> Iterator[None]:  # noqa: ANN001
    server = callback_app.server
    before = server.config[EMBED_ORIGINS_KEY]
    server.config[EMBED_ORIGINS_KEY] = (ALLOWED,)
    yield
    server.config[EMBED_ORIGINS_KEY] = before


def directives(response) -> dict[str, str]:  # noqa: ANN001
    policy = response.headers["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";"))


def assert_refuses_framing(response) -> None:  # noqa: ANN001
    assert directives(response)["frame-ancestors"] == "'none'"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def callback_body(week: str) -> dict:
    return {
        "output": "portal-business.children",
        "outputs": {"id": "portal-business", "property": "children"},
        "inputs": [{"id": "portal-business-week", "property": "data", "value": week}],
        "changedPropIds": ["portal-business-week.data"],
        "state": [],
    }


def test_every_kind_of_response_carries_the_headers(callback_app, client, demo_store) -> None:  # noqa: ANN001
    page = client.get("/portal")
    assert page.status_code == 200
    suite = re.search(r'src="(/_dash-component-suites/[^"]+)"', page.get_data(as_text=True)).group(1)
    responses = {
        "page": page,
        "desk page": client.get("/rankings"),
        "asset": client.get("/assets/10-cockpit.css"),
        "component suite": client.get(suite),
        "layout": client.get("/_dash-layout"),
        "dependencies": client.get("/_dash-dependencies"),
        "callback": client.post(
            "/_dash-update-component",
            json=callback_body("2024-W06"),
            headers={"X-CSRFToken": client.get_cookie("_csrf_token").value},
        ),
        "api": client.get("/api/v1/kpi?week=2024-W06"),
        "not found": client.get("/no-such-file.js"),
    }
    for name, response in responses.items():
        assert response.status_code in (200, 401, 404, 500, 503), (name, response.status_code)
        assert_refuses_framing(response)
        response.close()
    # Dash hands its global callback list to the first app of the process: when the browser tests'
    # app was built first, this one has no callbacks and answers 500, with the headers all the same.
    if "portal-business.children" in callback_app.callback_map:
        assert responses["callback"].status_code == 200
        assert "portal-rect" in responses["callback"].get_data(as_text=True)  # the panel was drawn
    assert all(r.status_code != 500 for name, r in responses.items() if name != "callback")


def test_scripts_only_from_this_origin_or_by_hash(client) -> None:  # noqa: ANN001
    response = client.get("/portal")
    policy = directives(response)
    sources = policy["script-src"].split()
    assert sources[0] == "'self'"
    assert "'unsafe-inline'" not in sources and "'unsafe-eval'" not in sources
    assert policy["default-src"] == "'self'" and policy["object-src"] == "'none'"
    assert "http" not in response.headers["Content-Security-Policy"]  # nothing from another site
    html = response.get_data(as_text=True)
    inline = [
        m.group("body")
        for m in INLINE_SCRIPT.finditer(html.split("<![endif]-->", 1)[1])  # skip IE's comment
        if "src=" not in m.group("attrs") and "application/json" not in m.group("attrs")
    ]
    assert inline, "Dash starts its renderer with an inline script"
    for body in inline:
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in sources


def test_embeds_may_be_framed_by_the_configured_origins_only(client, embed_origins) -> None:  # noqa: ANN001
    for path in ("/portal/tasks", "/portal/business", "/portal/featured"):
        embed = client.get(f"{path}?embed=1")
        assert embed.status_code == 200
        assert directives(embed)["frame-ancestors"] == ALLOWED
        assert "X-Frame-Options" not in embed.headers  # it cannot name an origin; CSP decides
        assert embed.headers["X-Content-Type-Options"] == "nosniff"
        assert_refuses_framing(client.get(path))  # the same panel with the navbar is not an embed
    assert_refuses_framing(client.get("/portal?embed=1"))
    assert_refuses_framing(client.get("/rankings?embed=1"))


def test_no_configured_origin_means_no_framing_at_all(client) -> None:  # noqa: ANN001
    assert_refuses_framing(client.get("/portal/tasks?embed=1"))


def test_the_policy_text() -> None:
    policy = content_security_policy(["'sha256-abc='"], ["https://a.cn", "https://*.b.cn"])
    assert "script-src 'self' 'sha256-abc='" in policy
    assert policy.endswith("frame-ancestors https://a.cn https://*.b.cn")
    assert content_security_policy([], []).endswith("frame-ancestors 'none'")
