"""排名 callbacks, called directly inside a request of one app, on a store loaded through the real
ETL with a few weeks of demo data, and on unreachable and empty stores."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import copy_context
from decimal import Decimal

import pytest
from dash._callback_context import context_value
from dash._utils import AttributeDict

from cockpit import exports
from cockpit.config import Config, default_config
from cockpit.db import get_engine, transaction
from cockpit.schema import upgrade
from cockpit.scoring import SCORE_FORMULA
from cockpit.settings import Settings
from cockpit.store import SETTINGS_KEY
from etl.demo import generate_demo
from etl.jobs import load_many
from pages import _ids as ids

FIRST, LAST = "2024-W01", "2024-W08"
WEEK = "2024-W06"


@pytest.fixture(scope="session")
def ranked_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Config]:
    root = tmp_path_factory.mktemp("rankings-store")
    url = f"sqlite:///{root / 'cockpit.db'}"
    config = default_config()
    engine = get_engine(url)
    upgrade(engine)
    files = generate_demo(root / "demo", config=config, first_week=FIRST, last_week=LAST, processes=1)
    results = load_many(engine, files, config=config, archive_dir=root / "archive", today=dt.date(2026, 1, 1))
    assert all(r.accepted for r in results)
    return url, config


@pytest.fixture(scope="session")
def rankings_app(ranked_store: tuple[str, Config], tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    from app import create_app

    url, config = ranked_store
    return create_app(Settings(instance_dir=tmp_path_factory.mktemp("instance"), db_url=url), config)


@contextmanager
def on_store(app, url: str) -> Iterator[None]:  # noqa: ANN001 - a Dash app
    before = app.server.config[SETTINGS_KEY]
    app.server.config[SETTINGS_KEY] = Settings(instance_dir=before.instance_dir, db_url=url)
    try:
        with app.server.test_request_context():
            yield
    finally:
        app.server.config[SETTINGS_KEY] = before


@pytest.fixture
def request_ctx(rankings_app, ranked_store) -> Iterator[None]:  # noqa: ANN001
    with on_store(rankings_app, ranked_store[0]):
        yield


def exported(url: str, what: str, week: str) -> list[dict]:
    with transaction(get_engine(url)) as session:
        return exports.EXPORTS[what](session, week=week)


def triggered(prop_id: str, function, *args):  # noqa: ANN001, ANN201
    """Call a callback as Dash would after `prop_id` changed (so `ctx.triggered_id` is set)."""

    def run():  # noqa: ANN202
        context_value.set(AttributeDict(triggered_inputs=[{"prop_id": prop_id, "value": None}]))
        return function(*args)

    return copy_context().run(run)


def ids_in(component: object) -> list:
    """Every id in a rendered component tree."""
    found = []
    if isinstance(component, list | tuple):
        for child in component:
            found += ids_in(child)
        return found
    if getattr(component, "id", None) is not None:
        found.append(component.id)
    children = getattr(component, "children", None)
    return found + (ids_in(children) if children is not None else [])


def texts(component: object) -> list[str]:
    if isinstance(component, str):
        return [component]
    if isinstance(component, list | tuple):
        return [t for child in component for t in texts(child)]
    children = getattr(component, "children", None)
    return texts(children) if children is not None else []


def test_grid_has_the_exported_ranking(request_ctx, ranked_store) -> None:  # noqa: ANN001
    from callbacks.rankings import show_ranking

    url, config = ranked_store
    rows, _figure, _formula, _weights, status = show_ranking(WEEK)
    expected = exported(url, "ranking", WEEK)
    assert status is None
    assert len(rows) == len(expected) == len(config.districts)
    by_unit = {r["unit_code"]: r for r in rows}
    for row in expected:
        shown = by_unit[row["unit_code"]]
        assert shown["rank"] == row["rank"]
        assert Decimal(f"{shown['score']:.2f}") == row["score"]
        assert shown["rank_change"] == row["rank_change"]
        assert shown["unit_name"] == config.unit(row["unit_code"]).name


def test_contributions_add_up_to_each_score(request_ctx, ranked_store) -> None:  # noqa: ANN001
    from callbacks.rankings import show_ranking

    url, config = ranked_store
    _rows, figure, *_ = show_ranking(WEEK)
    totals: dict[str, float] = {}
    for trace in figure.data:
        for unit_code, points in zip((c[0] for c in trace.customdata), trace.x, strict=True):
            totals[unit_code] = totals.get(unit_code, 0.0) + points
    for row in exported(url, "ranking", WEEK):
        assert totals[row["unit_code"]] == pytest.approx(float(row["score"]), abs=0.005)
    ranked_names = [config.unit(r["unit_code"]).name for r in exported(url, "ranking", WEEK)]
    assert list(figure.layout.yaxis.categoryarray) == ranked_names


def test_formula_and_weights_come_from_config(request_ctx, ranked_store) -> None:  # noqa: ANN001
    from callbacks.rankings import show_ranking

    _url, config = ranked_store
    _rows, _figure, formula, weights, _status = show_ranking(WEEK)
    assert SCORE_FORMULA in texts(formula)
    cells = texts(weights)
    for indicator in config.indicators:
        assert indicator.code in cells
    assert "整改率" in cells
    assert str(config.rectification_weight.normalize()) in cells


def test_detail_defaults_to_the_leader_and_drills_to_its_ledger(request_ctx, ranked_store) -> None:  # noqa: ANN001
    from callbacks.rankings import explain_rank

    url, config = ranked_store
    leader = exported(url, "ranking", WEEK)[0]
    detail = triggered(f"{ids.WEEK}.data", explain_rank, None, None, WEEK)
    assert config.unit(leader["unit_code"]).name in texts(detail)
    assert f"{leader['score']}" in texts(detail)
    drills = ids_in(detail)
    applicable = [i.code for i in config.indicators if i.applies(leader["unit_code"])]
    assert {d["key"] for d in drills if d["what"] == "ledger"} == set(applicable)
    assert all(d["unit"] == leader["unit_code"] for d in drills)


def test_detail_follows_the_selected_row_and_the_clicked_bar(request_ctx, ranked_store) -> None:  # noqa: ANN001
    from callbacks.rankings import explain_rank

    url, config = ranked_store
    last = exported(url, "ranking", WEEK)[-1]["unit_code"]
    picked = triggered(f"{ids.RANKING_GRID}.selectedRows", explain_rank, [{"unit_code": last}], None, WEEK)
    assert config.unit(last).name in texts(picked)
    click = {"points": [{"customdata": [last, 1.0, 1.0]}]}
    clicked = triggered(f"{ids.RANKING_CONTRIB}.clickData", explain_rank, None, click, WEEK)
    assert config.unit(last).name in texts(clicked)


def test_a_week_without_ranking_says_so(request_ctx) -> None:  # noqa: ANN001
    from callbacks.rankings import show_ranking

    rows, _figure, _formula, _weights, status = show_ranking("2023-W30")
    assert rows == []
    assert "没有可排名的区县" in " ".join(texts(status))


@pytest.mark.parametrize("kind", ["unreachable", "empty"])
def test_store_problems_are_said_in_chinese(rankings_app, tmp_path, kind) -> None:  # noqa: ANN001
    from callbacks.rankings import explain_rank, show_ranking

    url = f"sqlite:///{tmp_path / 'missing' / 'cockpit.db'}"
    if kind == "empty":
        url = f"sqlite:///{tmp_path / 'cockpit.db'}"
        upgrade(get_engine(url))
    with on_store(rankings_app, url):
        rows, _figure, formula, _weights, status = show_ranking(WEEK)
        detail = triggered(f"{ids.WEEK}.data", explain_rank, None, None, WEEK)
    assert rows == []
    assert SCORE_FORMULA in texts(formula)  # the published rule stays readable
    message = " ".join(texts(status))
    assert "暂时无法显示数据" in message
    assert ("数据库" in message) and message == " ".join(texts(detail))


def test_no_week_renders_nothing(request_ctx) -> None:  # noqa: ANN001
    from callbacks.rankings import explain_rank, show_ranking

    rows, _figure, _formula, _weights, status = show_ranking(None)
    assert rows == [] and status is None
    assert triggered(f"{ids.WEEK}.data", explain_rank, None, None, None) is None
