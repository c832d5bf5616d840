"""Every number that opens rows opens exactly the rows it counts, on SQLite and PostgreSQL.

Seeded findings and ledger items of three units, with dates on both sides of each week's Sunday
(rectified, closed and found after it, due on it), loaded by the real ETL; then for every unit
and the city, in the report week and in a carried-forward week, each figure of the facts and of
the breakdowns (category, found month, origin) is compared with the drill-down the page opens
for it (`callbacks.drilldown.rows_for`): the number of rows, and for amounts their sum.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from flask import Flask, g
from workbooks import filler, finding, item, write

from callbacks.drilldown import rows_for
from cockpit import dashboard
from cockpit.access import Caller
from cockpit.amounts import AMOUNT_SCALE
from cockpit.cache import cache
from cockpit.config import CITY_WIDE
from cockpit.settings import Settings
from cockpit.store import CONFIG_KEY, SETTINGS_KEY

UNITS = ("330102", "330105", "330106")
LATER = "330108"  # submits in CARRIED only, so that the others are carried forward into it
REPORT, CARRIED = "2024-W10", "2024-W12"  # Sundays 2024-03-10 and 2024-03-24
SUNDAY = dt.date(2024, 3, 10)
CATEGORIES = ("预算管理", "政府债务", "民生资金")
# figure of the facts -> the drill key the page gives it
FIGURES = {
    "found": "found",
    "rectified": "rectified",
    "in_progress": "open",
    "overdue": "overdue",
    "supervision_found": "supervision",
    "supervision_closed": "closed",
}
AMOUNTS = {"amount_found": "amount", "amount_rectified": "amount_rectified"}


def _day(rng: random.Random, low: int, high: int) -> dt.date:
    return SUNDAY + dt.timedelta(days=rng.randint(low, high))


def _findings(unit: str, rng: random.Random) -> list[dict]:
    rows = []
    for n in range(40):
        found_on = _day(rng, -120, 5)  # a few found after the report week's Sunday
        due_on = rng.choice([found_on + dt.timedelta(days=rng.randint(0, 90)), SUNDAY, dt.date(2024, 3, 24)])
        status = rng.choice(("已整改", "整改中", "未整改"))
        rectified_on = (
            min(found_on + dt.timedelta(days=rng.randint(0, 40)), _day(rng, -5, 12)) if status == "已整改" else None
        )
        if rectified_on is not None and rectified_on < found_on:
            rectified_on = found_on
        origin = rng.choice(("审计整改", "监督整改"))
        closed_on = None
        if origin == "监督整改" and rectified_on is not None and rng.random() < 0.7:
            closed_on = rectified_on + dt.timedelta(days=rng.randint(0, 10))
        rows.append(
            finding(
                f"{unit}-{n:03d}",
                found_on=found_on,
                due_on=due_on,
                status=status,
                rectified_on=rectified_on,
                origin=origin,
                closed_on=closed_on,
                amount=str(Decimal(rng.randint(0, 50000)) / 100),
                category=rng.choice(CATEGORIES),
            )
        )
    return rows


def _ledger(unit: str, rng: random.Random) -> list[dict]:
    rows = []
    for code in ("K1", "K4", "K6", "K7"):
        for n in range(6):
            done = rng.random() < 0.6
            rows.append(item(code, str(n), "已完成" if done else "推进中", _day(rng, -500, 10) if done else None))
    return rows + filler(unit, skip=("K1", "K4", "K6"))


@pytest.fixture
def loaded(store, tmp_path: Path):  # noqa: ANN001, ANN201
    rng = random.Random(20240310)
    files = [
        write(tmp_path, unit, REPORT, ledger=_ledger(unit, rng), rectification=_findings(unit, rng)) for unit in UNITS
    ]
    files.append(write(tmp_path, LATER, CARRIED, ledger=_ledger(LATER, rng), rectification=_findings(LATER, rng)))
    results = store.load_many(files, today=dt.date(2026, 1, 1))
    assert all(r.accepted for r in results), [i.line() for r in results for i in r.errors]
    server = Flask(__name__)
    server.config[SETTINGS_KEY] = Settings(instance_dir=tmp_path / "instance", db_url=store.url)
    server.config[CONFIG_KEY] = store.config
    cache.init_app(server, config={"CACHE_TYPE": "NullCache", "CACHE_NO_NULL_WARNING": True})
    with server.test_request_context():
        g.cockpit_caller = Caller(user_id=1, username="test-taskforce", role="taskforce")  # sees every unit's rows
        yield store


def _drill(week: str, unit: str, key: str, **bar: str) -> list[dict]:
    _title, _definition, rows, _columns = rows_for({"what": "findings", "unit": unit, "key": key, "week": week, **bar})
    return rows.to_dict("records")


def _amount(rows: list[dict]) -> int:
    return sum(round(r["amount_wan"] * AMOUNT_SCALE) for r in rows)


def _check(figures: dict, week: str, unit: str, **bar: str) -> None:
    for column, key in FIGURES.items():
        assert len(_drill(week, unit, key, **bar)) == figures[column], (week, unit, bar, column)
    for column, key in AMOUNTS.items():
        assert _amount(_drill(week, unit, key, **bar)) == figures[column], (week, unit, bar, column)


@pytest.mark.parametrize("week", [REPORT, CARRIED])
def test_every_rectification_figure_opens_the_rows_it_counts(loaded, week: str) -> None:  # noqa: ANN001
    facts = dashboard.rectification_facts(week).set_index("unit_code")
    assert set(UNITS) < set(facts.index)
    assert facts.loc[CITY_WIDE, "overdue"] > 0 and facts.loc[CITY_WIDE, "supervision_closed"] > 0
    for unit in facts.index:
        _check(facts.loc[unit].to_dict(), week, unit)


@pytest.mark.parametrize("week", [REPORT, CARRIED])
@pytest.mark.parametrize("by", ["category", "month", "origin"])
def test_every_breakdown_bar_opens_the_rows_it_counts(loaded, week: str, by: str) -> None:  # noqa: ANN001
    facts = dashboard.rectification_facts(week).set_index("unit_code")
    for unit in ("330105", CITY_WIDE):
        scope = None if unit == CITY_WIDE else (unit,)
        bars = dashboard.rectification_breakdown(week, by, scope)
        assert len(bars) >= 2
        for column in (*FIGURES, *AMOUNTS):  # the bars add up to the unit's figures
            assert bars[column].sum() == facts.loc[unit, column], (unit, by, column)
        for bar in bars.to_dict("records"):
            if by == "origin":  # the supervision panel's keys carry the origin
                for column, key in FIGURES.items():
                    assert len(_drill(week, unit, f"{key}:{bar[by]}")) == bar[column], (unit, bar[by], column)
            else:
                _check(bar, week, unit, **{by: bar[by]})


@pytest.mark.parametrize("week", [REPORT, CARRIED])
def test_every_indicator_numerator_and_denominator_open_their_items(loaded, week: str) -> None:  # noqa: ANN001
    facts = dashboard.indicator_facts(week)
    assert len(facts) > 0
    k7_outside_window = 0
    for fact in facts.to_dict("records"):
        query = {"what": "ledger", "unit": fact["unit_code"], "week": week}
        done = rows_for(query | {"key": f"{fact['indicator_code']}:done"})[2]
        every = rows_for(query | {"key": fact["indicator_code"]})[2]
        assert len(done) == fact["numerator"], fact
        assert done["counts_done"].all()
        if fact["denominator"] is not None and fact["denominator"] == fact["denominator"]:  # rate (not NaN)
            assert len(every) == fact["denominator"], fact
        else:
            k7_outside_window += int((every["status"] == "已完成").sum()) - len(done)
    assert k7_outside_window > 0  # K7 items done outside the 2024 window are listed but not counted


@pytest.mark.parametrize("week", [REPORT, CARRIED])
def test_the_overdue_list_is_the_longest_overdue_of_the_overdue_rows(loaded, week: str) -> None:  # noqa: ANN001
    every = pd.DataFrame(_drill(week, CITY_WIDE, "overdue"))
    longest = every.sort_values(["due_on", "unit_code", "issue_id"]).head(7)
    listed = dashboard.most_overdue(week, None, 7)
    assert list(listed["issue_id"]) == list(longest["issue_id"]) and len(listed) == 7
    assert listed["days_overdue"].is_monotonic_decreasing and (listed["days_overdue"] > 0).all()
    mine = dashboard.most_overdue(week, ("330105",), 1000)
    assert len(mine) == dashboard.rectification_facts(week, ("330105",))["overdue"].iloc[0]
