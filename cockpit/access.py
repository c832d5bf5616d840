"""Who is asking and what they may see (DESIGN §8, §12): the one place every read and act asks.

The caller comes from the server-side session alone (the sign-in layer puts it into `flask.g`);
never from a URL, a store or a component id. Row-returning reads ask `row_units()` and are
limited to its answer; aggregate figures (actuals, lights, scores, ranks) are public to every
signed-in role but the screen, which sees aggregates only on `/screen` and `/portal`.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import g, has_request_context

from cockpit.store import StoreUnavailable

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
DESK_ROLES = frozenset(ROLES) - {"screen"}
EVERY_ROLE = frozenset(ROLES)

# Who may open a page (by path prefix; the longest match wins, default: the desk roles).
PAGE_ROLES: dict[str, frozenset[str]] = {
    "/admin": frozenset({"admin"}),
    "/screen": EVERY_ROLE,
    "/portal": EVERY_ROLE,
}
# Who may run a callback, by the id prefix of its outputs (for a pattern-matching id, of its
# "type"). A callback needs every output's rule to admit the caller; default: the desk roles.
# A page for the wall registers its own prefix (`allow_callbacks("screen-", EVERY_ROLE)`).
CALLBACK_ROLES: dict[str, frozenset[str]] = {
    "admin-": frozenset({"admin"}),
    "screen-": EVERY_ROLE,
    "portal-": EVERY_ROLE,
    "shell-": EVERY_ROLE,  # the week bar: the week list and freshness are aggregates
    "nav-": EVERY_ROLE,  # the navbar's collapse on phones
}


class AccessDenied(StoreUnavailable):
    """A read or act the caller is not granted; callbacks answer `DENIED` and nothing else.

    A StoreUnavailable, so a callback that catches only that still fails closed, showing the
    message instead of rows or a traceback."""

    def __init__(self, message: str = DENIED) -> None:
        super().__init__(message)


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


def _longest(rules: dict[str, frozenset[str]], key: str) -> frozenset[str]:
    matches = [prefix for prefix in rules if key.startswith(prefix)]
    return rules[max(matches, key=len)] if matches else DESK_ROLES


def page_roles(path: str) -> frozenset[str]:
    """The roles that may open the page at `path` (a rule for /admin covers /admin/…)."""
    matches = [prefix for prefix in PAGE_ROLES if path == prefix or path.startswith(prefix + "/")]
    return PAGE_ROLES[max(matches, key=len)] if matches else DESK_ROLES


def callback_roles(output_ids: list[str]) -> frozenset[str]:
    """The roles that may run a callback with these output component ids."""
    allowed = EVERY_ROLE
    for component in output_ids:
        allowed &= _longest(CALLBACK_ROLES, component)
    return allowed if output_ids else frozenset()


def allow_callbacks(prefix: str, roles: frozenset[str]) -> None:
    """Register who may run callbacks whose outputs' ids start with `prefix` (at import, once)."""
    CALLBACK_ROLES[prefix] = frozenset(roles)


def scope_units(requested: tuple[str, ...] | None, caller: Caller | None = None) -> tuple[str, ...] | None:
    """`requested` units narrowed to what the caller may see (None = all they may see)."""
    allowed = (caller or current_caller()).row_units()
    if allowed is None:
        return requested
    if requested is None:
        return allowed
    return tuple(u for u in requested if u in allowed)


def row_scope(requested: tuple[str, ...] | None, caller: Caller | None = None) -> tuple[str, ...] | None:
    """`scope_units` for a read of rows: asking only for units the caller may not see is refused
    (AccessDenied), not answered with nothing; asking for all gives what they may see."""
    scoped = scope_units(requested, caller)
    if scoped == ():
        raise AccessDenied()
    return scoped


def aggregate_scope(requested: tuple[str, ...] | None, caller: Caller | None = None) -> tuple[str, ...] | None:
    """For breakdowns of one unit's rows (by category, month): the whole city is public, a unit
    the caller may not see the rows of is refused."""
    if requested is None:
        if not (caller or current_caller()).signed_in:
            raise AccessDenied()
        return None
    return row_scope(requested, caller)
