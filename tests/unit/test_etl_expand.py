"""`python -m etl load PATH...`: files as given, folders contribute their workbooks sorted."""

from __future__ import annotations

from pathlib import Path

from etl.jobs import expand


def test_expand_files_and_folders(tmp_path: Path) -> None:
    folder = tmp_path / "week"
    (folder / "sub").mkdir(parents=True)
    for name in ("b.xlsx", "a.XLSX", "notes.txt", "sub/c.xlsm", "sub/old.xls"):
        (folder / name).write_bytes(b"x")
    (folder / "dir.xlsx").mkdir()  # a folder named like a workbook is not a file
    single = tmp_path / "single.csv"
    assert expand([single, folder]) == [
        single,  # a file named on the command line is kept (and rejected by the loader if bad)
        folder / "a.XLSX",
        folder / "b.xlsx",
        folder / "sub/c.xlsm",
        folder / "sub/old.xls",
    ]
