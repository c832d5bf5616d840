"""Who is asking and what they may see (DESIGN §8, §12): the one place every read and act asks.

The caller comes from the server-side session alone (the sign-in layer puts it into `flask.g`);
never from a URL, a store or a component id. Row-returning reads ask `row_units()` and are
limited to its answer; aggregate figures (actuals, lights, scores, ranks) are public to every
signed-in role but the screen, which sees aggregates only on `/screen` and `/portal`.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import g, has_request_context

ROLES: tuple[str, ...] = ("leader", "taskforce", "district", "admin", "screen")
ROLE_LABELS = {"leader": "领导", "taskforce": "工作专班", "district": "区县审计局", "admin": "管理员", "screen": "大屏"}

# What each role may do beyond reading (DESIGN §12).
ACTIONS: dict[str, frozenset[str]] = {
    "leader": frozenset({"export"}),
    "taskforce": frozenset({"export", "publish", "supervise"}),
    "district": frozenset({"export", "submit", "respond"}),
    "admin": frozenset({"export", "admin", "rebuild"}),
    "screen": frozenset(),
}

DENIED = "无权查看"


@dataclass(frozen=True)
class Caller:
    """The signed-in user as the server knows them."""

    user_id: int | None
    username: str
    role: str
    unit_code: str | None = None  # districts only

    @property
    def signed_in(self) -> bool:
        return self.role in ROLES

    def row_units(self) -> tuple[str, ...] | None:
        """The units whose rows this caller may see: None = every unit, () = none."""
        if self.role in ("leader", "taskforce", "admin"):
            return None
        if self.role == "district" and self.unit_code:
            return (self.unit_code,)
        return ()

    def may_see_rows_of(self, unit_code: str) -> bool:
        units = self.row_units()
        return units is None or unit_code in units

    def may(self, action: str) -> bool:
        return action in ACTIONS.get(self.role, frozenset())


ANONYMOUS = Caller(user_id=None, username="", role="anonymous")


def current_caller() -> Caller:
    """The caller of the current request; outside a request, or before sign-in, anonymous."""
    if has_request_context():
        return g.get("cockpit_caller", ANONYMOUS)
    return ANONYMOUS


def scope_units(requested: tuple[str, ...] | None, caller: Caller | None = None) -> tuple[str, ...] | None:
    """`requested` units narrowed to what the caller may see (None = all they may see)."""
    allowed = (caller or current_caller()).row_units()
    if allowed is None:
        return requested
    if requested is None:
        return allowed
    return tuple(u for u in requested if u in allowed)
