"""Users of the cockpit: create, disable, reset, and check a password with throttling.

Passwords are hashed with Argon2id (argon2-cffi's defaults). Sign-in is refused for a while after
repeated failures, counted per user name and per address in the audit log (shared by every
worker); a success counts from then on.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from cockpit.access import ROLES, Caller
from cockpit.audit import failures_since, now
from cockpit.config import Config
from cockpit.models_access import AuditEvent, User

HASHER = PasswordHasher()
MIN_PASSWORD = 10
# Verified when the name is unknown, so a wrong name takes as long as a wrong password.
_DUMMY_HASH = HASHER.hash(secrets.token_urlsafe(16))


class UserError(ValueError):
    """A user change that cannot be made; the message is shown as it is (Chinese)."""


@dataclass(frozen=True)
class SignIn:
    """The outcome of a sign-in attempt: the user, or why not (Chinese, for the page)."""

    user: User | None
    problem: str = ""
    outcome: str = "ok"  # ok / failed / refused (throttled) / disabled


def new_password() -> str:
    """A random password a person can type: 16 characters of letters and digits."""
    return secrets.token_urlsafe(12)


def caller_of(user: User) -> Caller:
    return Caller(user_id=user.id, username=user.username, role=user.role, unit_code=user.unit_code)


def check_fields(config: Config, *, username: str, role: str, unit_code: str | None) -> None:
    if not username or len(username) > 64 or not username.replace("_", "").replace("-", "").replace(".", "").isalnum():
        raise UserError("用户名须为 1–64 位字母、数字、下划线、连字符或点")
    if role not in ROLES:
        raise UserError(f"未知角色 {role},可选: {', '.join(ROLES)}")
    if role == "district":
        if not unit_code or not config.has_unit(unit_code):
            raise UserError("区县用户须绑定一个配置中的单位编码")
    elif unit_code:
        raise UserError("只有区县用户绑定单位")


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise UserError(f"密码至少 {MIN_PASSWORD} 位")


def add_user(
    session: Session,
    config: Config,
    *,
    username: str,
    role: str,
    password: str,
    unit_code: str | None = None,
    display_name: str = "",
) -> User:
    check_fields(config, username=username, role=role, unit_code=unit_code)
    check_password(password)
    if find(session, username) is not None:
        raise UserError(f"用户 {username} 已存在")
    stamp = now()
    user = User(
        username=username,
        display_name=display_name[:64],
        role=role,
        unit_code=unit_code,
        password_hash=HASHER.hash(password),
        active=True,
        created_at=stamp,
        password_changed_at=stamp,
    )
    session.add(user)
    session.flush()
    return user


def find(session: Session, username: str) -> User | None:
    return session.scalar(select(User).where(User.username == username))


def get(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def all_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.role, User.username)))


def existing(session: Session, username: str) -> User:
    user = find(session, username)
    if user is None:
        raise UserError(f"没有用户 {username}")
    return user


def set_active(session: Session, username: str, active: bool) -> User:
    user = existing(session, username)
    user.active = active
    return user


def reset_password(session: Session, username: str, password: str) -> User:
    check_password(password)
    user = existing(session, username)
    user.password_hash = HASHER.hash(password)
    user.password_changed_at = now()
    return user


def _verify(hashed: str, password: str) -> bool:
    try:
        return HASHER.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False


def throttled(
    session: Session, *, username: str, address: str, per_user: int, per_address: int, window: dt.timedelta
) -> bool:
    """Too many failures lately for this name (since its last success) or from this address."""
    since = now() - window
    last_ok = session.scalar(
        select(AuditEvent.at)
        .where(AuditEvent.action == "sign_in", AuditEvent.username == username, AuditEvent.at >= since)
        .order_by(AuditEvent.at.desc())
        .limit(1)
    )
    if failures_since(session, since=last_ok or since, username=username) >= per_user:
        return True
    return failures_since(session, since=since, address=address) >= per_address


def authenticate(
    session: Session, *, username: str, password: str, address: str, limits: tuple[int, int, dt.timedelta]
) -> SignIn:
    """Check a name and password; the caller records the outcome in the audit log."""
    per_user, per_address, window = limits
    if throttled(
        session, username=username, address=address, per_user=per_user, per_address=per_address, window=window
    ):
        minutes = int(window.total_seconds() // 60)
        return SignIn(None, f"登录失败次数过多,请 {minutes} 分钟后再试或联系管理员。", "refused")
    user = find(session, username)
    if user is None:
        _verify(_DUMMY_HASH, password)
        return SignIn(None, "用户名或密码错误。", "failed")
    if not _verify(user.password_hash, password):
        return SignIn(None, "用户名或密码错误。", "failed")
    if not user.active:
        return SignIn(None, "该账户已停用,请联系管理员。", "disabled")
    if HASHER.check_needs_rehash(user.password_hash):
        user.password_hash = HASHER.hash(password)
    user.last_sign_in_at = now()
    return SignIn(user)
