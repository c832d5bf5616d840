"""Sign-in and sign-out (flask-login), the session cookie, and CSRF for forms and Dash posts.

The session is Flask's signed cookie (HttpOnly, SameSite=Lax, Secure over https), idle-expiring
after `Settings.session_hours`. Its user id carries the password's change stamp, so a reset or a
disabled account ends every open session at its next request. Flask-WTF's CSRFProtect checks
every POST; Dash's renderer (4.2+) reads the token from the cookie named by its
`csrf_token_name` config (default `_csrf_token`) and sends it in `X-CSRFToken`, a header
Flask-WTF accepts — so the cookie is set here on every response to a signed-in browser.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    Response,
    current_app,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.sessions import SecureCookieSessionInterface
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from flask_wtf.csrf import CSRFError, CSRFProtect, generate_csrf, validate_csrf
from sqlalchemy.exc import SQLAlchemyError
from wtforms import ValidationError

from cockpit import audit, users
from cockpit.access import ANONYMOUS, ROLE_LABELS, Caller
from cockpit.db import get_engine, transaction
from cockpit.settings import Settings
from cockpit.store import StoreUnavailable, config, read_session, settings

STORE_DOWN = "暂时无法登录:无法连接数据库或数据库尚未初始化,请联系数据处。"
CSRF_COOKIE = "_csrf_token"  # Dash's default csrf_token_name (dash/dash.py, 4.4.1)
STATIC_PREFIXES = ("/assets/", "/_dash-component-suites/", "/_favicon.ico")
login_manager = LoginManager()
csrf = CSRFProtect()
signin = Blueprint("signin", __name__, template_folder="templates")


class SessionUser(UserMixin):
    """The signed-in user as flask-login holds it for one request."""

    def __init__(self, user: users.User) -> None:
        self.caller = users.caller_of(user)
        self._id = f"{user.id}:{user.password_changed_at:%Y%m%d%H%M%S%f}"

    def get_id(self) -> str:
        return self._id


@login_manager.user_loader
def _load(user_id: str) -> SessionUser | None:
    number, _, stamp = user_id.partition(":")
    if not number.isdigit():
        return None
    with read_session() as db:
        user = users.get(db, int(number))
        if user is None or not user.active or f"{user.password_changed_at:%Y%m%d%H%M%S%f}" != stamp:
            return None
        return SessionUser(user)


REMEMBERED = "cockpit_caller"  # the signed session's copy of who signed in, for store outages


def serves_static(path: str) -> bool:
    """Stylesheets, scripts and the icon: the same bytes for every caller."""
    return path.startswith(STATIC_PREFIXES)


class StaticFilesWithoutSession(SecureCookieSessionInterface):
    """Flask's signed-cookie session, except that a static file's response carries neither the
    refreshed session cookie nor `Vary: Cookie`. The session cookie is re-signed on every
    response (it idles out after `session_hours`), and a `Vary: Cookie` answer can be reused
    only while the cookie is unchanged — so with it every page load fetched every script again
    (750 KB compressed, 8 MB to decode) instead of taking it from the browser's cache."""

    def save_session(self, app: Flask, session, response: Response) -> None:  # noqa: ANN001 - a SessionMixin
        if serves_static(request.path):
            return
        super().save_session(app, session, response)


def static_caller() -> Caller | None:
    """Who may fetch a static file: the signed session cookie's copy of the caller, without
    reading the store (a page load fetches some twenty files; the page itself checks the user)."""
    return _remembered()


def session_caller() -> Caller | None:
    """The caller of this request's session, or None when nobody (valid) is signed in.

    The user is re-read from the store on every request (a disabled account or a reset password
    ends its sessions). While the store cannot be reached the signed session cookie's own copy
    of the caller answers instead, so a wall keeps polling and every page can say in Chinese that
    the store is away rather than send the user to a sign-in that cannot work either."""
    try:
        user = current_user._get_current_object()
    except StoreUnavailable:
        return _remembered()
    return user.caller if isinstance(user, SessionUser) else None


def _remembered() -> Caller | None:
    saved = session.get(REMEMBERED)
    if not isinstance(saved, dict) or "_user_id" not in session:
        return None
    try:
        return Caller(
            user_id=int(saved["user_id"]),
            username=str(saved["username"]),
            role=str(saved["role"]),
            unit_code=saved.get("unit_code") and str(saved["unit_code"]),
        )
    except (KeyError, TypeError, ValueError):
        return None


def secret_key(settings: Settings) -> str:
    """COCKPIT_SECRET_KEY, else a random key made once in instance/ and shared by every worker.

    Workers start together and each may find no key yet: the key is written whole into a file
    of the writer's own and linked into place (a link never replaces an existing name), so a
    worker reads either no file or the whole key. Empty, every session of that worker would
    fail, so an empty file is refused."""
    if settings.secret_key:
        return settings.secret_key
    path = Path(settings.instance_dir) / "secret_key"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        draft = path.with_name(f".secret_key.{os.getpid()}.{secrets.token_hex(4)}")
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(descriptor, "w") as file:
                file.write(secrets.token_urlsafe(48))
            os.link(draft, path)
        except FileExistsError:
            pass  # another worker's key is in place
        finally:
            draft.unlink(missing_ok=True)
    key = path.read_text().strip()
    if not key:
        raise RuntimeError(f"{path} is empty: remove it (sessions signed with it end) and start again")
    return key


def init_signin(server: Flask, settings: Settings) -> None:
    server.config.update(
        SECRET_KEY=secret_key(settings),
        SESSION_COOKIE_NAME="cockpit_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.https,
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=settings.session_hours),
        REMEMBER_COOKIE_DURATION=dt.timedelta(0),
        WTF_CSRF_TIME_LIMIT=None,  # valid as long as the session is
        WTF_CSRF_SSL_STRICT=settings.https,
    )
    server.session_interface = StaticFilesWithoutSession()
    login_manager.session_protection = "basic"
    login_manager.init_app(server)
    csrf.init_app(server)
    server.register_blueprint(signin)
    server.after_request(_csrf_cookie)
    server.register_error_handler(CSRFError, _csrf_failed)


def _csrf_cookie(response: Response) -> Response:
    if serves_static(request.path):
        return response
    signed_in = session_caller() is not None or g.get("cockpit_caller", ANONYMOUS).signed_in
    if signed_in and request.path != url_for("signin.sign_out") and not _holds_valid_token():
        response.set_cookie(
            CSRF_COOKIE, generate_csrf(), samesite="Lax", secure=settings().https, httponly=False, path="/"
        )
    return response


def _holds_valid_token() -> bool:
    """Whether the browser's CSRF cookie still passes (it does for the whole session: the token
    has no time limit), so that a wall's polls do not get a new cookie every ten seconds."""
    try:
        validate_csrf(request.cookies.get(CSRF_COOKIE, ""))
    except ValidationError:
        return False
    return True


def _csrf_failed(_error: CSRFError) -> tuple[Response, int] | tuple[str, int]:
    """A post without a valid CSRF token: nothing done, a plain message."""
    message = "页面已过期或请求来源无效,请刷新页面后重试。"
    if request.path == url_for("signin.sign_in"):
        return _page(400, problem=message)
    return jsonify({"message": message}), 400


def _safe_next(target: str | None) -> str:
    """Only a path of this site (never another host) to go to after signing in."""
    target = target or "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith(("//", "/\\")):
        return "/"
    return target


def _page(status: int = 200, **values: object) -> tuple[str, int]:
    limits = settings()
    defaults = {
        "title": "登录",
        "subtitle": "市、区县(市)审计局工作人员使用本单位账户登录",
        "problem": "",
        "notice": "",
        "form": True,
        "next": "/",
        "username": "",
        "tries": limits.sign_in_failures_per_user,
        "minutes": limits.sign_in_window_minutes,
        "asset": lambda name: f"/assets/{name}",
    }
    return render_template("signin.html", **(defaults | values)), status


def limits() -> tuple[int, int, dt.timedelta]:
    s = settings()
    return s.sign_in_failures_per_user, s.sign_in_failures_per_address, dt.timedelta(minutes=s.sign_in_window_minutes)


@signin.get("/login")
def sign_in_page() -> Response | tuple[str, int]:
    if session_caller() is not None:
        return redirect(_safe_next(request.args.get("next")))
    notice = "已退出登录。" if request.args.get("signed_out") else ""
    return _page(next=_safe_next(request.args.get("next")), notice=notice)


@signin.post("/login")
def sign_in() -> Response | tuple[str, int]:
    username = (request.form.get("username") or "").strip()[:64]
    password = request.form.get("password") or ""
    target = _safe_next(request.form.get("next"))
    address = (request.remote_addr or "?")[:64]
    engine = get_engine(settings().db_url)
    try:
        with transaction(engine) as db:
            result = users.authenticate(db, username=username, password=password, address=address, limits=limits())
            actor = users.caller_of(result.user) if result.user else Caller(None, username, "anonymous")
            action = (
                "sign_in" if result.user else ("sign_in_refused" if result.outcome == "refused" else "sign_in_failed")
            )
            audit.record(action, username, result.outcome, actor=actor, username=username, session=db)
            if result.user is not None:
                session_user = SessionUser(result.user)
    except (StoreUnavailable, SQLAlchemyError):
        return _page(503, problem=STORE_DOWN, username=username, next=target)
    if result.user is None:
        return _page(
            429 if result.outcome == "refused" else 401, problem=result.problem, username=username, next=target
        )
    session.clear()
    session.permanent = True
    login_user(session_user)
    caller = session_user.caller
    session[REMEMBERED] = {
        "user_id": caller.user_id,
        "username": caller.username,
        "role": caller.role,
        "unit_code": caller.unit_code,
    }
    return redirect(target)


@signin.post("/logout")
def sign_out() -> Response:
    caller = session_caller()
    if caller is not None:
        audit.record("sign_out", caller.username, actor=caller)
    logout_user()
    session.clear()
    response = redirect(url_for("signin.sign_in_page", signed_out=1))
    response.delete_cookie(CSRF_COOKIE, path="/")
    return response


def denied_page(caller: Caller) -> tuple[str, int]:
    """What a signed-in caller sees at a page their role may not open."""
    home = "/screen" if caller.role == "screen" else "/"
    return _page(
        403,
        title="无权查看",
        subtitle=f"当前账户 {caller.username}({ROLE_LABELS.get(caller.role, caller.role)})无权查看此页面。",
        form=False,
        home=home,
        home_label="返回首页",
    )


def unit_label(caller: Caller) -> str:
    """ "xihu · 区县审计局 · 西湖区" for the navbar."""
    parts = [caller.username, ROLE_LABELS.get(caller.role, caller.role)]
    if caller.unit_code and current_app and config().has_unit(caller.unit_code):
        parts.append(config().unit(caller.unit_code).name)
    return " · ".join(parts)
