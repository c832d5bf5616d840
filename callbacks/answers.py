"""Cached callback answers: the figures, grids and cards of a page's week, built once per data
version and row scope (building them costs more than reading the facts)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from plotly.basedatatypes import BaseFigure

from cockpit.cache import MISS, keep, key_of, lookup
from cockpit.store import StoreUnavailable, data_version, store_failed

P = ParamSpec("P")
R = TypeVar("R")


def cached_answer(func: Callable[P, R]) -> Callable[P, R]:
    """Memoise a callback's answer on (callback, inputs, data version, the caller's row scope),
    for callbacks whose answer depends on nothing else (no `ctx`, no role beyond the row scope).

    Without a store (no data version) the callback runs uncached, to say so in its own words, and
    an answer made while a read failed is not kept. Figures are kept as plain dicts: a pickled
    `go.Figure` is validated all over again when it is read back."""
    name = f"{func.__module__}.{func.__qualname__}"

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            version = data_version()
        except StoreUnavailable:
            return func(*args, **kwargs)
        key = key_of(name, version, args, kwargs)
        hit = lookup(key)
        if hit is not MISS:
            return hit  # type: ignore[return-value]
        value = _plain(func(*args, **kwargs))
        if not store_failed():
            keep(key, value)
        return value

    wrapper.uncached = func  # type: ignore[attr-defined]
    return wrapper


def _plain(answer: object) -> object:
    if isinstance(answer, BaseFigure):
        return answer.to_plotly_json()
    if isinstance(answer, tuple):
        return tuple(_plain(a) for a in answer)
    return answer
