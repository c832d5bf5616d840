"""The data version (DESIGN §10): every successful load and rebuild increases it, in the
transaction that recomputes the facts; a rejected or unchanged file leaves it alone."""

from __future__ import annotations

from pathlib import Path

from workbooks import D, filler, item, write

from cockpit import data_version

W10 = "2024-W10"


def version(store) -> int:  # noqa: ANN001
    with store.session() as session:
        return data_version.current(session)


def k1(tmp_path: Path, done: int, name: str) -> Path:
    rows = [
        item("K1", str(n), "已完成" if n <= done else "推进中", D(2024, 3, 1) if n <= done else None) for n in (1, 2)
    ]
    return write(tmp_path, "330102", W10, ledger=rows + filler("330102", skip=("K1",)), name=name)


def test_loads_and_rebuilds_bump_the_version_and_nothing_else_does(store, tmp_path: Path) -> None:  # noqa: ANN001
    start = version(store)
    assert store.load(k1(tmp_path, 1, "a.xlsx")).accepted
    after_load = version(store)
    assert after_load == start + 1

    again = tmp_path / "a-again.xlsx"
    again.write_bytes((tmp_path / "a.xlsx").read_bytes())
    assert store.load(again).unchanged
    assert version(store) == after_load  # the same bytes: nothing new to show

    rejected = write(tmp_path, "999999", W10, ledger=filler("330102"), name="bad.xlsx")
    assert not store.load(rejected).accepted
    assert version(store) == after_load

    assert store.load(k1(tmp_path, 2, "b.xlsx")).accepted  # a resubmission
    assert version(store) == after_load + 1

    store.rebuild()
    assert version(store) == after_load + 2


def test_bump_starts_again_at_one_on_an_emptied_store(store) -> None:  # noqa: ANN001
    # the fixture empties every table, the version row too
    with store.session() as session:
        assert data_version.current(session) == 0
        assert data_version.bump(session) == 1
        assert data_version.bump(session) == 2
    assert version(store) == 2
