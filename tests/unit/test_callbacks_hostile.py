"""Every /submit and /supervision callback, for every role, fed what a hostile page could send:
no exception escapes (Dash would show a traceback) and nothing of another unit comes back."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from callbacks import submission_status as status_cb
from callbacks import submit as submit_cb
from callbacks import supervision as supervision_cb
from callbacks import unit as unit_cb
from cockpit import supervision as rules
from cockpit.access import ROLES, Caller
from tests import workbooks as wb

JUNK = [
    None,
    "",
    "330105",
    "2024-W99",
    "../../etc/passwd",
    12,
    -1,
    3.5,
    True,
    [],
    ["330105"],
    {},
    {"id": 1},
    [{"id": "1"}],
    [{"key": "indicator|K1|330105"}],
    [{"key": 5}],
    "data:x;base64,@@",
    "=cmd|' /C calc'!A0",
]
CALLERS = [
    Caller(user_id=n, username=f"u{n}", role=role, unit_code="330102" if role == "district" else None)
    for n, role in enumerate((*ROLES, "anonymous"))
]
CALLS = [
    (submit_cb.download_template, 3),
    (submit_cb.upload, 2),
    (submit_cb.issues_file, 2),
    (status_cb.show_status, 2),
    (status_cb.show_history, 2),
    (supervision_cb.show_red, 2),
    (supervision_cb.issue_item, 6),
    (supervision_cb.show_items, 2),
    (supervision_cb.show_detail, 2),
    (supervision_cb.act_on, 7),
    (unit_cb.show_supervision, 2),
]


def _samples(arity: int, count: int = 40) -> list[tuple]:
    """Each junk value in every position at least once, then random mixes (fixed seed)."""
    chosen = random.Random(arity)
    rows = [tuple(JUNK[(i + k) % len(JUNK)] for k in range(arity)) for i in range(len(JUNK))]
    return rows + [tuple(chosen.choice(JUNK) for _ in range(arity)) for _ in range(count - len(rows))]


@pytest.fixture(scope="module")
def hostile_store(private_store) -> str:  # noqa: ANN001
    def files(root: Path) -> list[Path]:
        return [
            wb.write(root, unit, w, ledger=wb.filler(unit))
            for unit in ("330102", "330105")
            for w in ("2024-W10", "2024-W11")
        ]

    return private_store(files)


@pytest.mark.parametrize("caller", CALLERS, ids=lambda c: c.role)
def test_hostile_inputs_never_raise_nor_leak(request_as, hostile_store, caller: Caller) -> None:  # noqa: ANN001
    request_as(hostile_store, Caller(user_id=99, username="tf", role="taskforce"))
    supervision_cb.issue_item(1, [{"key": "indicator|K1|330105"}], "2030-01-01", "说明原因", "2024-W11", {"n": 0})
    request_as(hostile_store, caller)
    tried = 0
    for function, arity in CALLS:
        for values in _samples(arity):
            if function is supervision_cb.act_on:
                values = (rules.RESPOND, *values[1:])
            result = function(*values)
            tried += 1
            if caller.role == "district":
                assert "330105" not in str(result) or function in (submit_cb.issues_file,), (function.__name__, values)
    assert tried > 100
