"""Caching of dashboard reads (flask-caching): Redis when COCKPIT_CACHE_URL is set, else in-process.

Keys include the store's data version, so a new ETL load (which recomputes facts) makes every
cached result stale at once, in every worker, without anyone having to clear anything. Keys also
include the caller's row scope (cockpit.access), so one user's rows are never another's hit.
"""

from __future__ import annotations

import functools
import hashlib
import pickle
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from flask import Flask
from flask_caching import Cache

from cockpit.access import current_caller
from cockpit.settings import Settings
from cockpit.store import data_version

cache = Cache()
P = ParamSpec("P")
R = TypeVar("R")


def init_cache(server: Flask, settings: Settings) -> None:
    if settings.cache_url:
        config = {
            "CACHE_TYPE": "RedisCache",
            "CACHE_REDIS_URL": settings.cache_url,
            "CACHE_KEY_PREFIX": settings.cache_prefix,
        }
    else:
        config = {"CACHE_TYPE": "SimpleCache", "CACHE_THRESHOLD": 2000}
    config["CACHE_DEFAULT_TIMEOUT"] = settings.cache_timeout_s
    cache.init_app(server, config=config)


def cached(func: Callable[P, R]) -> Callable[P, R]:
    """Memoise on (function, arguments, data version, the caller's row scope)."""
    name = f"{func.__module__}.{func.__qualname__}"

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        scope = current_caller().row_units()
        raw = pickle.dumps((name, data_version(), scope, args, sorted(kwargs.items())))
        key = hashlib.sha1(raw).hexdigest()
        hit = cache.get(key)
        if hit is not None:
            return hit
        value = func(*args, **kwargs)
        cache.set(key, value)
        return value

    wrapper.uncached = func  # type: ignore[attr-defined]
    return wrapper
