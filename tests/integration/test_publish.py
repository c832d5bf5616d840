"""Publishing a week freezes what the meeting saw (DESIGN §11): a later resubmission changes the
live figures, never the published ones; publishing twice keeps both versions. On SQLite and
PostgreSQL, through the real loader and the CLI."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
from test_etl_cli import etl
from test_review_facts import UNIT, k1
from workbooks import filler, write

from cockpit.exports import COLUMNS, to_csv
from cockpit.publish import NotPublished, differences, publish, published, published_rows, versions

W10 = "2024-W10"


def submit(store, tmp_path: Path, done: int, name: str) -> None:  # noqa: ANN001
    result = store.load(write(tmp_path, UNIT, W10, ledger=k1(done) + filler(UNIT, skip=("K1",)), name=name))
    assert result.accepted


def test_a_later_resubmission_leaves_the_published_version_unchanged(store, tmp_path: Path) -> None:  # noqa: ANN001
    submit(store, tmp_path, 2, "v1.xlsx")
    with store.session() as session:
        assert publish(session, store.config, week=W10, by="专班甲", now=dt.datetime(2024, 3, 11, 9, 30)) == 1
    frozen = {
        what: store.export(what, W10) for what in ("kpi", "rectification", "ranking", "submissions", "milestones")
    }
    with store.session() as session:
        frozen["outlook"] = published_rows(session, what="outlook", week=W10)
        frozen_review = published(session, week=W10).review

    submit(store, tmp_path, 6, "v2.xlsx")  # the same unit and week again: 6/8 instead of 2/8
    assert store.row("kpi", W10, UNIT, "K1")["actual"] == 0.75
    with store.session() as session:
        for what, rows in frozen.items():
            assert published_rows(session, what=what, week=W10) == rows, what
        assert published_rows(session, what="kpi", week=W10)[0]["actual"] == 0.25  # 2/8, as published
        assert published(session, week=W10).review == frozen_review
        moved = differences(session, store.config, week=W10)
        assert {"what": "kpi", "key": f"{UNIT}/K1", "column": "actual", "published": 0.25, "live": 0.75} in moved
        assert {
            "what": "ranking",
            "key": UNIT,
            "column": "score",
            "published": Decimal("3.13"),
            "live": Decimal("9.38"),
        } in moved

        # Publishing again keeps version 1 and adds version 2 with the new figures.
        assert publish(session, store.config, week=W10, by="专班乙", now=dt.datetime(2024, 3, 12, 9, 0)) == 2
    with store.session() as session:
        assert versions(session, week=W10) == [
            (1, "专班甲", dt.datetime(2024, 3, 11, 9, 30)),
            (2, "专班乙", dt.datetime(2024, 3, 12, 9, 0)),
        ]
        assert published_rows(session, what="kpi", week=W10, version=1)[0]["actual"] == 0.25
        assert published_rows(session, what="kpi", week=W10)[0]["actual"] == 0.75  # latest by default
        assert differences(session, store.config, week=W10) == []
        with pytest.raises(NotPublished):
            published(session, week=W10, version=3)
    # A rebuild from the archive recomputes every fact and leaves the snapshots alone.
    store.rebuild()
    with store.session() as session:
        assert published_rows(session, what="kpi", week=W10, version=1)[0]["actual"] == 0.25


def test_cli_publishes_and_exports_a_published_version(store, tmp_path: Path) -> None:  # noqa: ANN001
    submit(store, tmp_path, 2, "v1.xlsx")
    live_csv = to_csv(store.export("ranking", W10), COLUMNS["ranking"])
    done = etl(store, "publish", "--week", W10, "--by", "专班甲")
    assert done.returncode == 0, done.stderr
    assert "第 1 版" in done.stderr
    submit(store, tmp_path, 6, "v2.xlsx")
    published_csv = etl(store, "export", "--what", "ranking", "--week", W10, "--published")
    assert published_csv.returncode == 0, published_csv.stderr
    assert published_csv.stdout == live_csv  # the bytes the live export wrote before the resubmission
    outlook = etl(store, "export", "--what", "outlook", "--week", W10, "--published", "1", "--format", "json")
    assert outlook.returncode == 0, outlook.stderr
    assert {r["indicator_code"] for r in json.loads(outlook.stdout) if r["unit_code"] == UNIT} >= {"K1", "K7"}
    missing = etl(store, "export", "--what", "kpi", "--week", "2024-W11", "--published")
    assert missing.returncode == 1 and "尚未发布" in missing.stderr


def test_cli_briefing_xlsx_and_pdf(store, tmp_path: Path) -> None:  # noqa: ANN001
    import io
    import subprocess

    from openpyxl import load_workbook

    submit(store, tmp_path, 2, "v1.xlsx")
    out = tmp_path / "briefing.xlsx"
    done = etl(store, "briefing", "--week", W10, "--format", "xlsx", "--out", str(out))
    assert done.returncode == 0, done.stderr
    book = load_workbook(io.BytesIO(out.read_bytes()))
    k1 = next(r for r in book["核心指标"].iter_rows(min_row=2, values_only=True) if r[:2] == (UNIT, "K1"))
    assert k1[2:5] == (2, 8, 0.25)  # numerator, denominator, actual of the export
    assert (
        etl(store, "briefing", "--week", "2024-W10", "--format", "xlsx", "--published", "--out", str(out)).returncode
        == 1
    )
    if store.kind == "sqlite":  # the same printing path on both stores; once is enough for its ~10 s
        pdf = tmp_path / "briefing.pdf"
        done = etl(store, "briefing", "--week", W10, "--format", "pdf", "--out", str(pdf))
        assert done.returncode == 0, done.stderr
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert f"数据周 {W10}" in text and "上城区" in text and "25.0%" in text
