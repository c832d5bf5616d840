"""Errors and warnings about a workbook, each pointing at sheet, row, column and value."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal


@dataclass(frozen=True)
class Issue:
    level: Literal["error", "warning"]
    reason: str
    sheet: str = ""
    row: int | None = None
    column: str = ""
    value: str = ""

    def line(self) -> str:
        """One line in Chinese: 错误 [整改台账 第12行 整改日期] “2024-01-01”: 整改日期早于发现日期"""
        where = " ".join(part for part in (self.sheet, f"第{self.row}行" if self.row else "", self.column) if part)
        label = "错误" if self.level == "error" else "警告"
        value = f" “{self.value}”" if self.value != "" else ""
        return f"{label} [{where}]{value}: {self.reason}" if where else f"{label}{value}: {self.reason}"

    def as_dict(self) -> dict:
        return asdict(self)


class WorkbookRejected(Exception):
    """The workbook cannot be loaded; `issues` holds every error found (and any warnings)."""

    def __init__(self, issues: list[Issue]) -> None:
        super().__init__("; ".join(i.line() for i in issues if i.level == "error"))
        self.issues = issues


def error(reason: str, **where: object) -> Issue:
    return Issue("error", reason, **_where(where))


def warning(reason: str, **where: object) -> Issue:
    return Issue("warning", reason, **_where(where))


def _where(where: dict[str, object]) -> dict:
    if "value" in where:
        value = where["value"]
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # a code typed as a number: 330188, not 330188.0
        where["value"] = "" if value is None else str(value)
    return where
