"""The pure pieces of 填报 and 督办: file types by their bytes, formula escaping, and the 督办
builders other pages drop in (unit page, /review, the wall)."""

from __future__ import annotations

import datetime as dt
import struct

import pandas as pd
import pytest

from cockpit import supervision as rules
from cockpit.upload import decode, escape_formula, template_weeks
from etl import filetypes
from pages._supervision import open_counts_strip, open_items_list
from tests import spreadsheets
from tests import workbooks as wb


def _record(kind: int, body: bytes = b"") -> bytes:
    return struct.pack("<HH", kind, len(body)) + body


def test_an_encrypted_xls_is_told_by_its_filepass_record() -> None:
    bof = _record(0x0809, b"\x00\x06\x05\x00" + b"\x00" * 12)
    assert filetypes._biff_encrypted(bof + _record(0x002F, b"\x01\x00" * 27) + _record(0x0085, b"\x00" * 8))
    assert not filetypes._biff_encrypted(bof + _record(0x0085, b"\x00" * 8) + _record(0x002F))
    assert not filetypes._biff_encrypted(bof + _record(0x000A))


def test_file_kinds_by_their_bytes(tmp_path) -> None:  # noqa: ANN001
    grids = wb.grids("330102", "2024-W10")
    assert filetypes.sniff(wb.write(tmp_path, "330102", "2024-W10").read_bytes()) == filetypes.XLSX
    assert filetypes.sniff(spreadsheets.write_xls(tmp_path / "a.xls", grids).read_bytes()) == filetypes.XLS
    assert filetypes.sniff(spreadsheets.write_ods(tmp_path / "a.ods", grids).read_bytes()) == filetypes.ODS
    locked = spreadsheets.encrypt(wb.write(tmp_path, "330102", "2024-W10"), tmp_path / "locked.xlsx").read_bytes()
    for data, reason in [
        (locked, "打开密码"),
        (b"", "为空"),
        (b"PK\x03\x04broken", "已损坏"),
        (filetypes.OLE_MAGIC + b"\x00" * 600, "已损坏"),
        (b"%PDF-1.7", "不是电子表格"),
    ]:
        with pytest.raises(filetypes.Refused, match=reason):
            filetypes.sniff(data)


def test_upload_contents_are_decoded_within_the_limit() -> None:
    assert decode("data:application/octet-stream;base64,UEsDBA==", 100) == b"PK\x03\x04"
    for contents, reason in [
        (None, "没有收到"),
        ("data:x;base64,@@@@", "无法解码"),
        ("data:x;base64," + "A" * 400, "过大"),
    ]:
        with pytest.raises(ValueError, match=reason):
            decode(contents, 100)


def test_formula_text_is_escaped_and_numbers_are_not() -> None:
    assert [escape_formula(v) for v in ("=1+1", "+86", "-x", "@SUM", "\tx", "正常", -5, 1.5, None)] == [
        "'=1+1",
        "'+86",
        "'-x",
        "'@SUM",
        "'\tx",
        "正常",
        -5,
        1.5,
        None,
    ]


def test_template_weeks_end_at_the_current_week() -> None:
    assert template_weeks(dt.date(2024, 3, 6))[:3] == ["2024-W10", "2024-W09", "2024-W08"]
    assert len(template_weeks(dt.date(2024, 3, 6))) == 12


def _items() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": [1, 2],
            "title": ["上城区 · K4 红灯", "上城区 · 逾期未整改问题 2 个"],
            "unit_name": ["上城区", "上城区"],
            "deadline": [dt.date(2024, 3, 1), dt.date(2024, 3, 20)],
            "shown_state": [rules.RESPONDED, rules.OVERDUE],
        }
    )


def test_the_open_items_list_puts_overdue_first_and_counts_them() -> None:
    shown = str(open_items_list(_items()))
    assert shown.index("逾期未整改问题") < shown.index("K4 红灯")
    assert "未办结 2 项,其中逾期未响应 1 项" in shown and "/supervision?item=2" in shown
    assert "没有未办结" in str(open_items_list(_items().iloc[0:0]))


def test_the_wall_strip_shows_counts_only() -> None:
    counts = pd.DataFrame({"unit_code": ["330102"], "unit_name": ["上城区"], "open": [3], "overdue": [1]})
    shown = str(open_counts_strip(counts))
    assert "上城区" in shown and "逾期 1" in shown and "sup-wall-late" in shown
    assert "暂无" in str(open_counts_strip(counts.iloc[0:0]))
