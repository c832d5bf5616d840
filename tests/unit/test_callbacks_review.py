"""周报 callbacks, called directly: the sections come from cockpit.review, the published version
is shown once there is one, only the task force may publish, hostile inputs say so in Chinese."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import flask
import pytest
from test_callbacks_rankings import texts

from cockpit.access import ANONYMOUS, Caller

WEEK = "2024-W08"


@pytest.fixture
def copied_store(demo_store, store_request, tmp_path: Path):  # noqa: ANN001, ANN201
    """A private copy of the demo store (publishing writes to it)."""
    target = tmp_path / "copy.db"
    with sqlite3.connect(demo_store[0].removeprefix("sqlite:///")) as source, sqlite3.connect(target) as copy:
        source.backup(copy)  # the WAL's pages included
    with store_request(f"sqlite:///{target}"):
        yield


def test_live_review_until_published(copied_store) -> None:  # noqa: ANN001
    from callbacks.review import publish_week, show_review

    body, banner, status = show_review(WEEK, None, None)
    assert status is None
    words = texts(body)
    assert "全市年底预判" in words and any(w.startswith("滞后事项") for w in words)
    assert "本周尚未发布,以下为实时数据。" in texts(banner)

    # Anonymous (before sign-in) and district users may not publish.
    flask.g.cockpit_caller = ANONYMOUS
    message, version = publish_week(1, WEEK)
    assert message == "无权发布:仅工作专班可以发布周报。"
    flask.g.cockpit_caller = Caller(user_id=7, username="district1", role="district", unit_code="330102")
    message, version = publish_week(1, WEEK)
    assert message.startswith("无权发布")
    flask.g.cockpit_caller = Caller(user_id=3, username="专班甲", role="taskforce")
    message, version = publish_week(1, WEEK)
    assert (message, version) == (f"已发布 {WEEK} 第 1 版", "1")
    _, banner, _ = show_review(WEEK, None, version)
    shown = " ".join(texts(banner))
    assert "已发布 · 第1版" in shown and "发布人 专班甲" in shown and "发布后数据有更新" not in shown
    # ?version=live shows the live figures again.
    _, banner, _ = show_review(WEEK, None, "live")
    assert "以下为实时数据。" in texts(banner)


def test_monthly_list_and_hostile_inputs(request_ctx) -> None:  # noqa: ANN001
    from callbacks.review import parse_version, show_review

    body, _, status = show_review(WEEK, "2024-02", None)
    assert status is None and any(w.startswith("本月到期的整改问题") for w in texts(body))
    _, _, status = show_review(WEEK, "2024-13", None)
    assert "不是月份" in " ".join(texts(status))
    _, _, status = show_review(WEEK, "<script>", None)
    assert "不是月份" in " ".join(texts(status))
    assert parse_version("abc") is None and parse_version("-3") is None and parse_version("live") == 0
