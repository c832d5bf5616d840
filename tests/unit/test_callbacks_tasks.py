"""挂图作战 callbacks, called directly on the demo store: the grid shows the figures of
`etl export --what milestones`, filters narrow them, a milestone opens its 任务进度 rows."""

from __future__ import annotations

from test_callbacks_rankings import exported, triggered

from pages import _ids as ids

WEEK = "2024-W08"


def test_grid_shows_the_exported_milestones(request_ctx, demo_store) -> None:  # noqa: ANN001
    from callbacks.tasks import show_board

    figure, table, rows, summary, status = show_board(WEEK, None, None, ["green", "yellow", "red", "grey"])
    expected = exported(demo_store[0], "milestones", WEEK)
    shown = [
        (
            r["task_code"],
            r["milestone_code"],
            r["unit_code"],
            r["due_on"].isoformat(),
            r["done_on"].isoformat() if r["done_on"] else None,
            r["light"],
        )
        for r in rows
    ]
    assert shown == [
        (r["task_code"], r["milestone_code"], r["unit_code"], r["due_on"], r["done_on"], r["light"]) for r in expected
    ]
    assert status is None and f"共 {len(expected)} 个单位节点" in summary
    # One bar per milestone with rows, the report week's Sunday marked.
    assert len(figure["data"][0]["y"]) == len({r["milestone_code"] for r in expected})
    assert figure["layout"]["annotations"][0]["text"] == "本周日 2024-02-25"


def test_filters_narrow_by_group_responsible_and_light(request_ctx, demo_store) -> None:  # noqa: ANN001
    from callbacks.tasks import show_board

    expected = exported(demo_store[0], "milestones", WEEK)
    _, _, apps, _, _ = show_board(WEEK, ["2个应用系统"], None, ["green", "yellow", "red", "grey"])
    assert {r["task_code"] for r in apps} == {"T7", "T8"}
    _, _, unit, _, _ = show_board(WEEK, None, "unit:330102", ["red"])
    assert [(r["milestone_code"], r["light"]) for r in unit] == [
        (r["milestone_code"], r["light"]) for r in expected if r["unit_code"] == "330102" and r["light"] == "red"
    ]
    _, _, dept, _, _ = show_board(WEEK, None, "dept:重大项目处", ["green", "yellow", "red", "grey"])
    assert {r["task_code"] for r in dept} == {"T7"}
    # Hostile values are ignored, not shown as errors.
    _, _, anything, _, status = show_board(WEEK, ["<script>"], "unit:999999", ["purple"])
    assert anything == [] and status is None


def test_a_milestone_opens_what_each_unit_reported(request_ctx) -> None:  # noqa: ANN001
    from callbacks.tasks import open_milestone

    click = {"points": [{"customdata": ["T1-1", "2023-12-31"]}]}
    is_open, title, definition, rows, columns, count, query = triggered(
        f"{ids.TASKS_TIMELINE}.clickData", open_milestone, click, None, WEEK, None
    )
    assert is_open and "T1-1" in title and "牵头 内审处" in definition
    assert query == {"what": "milestones", "unit": "ALL", "key": "T1-1", "week": WEEK}
    assert rows and {r["milestone_code"] for r in rows} == {"T1-1"}
    assert {c["field"] for c in columns} >= {"unit_code", "progress_pct", "status", "effective_week", "file_name"}
    assert count == f"共 {len(rows)} 行"
    # An unknown milestone code from the browser opens nothing.
    bogus = {"points": [{"customdata": ["T9-9"]}]}
    assert triggered(f"{ids.TASKS_TIMELINE}.clickData", open_milestone, bogus, None, WEEK, None)[0] is not True
