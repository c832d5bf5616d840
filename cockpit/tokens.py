"""API tokens of the data-link consumers: one per consumer, only its sha256 stored, revocable.

A token is 32 random bytes (URL-safe text) shown once when made; a lookup hashes what was sent
and compares it with the stored hashes in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from cockpit.audit import now
from cockpit.config import Config
from cockpit.models_access import ApiToken
from cockpit.users import UserError

PREFIX = "hzsj_"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create(session: Session, config: Config, *, consumer: str, created_by: str, unit_code: str | None = None) -> str:
    """Make the consumer's token and return it (the only time it is seen)."""
    consumer = consumer.strip()
    if not consumer or len(consumer) > 64:
        raise UserError("接入方名称须为 1–64 个字符")
    if unit_code and not config.has_unit(unit_code):
        raise UserError(f"未知单位编码 {unit_code}")
    if session.scalar(select(ApiToken).where(ApiToken.consumer == consumer)) is not None:
        raise UserError(f"接入方 {consumer} 已有令牌;请先吊销,再重新生成")
    token = PREFIX + secrets.token_urlsafe(32)
    session.add(
        ApiToken(
            consumer=consumer,
            token_sha256=_digest(token),
            prefix=token[: len(PREFIX) + 4],
            unit_code=unit_code or None,
            created_at=now(),
            created_by=created_by,
        )
    )
    session.flush()
    return token


def revoke(session: Session, consumer: str) -> ApiToken:
    """Revoke a consumer's token; the row stays (the audit log names it) under a freed name."""
    token = session.scalar(select(ApiToken).where(ApiToken.consumer == consumer, ApiToken.revoked_at.is_(None)))
    if token is None:
        raise UserError(f"接入方 {consumer} 没有有效令牌")
    token.revoked_at = now()
    token.consumer = f"{consumer}#{token.id}"[:64]  # the name can get a new token
    return token


def holder(session: Session, given: str) -> ApiToken | None:
    """The unrevoked token matching `given`, else None; its last use is stamped."""
    if not given.startswith(PREFIX):
        return None
    digest = _digest(given)
    token = session.scalar(select(ApiToken).where(ApiToken.token_sha256 == digest))
    if token is None or token.revoked_at is not None or not hmac.compare_digest(token.token_sha256, digest):
        return None
    token.last_used_at = now()
    return token


def all_tokens(session: Session) -> list[ApiToken]:
    return list(session.scalars(select(ApiToken).order_by(ApiToken.revoked_at.is_not(None), ApiToken.consumer)))
