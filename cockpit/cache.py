"""Caching of dashboard reads (flask-caching): Redis when COCKPIT_CACHE_URL is set, else in-process.

Keys include the store's data version, so a new ETL load (which recomputes facts) makes every
cached result stale at once, in every worker, without anyone having to clear anything. Keys also
include the caller's row scope (cockpit.access), so one user's rows are never another's hit.

The cache is an accelerator, never a dependency: Redis gets short socket timeouts and no
retries, and when it fails this process reads straight from the store for a few seconds
(`OUTAGE_PAUSE_S`) before trying it again, so a stopped Redis costs a page one timeout at most
and the pages come back to the cache by themselves when it returns.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import pickle
import time
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from flask import Flask
from flask_caching import Cache
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from redis.retry import Retry

from cockpit.access import current_caller
from cockpit.settings import Settings
from cockpit.store import data_version

cache = Cache()
P = ParamSpec("P")
R = TypeVar("R")
SOCKET_TIMEOUT_S = 0.5
OUTAGE_PAUSE_S = 5.0
MISS = object()
_paused_until = 0.0  # per process: when to try the cache server again after it failed
log = logging.getLogger(__name__)


def init_cache(server: Flask, settings: Settings) -> None:
    if settings.cache_url:
        config = {
            "CACHE_TYPE": "RedisCache",
            "CACHE_REDIS_URL": settings.cache_url,
            "CACHE_KEY_PREFIX": settings.cache_prefix,
            "CACHE_OPTIONS": {
                "socket_timeout": SOCKET_TIMEOUT_S,
                "socket_connect_timeout": SOCKET_TIMEOUT_S,
                "retry": Retry(NoBackoff(), 0),
            },
        }
    else:
        config = {"CACHE_TYPE": "SimpleCache", "CACHE_THRESHOLD": 2000}
    config["CACHE_DEFAULT_TIMEOUT"] = settings.cache_timeout_s
    cache.init_app(server, config=config)


def key_of(name: str, version: str, args: tuple, kwargs: dict) -> str:
    """The cache key of a call: its name, the data version, the caller's row scope, the arguments."""
    raw = pickle.dumps((name, version, current_caller().row_units(), args, sorted(kwargs.items())))
    return hashlib.sha1(raw).hexdigest()


def cached(func: Callable[P, R]) -> Callable[P, R]:
    """Memoise on (function, arguments, data version, the caller's row scope)."""
    name = f"{func.__module__}.{func.__qualname__}"

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        key = key_of(name, data_version(), args, kwargs)
        hit = lookup(key)
        if hit is not MISS:
            return hit
        value = func(*args, **kwargs)
        keep(key, value)
        return value

    wrapper.uncached = func  # type: ignore[attr-defined]
    return wrapper


def lookup(key: str) -> object:
    """The cached value, or MISS."""
    if time.monotonic() < _paused_until:
        return MISS
    try:
        hit = cache.get(key)
    except (RedisError, OSError) as problem:
        _pause(problem)
        return MISS
    return MISS if hit is None else hit


def keep(key: str, value: object) -> None:
    if time.monotonic() < _paused_until:
        return
    try:
        cache.set(key, value)
    except (RedisError, OSError) as problem:
        _pause(problem)


def _pause(problem: Exception) -> None:
    global _paused_until  # noqa: PLW0603 - the process's view of the cache server's health
    if time.monotonic() >= _paused_until:
        log.warning("cache unavailable, reading from the store for %.0f s: %s", OUTAGE_PAUSE_S, problem)
    _paused_until = time.monotonic() + OUTAGE_PAUSE_S
