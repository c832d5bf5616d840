"""Rejected submissions (DESIGN §5): the specific Chinese reason, pointing at sheet, row, column
and value, and nothing changed in any data table or in the archive. SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select
from workbooks import (
    D,
    drop_column,
    empty_workbook,
    encrypted_file,
    filler,
    finding,
    grids,
    item,
    oversized_file,
    progress,
    random_bytes,
    rename_headers,
    text_file,
    with_macros,
    write,
    write_grids,
    zip_bomb,
)

from cockpit.models import EtlRun
from etl import isolated, reader
from etl.contract import RECTIFICATION

UNIT, WEEK = "330102", "2024-W11"
GOOD_FINDING = finding("R1", found_on=D(2024, 2, 1), due_on=D(2024, 4, 1))


def bad(
    directory: Path,
    *,
    ledger: list | None = None,
    rectification: list | None = None,
    task_progress: list | None = None,
    cover: dict | None = None,
) -> Path:
    """A submission of 330102 for 2024-W11 that is good except for what the arguments replace."""
    return write(
        directory,
        UNIT,
        WEEK,
        ledger=filler(UNIT) if ledger is None else ledger,
        rectification=[GOOD_FINDING] if rectification is None else rectification,
        task_progress=task_progress,
        cover=cover,
        name="bad.xlsx",
    )


def missing_column(directory: Path, sheet: str, header: str) -> Path:
    sheets = grids(UNIT, WEEK, ledger=filler(UNIT), rectification=[GOOD_FINDING])
    drop_column(sheets[sheet], header)
    return write_grids(directory / "bad.xlsx", sheets)


def missing_sheet(directory: Path, sheet: str) -> Path:
    sheets = grids(UNIT, WEEK, ledger=filler(UNIT), rectification=[GOOD_FINDING])
    del sheets[sheet]
    return write_grids(directory / "bad.xlsx", sheets)


# (builder, today, [(sheet, row, column, value, reason fragment)]) — every error the file must get.
CELL_CASES: dict[str, tuple[Callable[[Path], Path], dt.date | None, list[tuple]]] = {
    "unknown unit": (
        lambda d: bad(d, cover={"unit_code": "330199"}),
        None,
        [("封面", 1, "单位编码", "330199", "未知单位编码")],
    ),
    "unit as a number": (
        lambda d: bad(d, cover={"unit_code": 330188}),
        None,
        [("封面", 1, "单位编码", "330188", "未知单位编码")],
    ),
    "week that does not exist": (
        lambda d: bad(d, cover={"report_week": "2024-W53"}),
        None,
        [("封面", 2, "报告周", "2024-W53", "2024年没有第53周")],
    ),
    "week that is not a week": (
        lambda d: bad(d, cover={"report_week": "第11周"}),
        None,
        [("封面", 2, "报告周", "第11周", "不是ISO周")],
    ),
    "week later than the current week": (
        lambda d: bad(d),
        dt.date(2024, 3, 10),  # Sunday of 2024-W10
        [("封面", 2, "报告周", "2024-W11", "报告周晚于本周(2024-W10)")],
    ),
    "unknown indicator code": (
        lambda d: bad(d, ledger=[item("K10", "1"), *filler(UNIT)]),
        None,
        [("指标台账", 2, "指标编码", "K10", "未知指标编码")],
    ),
    "K8 in a district workbook": (
        lambda d: bad(d, ledger=[*filler(UNIT), item("K8", "1", "已上线", D(2024, 3, 1))]),
        None,
        [("指标台账", 9, "指标编码", "K8", "该指标不适用于本单位")],
    ),
    "unknown task code": (
        lambda d: bad(d, task_progress=[{**progress("T1-1"), "task_code": "T9"}]),
        None,
        [("任务进度", 2, "任务编码", "T9", "未知任务编码"), ("任务进度", 2, "节点编码", "T1-1", "节点不属于任务 T9")],
    ),
    "unknown milestone code": (
        lambda d: bad(d, task_progress=[progress("T1-9")]),
        None,
        [("任务进度", 2, "节点编码", "T1-9", "未知节点编码")],
    ),
    "duplicate item ids": (
        lambda d: bad(d, ledger=[item("K1", "A-1"), item("K1", "A-1"), *filler(UNIT, skip=("K1",))]),
        None,
        [("指标台账", 3, "事项编号", "A-1", "事项编号在指标 K1 内重复")],
    ),
    "duplicate issue ids": (
        lambda d: bad(d, rectification=[GOOD_FINDING, GOOD_FINDING]),
        None,
        [("整改台账", 3, "问题编号", "R1", "问题编号在本单位内重复")],
    ),
    "已完成 without a date": (
        lambda d: bad(d, ledger=[item("K1", "1", "已完成"), *filler(UNIT, skip=("K1",))]),
        None,
        [("指标台账", 2, "完成日期", "", "状态为“已完成”时必须填写完成日期")],
    ),
    "已上线 without a date": (
        lambda d: bad(d, ledger=[item("K1", "1", "已上线"), *filler(UNIT, skip=("K1",))]),
        None,
        [("指标台账", 2, "完成日期", "", "状态为“已上线”时必须填写完成日期")],
    ),
    "已整改 without 整改日期": (
        lambda d: bad(d, rectification=[{**GOOD_FINDING, "status": "已整改"}]),
        None,
        [("整改台账", 2, "整改日期", "", "状态为“已整改”时必须填写整改日期")],
    ),
    "rectified before found": (
        lambda d: bad(d, rectification=[{**GOOD_FINDING, "status": "已整改", "rectified_on": D(2024, 1, 31)}]),
        None,
        [("整改台账", 2, "整改日期", "2024-01-31", "整改日期早于发现日期(2024-02-01)")],
    ),
    "销号 before found": (
        lambda d: bad(
            d,
            rectification=[
                {
                    **GOOD_FINDING,
                    "origin": "监督整改",
                    "status": "已整改",
                    "rectified_on": D(2024, 2, 20),
                    "closed_on": D(2024, 1, 15),
                }
            ],
        ),
        None,
        [("整改台账", 2, "销号日期", "2024-01-15", "销号日期早于发现日期(2024-02-01)")],
    ),
    "negative amount": (
        lambda d: bad(d, rectification=[{**GOOD_FINDING, "amount_wan": "-3.5"}]),
        None,
        [("整改台账", 2, "问题金额(万元)", "-3.5", "金额不能为负数")],
    ),
    "amount that is not a number": (
        lambda d: bad(d, rectification=[{**GOOD_FINDING, "amount_wan": "约5万"}]),
        None,
        [("整改台账", 2, "问题金额(万元)", "约5万", "不是数字")],
    ),
    "required cell empty": (
        lambda d: bad(d, rectification=[{**GOOD_FINDING, "audit_project": None}]),
        None,
        [("整改台账", 2, "审计项目", "", "必填项为空")],
    ),
    "missing required column": (
        lambda d: missing_column(d, "整改台账", "整改期限"),
        None,
        [("整改台账", 1, "整改期限", "", "缺少必填列")],
    ),
    "missing sheet 指标台账": (
        lambda d: missing_sheet(d, "指标台账"),
        None,
        [("指标台账", None, "", "", "缺少工作表「指标台账」")],
    ),
    "missing sheet 整改台账": (
        lambda d: missing_sheet(d, "整改台账"),
        None,
        [("整改台账", None, "", "", "缺少工作表「整改台账」")],
    ),
    "a workbook of another kind": (
        lambda d: write_grids(d / "Book1.xlsx", {"Sheet1": [["姓名", "金额"], ["张三", 100]]}),
        None,
        [
            ("封面", None, "", "", "缺少工作表「封面」"),
            ("指标台账", None, "", "", "缺少工作表「指标台账」"),
            ("整改台账", None, "", "", "缺少工作表「整改台账」"),
        ],
    ),
    "date that does not exist": (
        lambda d: bad(d, rectification=[{**GOOD_FINDING, "found_on": "2024-02-30"}]),
        None,
        [("整改台账", 2, "发现日期", "2024-02-30", "日期不存在")],
    ),
    "date text that is not a date": (
        lambda d: bad(d, rectification=[{**GOOD_FINDING, "due_on": "下月底"}]),
        None,
        [("整改台账", 2, "整改期限", "下月底", "无法识别的日期")],
    ),
    "bad ledger status": (
        lambda d: bad(d, ledger=[item("K1", "1", "完成了"), *filler(UNIT, skip=("K1",))]),
        None,
        [("指标台账", 2, "状态", "完成了", "状态应为 未启动/推进中/已完成")],
    ),
    "bad rectification status": (
        lambda d: bad(d, rectification=[{**GOOD_FINDING, "status": "已处理"}]),
        None,
        [("整改台账", 2, "整改状态", "已处理", "整改状态应为 未整改/整改中/已整改")],
    ),
    "bad origin": (
        lambda d: bad(d, rectification=[{**GOOD_FINDING, "origin": "巡视整改"}]),
        None,
        [("整改台账", 2, "问题来源", "巡视整改", "问题来源应为 审计整改 或 监督整改")],
    ),
}


def other_zip(path: Path) -> Path:
    """A Word document's shape: a zip, but no xl/workbook.xml."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return path


def truncated(path: Path) -> Path:
    """The first half of a good workbook, as an interrupted upload leaves it."""
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


FILE_CASES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "random bytes": (lambda d: random_bytes(d / "data.xlsx"), "不是 Excel 工作簿(.xlsx)文件"),
    "text file renamed .xlsx": (lambda d: text_file(d / "list.xlsx"), "不是 Excel 工作簿(.xlsx)文件"),
    "zero bytes": (lambda d: (d / "empty.xlsx", (d / "empty.xlsx").write_bytes(b""))[0], "文件为空(0 字节)"),
    "empty workbook": (lambda d: empty_workbook(d / "Book1.xlsx"), "工作簿为空"),
    "xlsm with a VBA project": (lambda d: with_macros(bad(d), d / "macro.xlsm"), "不接受含宏的工作簿"),
    "VBA project in a file named .xlsx": (lambda d: with_macros(bad(d), d / "macro.xlsx"), "不接受含宏的工作簿"),
    "plain xlsx renamed .xlsm": (lambda d: bad(d).rename(d / "renamed.xlsm"), "不接受含宏的工作簿"),
    "a zip that is not a workbook": (lambda d: other_zip(d / "report.xlsx"), "缺少工作簿结构"),
    "truncated workbook": (lambda d: truncated(bad(d)), "文件已损坏或不是 Excel 工作簿(.xlsx)"),
    "password protected": (lambda d: encrypted_file(d / "secret.xlsx"), "文件设置了打开密码"),
    "oversized": (lambda d: oversized_file(d / "huge.xlsx"), "文件过大(20.0 MB),上限 20 MB"),
    "zip bomb": (lambda d: zip_bomb(d / "bomb.xlsx"), "疑似压缩炸弹"),
}


@pytest.fixture
def seeded(store, tmp_path: Path):  # noqa: ANN001, ANN201
    """A store that already holds one accepted submission, so "unchanged" means something."""
    good = tmp_path / "good"
    good.mkdir()
    path = write(
        good,
        UNIT,
        "2024-W10",
        ledger=[item("K1", "1", "已完成", D(2024, 3, 1)), *filler(UNIT, skip=("K1",))],
        rectification=[GOOD_FINDING],
    )
    assert store.load(path).accepted
    (tmp_path / "bad").mkdir()
    return store


def archive_listing(store) -> list[str]:  # noqa: ANN001
    return sorted(str(p.relative_to(store.archive_dir)) for p in store.archive_dir.rglob("*"))


def assert_rejected_without_change(store, path: Path, today: dt.date | None = None):  # noqa: ANN001, ANN201
    before, files_before = store.checksum(), archive_listing(store)
    runs_before = store.count(EtlRun)
    result = store.load(path, today=today)
    assert not result.accepted
    assert result.errors
    assert store.checksum() == before
    assert archive_listing(store) == files_before
    with store.session() as session:
        runs = session.scalars(select(EtlRun).order_by(EtlRun.id)).all()
    assert len(runs) == runs_before + 1
    assert runs[-1].result == "rejected"
    assert len(json.loads(runs[-1].errors)) == len(result.errors)
    return result


@pytest.mark.parametrize("case", CELL_CASES)
def test_cell_errors(seeded, tmp_path: Path, case: str) -> None:  # noqa: ANN001
    build, today, expected = CELL_CASES[case]
    result = assert_rejected_without_change(seeded, build(tmp_path / "bad"), today)
    got = [(e.sheet, e.row, e.column, e.value, e.reason) for e in result.errors]
    assert len(got) == len(expected), [e.line() for e in result.errors]
    for (sheet, row, column, value, reason), want in zip(got, expected, strict=True):
        assert (sheet, row, column, value) == want[:4]
        assert want[4] in reason


@pytest.mark.parametrize("case", FILE_CASES)
def test_files_that_are_not_acceptable_workbooks(seeded, tmp_path: Path, case: str) -> None:  # noqa: ANN001
    build, reason = FILE_CASES[case]
    result = assert_rejected_without_change(seeded, build(tmp_path / "bad"))
    assert [e.reason for e in result.errors if reason in e.reason], [e.line() for e in result.errors]
    assert len(result.errors) == 1


def test_every_error_is_reported_at_once(seeded, tmp_path: Path) -> None:  # noqa: ANN001
    path = write(
        tmp_path / "bad",
        "330199",  # 1 unknown unit
        WEEK,
        ledger=[
            item("K10", "1"),  # 2 unknown indicator
            item("K1", "1", "完成了"),  # 3 bad status
            item("K2", "1"),
            item("K2", "1"),  # 4 duplicate item id
        ],
        rectification=[
            {**GOOD_FINDING, "amount_wan": "-5"},  # 5 negative amount
            finding("R2", found_on="2024-02-30", due_on=D(2024, 4, 1)),  # 6 date that does not exist
            finding(
                "R3", found_on=D(2024, 2, 1), due_on=D(2024, 4, 1), status="已整改", rectified_on=D(2024, 1, 1)
            ),  # 7 rectified before found
            finding("R4", found_on=D(2024, 2, 1), due_on=D(2024, 4, 1), status="已处理"),  # 8 bad status
            finding("R4", found_on=D(2024, 2, 1), due_on=D(2024, 4, 1)),  # 9 duplicate issue id
        ],
        task_progress=[progress("T1-9")],  # 10 unknown milestone
    )
    result = assert_rejected_without_change(seeded, path)
    got = [(e.sheet, e.row, e.column, e.value) for e in result.errors]
    assert got == [
        ("封面", 1, "单位编码", "330199"),
        ("指标台账", 2, "指标编码", "K10"),
        ("指标台账", 3, "状态", "完成了"),
        ("指标台账", 5, "事项编号", "1"),
        ("整改台账", 2, "问题金额(万元)", "-5"),
        ("整改台账", 3, "发现日期", "2024-02-30"),
        ("整改台账", 4, "整改日期", "2024-01-01"),
        ("整改台账", 5, "整改状态", "已处理"),
        ("整改台账", 6, "问题编号", "R4"),
        ("任务进度", 2, "节点编码", "T1-9"),
    ]
    assert all(e.level == "error" and e.reason for e in result.errors)


def test_structural_and_cell_errors_are_reported_together(seeded, tmp_path: Path) -> None:  # noqa: ANN001
    sheets = grids(UNIT, WEEK, ledger=[item("K10", "1"), *filler(UNIT)], rectification=[GOOD_FINDING])
    drop_column(sheets["整改台账"], "整改期限")
    result = assert_rejected_without_change(seeded, write_grids(tmp_path / "bad" / "bad.xlsx", sheets))
    assert [(e.sheet, e.row, e.column, e.reason) for e in result.errors] == [
        ("整改台账", 1, "整改期限", "缺少必填列"),
        ("指标台账", 2, "指标编码", "未知指标编码(应为 K1–K9)"),
    ]


def test_unknown_headers_are_a_warning_not_an_error(store, tmp_path: Path) -> None:  # noqa: ANN001
    sheets = grids(UNIT, WEEK, ledger=filler(UNIT), rectification=[GOOD_FINDING])
    sheets["整改台账"][0].append("经办人")
    for row in sheets["整改台账"][1:]:
        row.append("李四")
    rename_headers(sheets["整改台账"], {RECTIFICATION.column("summary").zh: "问题 摘要"})
    result = store.load(write_grids(tmp_path / "extra.xlsx", sheets))
    assert result.accepted
    assert [(w.sheet, w.row, w.value, w.reason) for w in result.warnings] == [
        ("整改台账", 1, "经办人", "未识别的列,已忽略")
    ]


def test_a_file_that_cannot_be_read(seeded, tmp_path: Path) -> None:  # noqa: ANN001
    result = assert_rejected_without_change(seeded, tmp_path / "bad" / "missing.xlsx")
    assert [e.reason for e in result.errors] == ["无法读取文件: 文件不存在"]


# ---- hostile workbooks: shapes that would make the reader allocate without bound -----------------

RECTIFICATION_PART = "xl/worksheets/sheet3.xml"  # 整改台账 in the product writer's files


def edited(directory: Path, name: str, *edits: tuple[str, bytes, bytes], extra: dict | None = None) -> Path:
    """A good submission whose zip members get (member, old, new) replacements and extra members."""
    with zipfile.ZipFile(bad(directory)) as original:
        members = {n: original.read(n) for n in original.namelist()}
    for member, old, new in edits:
        assert old in members[member], (member, old)
        members[member] = members[member].replace(old, new, 1)
    members.update(extra or {})
    path = directory / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    return path


FAR_ROW = b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'


def far_cell(directory: Path) -> Path:
    """One value in XFD1048576 of 整改台账 (9 KB; python-calamine would ask for 512 GB)."""
    return edited(directory, "far.xlsx", (RECTIFICATION_PART, b"</sheetData>", FAR_ROW))


def far_cell_and_used_range(directory: Path) -> Path:
    """The same, with a recorded used range (`<dimension ref>`) that says so too."""
    used_range = (RECTIFICATION_PART, b'<dimension ref="A1:K2"/>', b'<dimension ref="A1:XFD1048576"/>')
    return edited(directory, "far.xlsx", (RECTIFICATION_PART, b"</sheetData>", FAR_ROW), used_range)


def unaddressed_far_row(directory: Path) -> Path:
    """A last row whose cell has no address: it lands in column A of row 1,048,576."""
    tail = b'<row r="1048576"><c t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    return edited(directory, "row.xlsx", (RECTIFICATION_PART, b"</sheetData>", tail))


def prefixed_far_cell(directory: Path) -> Path:
    """The far cell written with a namespace prefix and single quotes, as no common writer does."""
    tail = b"<x:row xmlns:x='http://schemas.openxmlformats.org/spreadsheetml/2006/main' r = '7'>"
    tail += b"<x:c r = 'XFD1048576'><x:v>1</x:v></x:c></x:row></sheetData>"
    return edited(directory, "prefixed.xlsx", (RECTIFICATION_PART, b"</sheetData>", tail))


def huge_shared_strings(directory: Path) -> Path:
    """A shared-string table that declares four billion entries (calamine reserves them)."""
    table = (
        b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
        b' count="4000000000" uniqueCount="4000000000"><si><t>x</t></si></sst>'
    )
    rels = b'<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'  # noqa: E501
    return edited(
        directory,
        "sst.xlsx",
        ("xl/_rels/workbook.xml.rels", b"</Relationships>", rels),
        extra={"xl/sharedStrings.xml": table},
    )


def opendocument(path: Path) -> Path:
    """An OpenDocument spreadsheet (LibreOffice's .ods): a zip, but not a .xlsx."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    return path


HOSTILE_CASES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "a value in XFD1048576": (far_cell, "工作表「整改台账」的已用区域过大(A1:XFD1048576"),
    "XFD1048576 and a used range that says so": (
        far_cell_and_used_range,
        "工作表「整改台账」的已用区域过大(A1:XFD1048576",
    ),
    "a far row whose cell has no address": (unaddressed_far_row, "工作表「整改台账」的已用区域过大(A1:K1048576"),
    "a far cell with a namespace prefix": (prefixed_far_cell, "工作表「整改台账」的已用区域过大(A1:XFD1048576"),
    "four billion shared strings": (huge_shared_strings, "共享字符串表声明了 4,000,000,000 个条目"),
    "OpenDocument spreadsheet": (lambda d: opendocument(d / "report.ods"), "不接受 OpenDocument 表格(.ods)"),
    "OpenDocument renamed .xlsx": (lambda d: opendocument(d / "report.xlsx"), "不接受 OpenDocument 表格(.ods)"),
    "legacy .xls": (lambda d: encrypted_file(d / "report.xls"), "旧版 .xls 格式"),
}


@pytest.mark.parametrize("case", HOSTILE_CASES)
def test_hostile_workbooks_are_rejected_before_reading(seeded, tmp_path: Path, case: str) -> None:  # noqa: ANN001
    build, reason = HOSTILE_CASES[case]
    result = assert_rejected_without_change(seeded, build(tmp_path / "bad"))
    assert [e.line() for e in result.errors if reason in e.reason] == [e.line() for e in result.errors]
    assert len(result.errors) == 1


def test_the_cli_rejects_a_hostile_workbook_and_exits_1(seeded, tmp_path: Path) -> None:  # noqa: ANN001
    before = seeded.checksum()
    path = far_cell(tmp_path / "bad")
    done = subprocess.run(
        [sys.executable, "-m", "etl", "load", str(path)], env=seeded.env(), capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 1, done.stderr
    assert "已用区域过大" in done.stderr and "panicked" not in done.stderr
    assert seeded.checksum() == before


@pytest.fixture
def unbounded_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    """The reader without its bounds, as if a file got past them (forked children inherit it)."""
    monkeypatch.setattr(reader, "check_parts", lambda archive: None)


def test_a_reader_crash_in_the_isolated_child_is_a_rejection(seeded, tmp_path: Path, unbounded_reader) -> None:  # noqa: ANN001
    before, files_before = seeded.checksum(), archive_listing(seeded)
    data = far_cell(tmp_path / "bad").read_bytes()
    result = isolated.load_bytes(
        seeded.engine, data, file_name="far.xlsx", config=seeded.config, archive_dir=seeded.archive_dir, method="fork"
    )
    assert not result.accepted
    assert [e.reason for e in result.errors] == [result.errors[0].reason]
    assert "解析程序异常终止" in result.errors[0].reason or "内存超过上限" in result.errors[0].reason
    assert seeded.checksum() == before and archive_listing(seeded) == files_before


def test_a_batch_survives_a_file_that_kills_its_reader(seeded, tmp_path: Path, unbounded_reader) -> None:  # noqa: ANN001
    directory = tmp_path / "batch"
    directory.mkdir()
    good = [write(directory, unit, WEEK, ledger=filler(unit)) for unit in ("330105", "330106", "330108")]
    files = [good[0], far_cell(tmp_path / "bad"), *good[1:]]
    results = seeded.load_many(files)
    assert [r.accepted for r in results] == [True, False, True, True]
    assert "解析程序异常终止" in results[1].errors[0].reason or "内存超过上限" in results[1].errors[0].reason


def test_the_isolated_loader_accepts_a_good_file_and_times_out_on_a_slow_one(store, tmp_path: Path) -> None:  # noqa: ANN001
    data = bad(tmp_path).read_bytes()
    slow = isolated.check_isolated(
        data, file_name="bad.xlsx", source="bad.xlsx", config=store.config, today=dt.date.today(), timeout_s=0.0
    )
    assert [e.reason for e in slow.issues] == ["读取文件超时(超过 0 秒),文件可能结构异常,已拒绝"]
    result = isolated.load_bytes(
        store.engine, data, file_name="ok.xlsx", config=store.config, archive_dir=store.archive_dir
    )
    assert result.accepted and result.row_counts["rectification"] == 1
