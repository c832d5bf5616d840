"""单位 page header, called directly on the demo store: rank of N ranked and the score change
come from the stored ranking facts."""

from __future__ import annotations

from decimal import Decimal

from cockpit import exports, weeks
from cockpit.db import get_engine, transaction

WEEK = "2024-W08"


def texts(component: object) -> list[str]:
    if isinstance(component, str):
        return [component]
    if isinstance(component, list | tuple):
        return [t for child in component for t in texts(child)]
    children = getattr(component, "children", None)
    return texts(children) if children is not None else []


def test_header_reads_rank_of_ranked_and_score_change(request_ctx, demo_store) -> None:  # noqa: ANN001
    from callbacks.unit import header

    url, config = demo_store
    unit = config.districts[0].code
    with transaction(get_engine(url)) as session:
        now = {r["unit_code"]: r for r in exports.ranking_rows(session, week=WEEK)}
        before = {r["unit_code"]: r for r in exports.ranking_rows(session, week=weeks.previous(WEEK))}
    text = "".join(texts(header(unit, WEEK)))
    assert f"第 {now[unit]['rank']} 名 / {len(now)}" in text
    change = Decimal(now[unit]["score"]) - Decimal(before[unit]["score"])
    assert f"得分 {change:+.2f}" in text
