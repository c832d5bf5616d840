"""Uploads through /submit's path (cockpit.upload → the child `python -m etl.intake`), one test
per outcome, on both databases: the store's checksum changes only when a file is accepted."""

from __future__ import annotations

import datetime as dt
import hashlib
import zipfile
from pathlib import Path

import pytest

from cockpit.settings import Settings
from cockpit.upload import Outcome, receive
from etl.load import archive_path
from tests import spreadsheets
from tests import workbooks as wb

UNIT = "330102"
FINDING = wb.finding("F1", found_on=dt.date(2024, 1, 5), due_on=dt.date(2024, 6, 30))


def _good_rows() -> dict:
    return {
        "ledger": [wb.item("K1", "A1", "已完成", dt.date(2024, 3, 1)), *wb.filler(UNIT, skip=["K1"])],
        "rectification": [FINDING],
    }


def _settings(store, tmp_path: Path) -> Settings:  # noqa: ANN001
    assert store.archive_dir == tmp_path / "archive"  # the settings' archive is the store's
    return Settings(instance_dir=tmp_path, db_url=store.url, config_dir=Settings().config_dir)


def _upload(store, tmp_path: Path, path: Path, unit: str = UNIT) -> Outcome:  # noqa: ANN001
    return receive(path.read_bytes(), file_name=path.name, unit_code=unit, settings=_settings(store, tmp_path))


def _refused(store, tmp_path: Path, path: Path, reason: str, unit: str = UNIT) -> Outcome:  # noqa: ANN001
    before = store.checksum()
    outcome = _upload(store, tmp_path, path, unit)
    assert not outcome.accepted
    assert any(reason in e["reason"] for e in outcome.errors), outcome.errors
    assert store.checksum() == before
    return outcome


def test_an_accepted_upload_is_loaded_with_a_receipt(store, tmp_path) -> None:  # noqa: ANN001
    before = store.checksum()
    first = wb.write(tmp_path, UNIT, "2024-W10", **_good_rows())
    outcome = _upload(store, tmp_path, first)
    assert outcome.accepted, outcome.errors
    assert outcome.sha256 == hashlib.sha256(first.read_bytes()).hexdigest()
    assert (outcome.unit_code, outcome.report_week, outcome.superseded_id) == (UNIT, "2024-W10", None)
    assert outcome.rows["ledger"] == 1 + len(wb.filler(UNIT, skip=["K1"])) and outcome.rows["rectification"] == 1
    assert store.checksum() != before
    assert store.row("kpi", "2024-W10", UNIT, "K1")["numerator"] == 1
    again = wb.write(tmp_path, UNIT, "2024-W10", name="again.xlsx", ledger=wb.filler(UNIT), rectification=[FINDING])
    replaced = _upload(store, tmp_path, again)
    assert replaced.accepted and replaced.superseded_id == outcome.submission_id
    assert replaced.superseded_loaded_at  # the receipt names when the replaced one came in
    assert store.row("kpi", "2024-W10", UNIT, "K1")["numerator"] == 0


def test_a_rejected_upload_lists_every_error_and_changes_nothing(store, tmp_path) -> None:  # noqa: ANN001
    grids = wb.grids(
        UNIT,
        "2024-W10",
        ledger=[wb.item("K1", "A1", "已完成"), wb.item("K99", "A2"), wb.item("K1", "A1")],
        rectification=[
            wb.finding(
                "F1",
                found_on=dt.date(2024, 3, 1),
                due_on=dt.date(2024, 6, 30),
                amount="-5",
                status="已整改",
                rectified_on=dt.date(2024, 2, 1),
            )
        ],
    )
    outcome = _refused(store, tmp_path, wb.write_grids(tmp_path / "bad.xlsx", grids), "未知指标编码")
    where = {(e["sheet"], e["row"], e["column"]) for e in outcome.errors}
    assert {
        ("指标台账", 2, "完成日期"),
        ("指标台账", 3, "指标编码"),
        ("指标台账", 4, "事项编号"),
        ("整改台账", 2, "问题金额(万元)"),
        ("整改台账", 2, "整改日期"),
    } <= where
    assert len(outcome.errors) >= 5


@pytest.mark.parametrize(("writer", "suffix"), [(spreadsheets.write_xls, ".xls"), (spreadsheets.write_ods, ".ods")])
def test_xls_and_ods_are_read_kept_and_rebuildable(store, tmp_path, writer, suffix) -> None:  # noqa: ANN001
    path = writer(tmp_path / f"sub{suffix}", wb.grids(UNIT, "2024-W10", **_good_rows()))
    outcome = _upload(store, tmp_path, path)
    assert outcome.accepted, outcome.errors
    assert outcome.file_kind == suffix[1:] and outcome.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert outcome.rows["ledger"] == 1 + len(wb.filler(UNIT, skip=["K1"]))
    assert store.row("kpi", "2024-W10", UNIT, "K1")["numerator"] == 1
    assert store.row("rectification", "2024-W10", UNIT)["found"] == 1
    original = store.archive_dir / "originals" / outcome.sha256[:2] / f"{outcome.sha256}{suffix}"
    assert original.read_bytes() == path.read_bytes()
    assert archive_path(store.archive_dir, outcome.stored_sha256).exists()
    facts = store.facts()
    store.rebuild()  # the archive rebuilds the store, converted files included
    assert store.facts() == facts
    again = _upload(store, tmp_path, path)
    assert again.accepted and again.unchanged and again.stored_sha256 == outcome.stored_sha256


def test_a_rejected_xls_reports_cells_like_an_xlsx(store, tmp_path) -> None:  # noqa: ANN001
    grids = wb.grids(UNIT, "2024-W10", ledger=[wb.item("K1", "A1", "已完成")])
    outcome = _refused(store, tmp_path, spreadsheets.write_xls(tmp_path / "bad.xls", grids), "必须填写完成日期")
    assert outcome.errors[0]["sheet"] == "指标台账" and outcome.errors[0]["row"] == 2


def test_macro_workbooks_are_refused_with_their_own_message(store, tmp_path) -> None:  # noqa: ANN001
    good = wb.write(tmp_path, UNIT, "2024-W10", **_good_rows())
    _refused(store, tmp_path, wb.with_macros(good, tmp_path / "m.xlsm"), "含宏")
    _refused(store, tmp_path, wb.with_macros(good, tmp_path / "renamed.xlsx"), "含宏")  # the bytes decide


def test_encrypted_workbooks_are_refused_with_their_own_message(store, tmp_path) -> None:  # noqa: ANN001
    good = wb.write(tmp_path, UNIT, "2024-W10", **_good_rows())
    _refused(store, tmp_path, spreadsheets.encrypt(good, tmp_path / "locked.xlsx"), "打开密码")


def test_too_large_is_refused_before_reading(store, tmp_path) -> None:  # noqa: ANN001
    _refused(store, tmp_path, wb.oversized_file(tmp_path / "big.xlsx"), "文件过大")


@pytest.mark.parametrize("make", ["random", "text", "docx", "odt"])
def test_wrong_bytes_are_refused_whatever_the_name(store, tmp_path, make: str) -> None:  # noqa: ANN001
    path = tmp_path / "sub.xlsx"
    if make == "random":
        wb.random_bytes(path)
    elif make == "text":
        wb.text_file(path)
    elif make == "docx":
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr(
                "[Content_Types].xml",
                '<Types><Override ContentType="application/vnd.openxmlformats-'
                'officedocument.wordprocessingml.document.main+xml"/></Types>',
            )
    else:
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
    _refused(store, tmp_path, path, "不是")


def test_another_units_workbook_is_refused(store, tmp_path) -> None:  # noqa: ANN001
    other = wb.write(tmp_path, "330105", "2024-W10", ledger=wb.filler("330105"))
    _refused(store, tmp_path, other, "不是本账号所属单位")
