"""Config as data: units, indicators, milestones, tasks and weights, validated when read.

The files live in `config/` (an administrator edits them); each keeps the seed's wording beside
its values. Reading fails with every problem listed, in Chinese, rather than at first use.
"""

from __future__ import annotations

import datetime as dt
import functools
import tomllib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Literal

UnitKind = Literal["city", "district", "county", "county_city"]
UNIT_KINDS: tuple[str, ...] = ("city", "district", "county", "county_city")
CITY_WIDE = "ALL"


class ConfigError(ValueError):
    """The config files are inconsistent; the message lists every problem."""


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    short: str
    kind: UnitKind

    @property
    def is_district(self) -> bool:
        """区、县(市): every unit but the bureau itself; the rankings rank exactly these."""
        return self.kind != "city"


@dataclass(frozen=True)
class Milestone:
    code: str
    due: dt.date
    label: str
    seed_column: str


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    seed_name: str
    kind: Literal["rate", "count"]
    applies_to: tuple[str, ...] | None  # None: every unit
    task: str
    seed_targets: tuple[str, ...]
    targets: dict[str, Decimal]  # milestone code -> target, only where the seed sets one
    windows: dict[str, tuple[dt.date, dt.date]]  # count indicators: milestone -> counting window
    unit_label: str

    def applies(self, unit_code: str) -> bool:
        return self.applies_to is None or unit_code in self.applies_to


@dataclass(frozen=True)
class TaskMilestone:
    code: str
    task: str
    due: dt.date
    name: str
    seed_text: str
    lead: str
    co_responsible: tuple[str, ...]


@dataclass(frozen=True)
class Task:
    code: str
    name: str
    group: str
    indicators: tuple[str, ...]
    responsible: tuple[str, ...]
    seed_text: str
    milestones: tuple[TaskMilestone, ...]
    modules: tuple[str, ...]


@dataclass(frozen=True)
class Config:
    units: tuple[Unit, ...]
    departments: tuple[str, ...]
    all_districts_label: str
    milestones: tuple[Milestone, ...]  # ordered by due date, M0 first
    indicators: tuple[Indicator, ...]
    tasks: tuple[Task, ...]
    indicator_weights: dict[str, Decimal]
    rectification_weight: Decimal

    def unit(self, code: str) -> Unit:
        return self._units_by_code[code]

    def has_unit(self, code: str) -> bool:
        return code in self._units_by_code

    def indicator(self, code: str) -> Indicator:
        return self._indicators_by_code[code]

    @property
    def districts(self) -> tuple[Unit, ...]:
        return tuple(u for u in self.units if u.is_district)

    @property
    def task_milestones(self) -> tuple[TaskMilestone, ...]:
        return tuple(m for t in self.tasks for m in t.milestones)

    def milestone_units(self, milestone: TaskMilestone) -> tuple[str, ...]:
        """The reporting units that answer for a task milestone.

        A city department (处室) named means the bureau itself (kind `city`); the seed's
        "各区、县(市)审计局" means every district.
        """
        named = (milestone.lead, *milestone.co_responsible)
        codes: list[str] = []
        if any(name in self.departments for name in named):
            codes += [u.code for u in self.units if not u.is_district]
        if self.all_districts_label in named:
            codes += [u.code for u in self.districts]
        return tuple(codes)

    def unit_milestones(self, unit_code: str) -> tuple[TaskMilestone, ...]:
        return tuple(m for m in self.task_milestones if unit_code in self.milestone_units(m))

    @functools.cached_property
    def _units_by_code(self) -> dict[str, Unit]:
        return {u.code: u for u in self.units}

    @functools.cached_property
    def _indicators_by_code(self) -> dict[str, Indicator]:
        return {i.code: i for i in self.indicators}


def _read(path: Path) -> dict:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(f"缺少配置文件 {path}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"配置文件 {path.name} 格式错误: {exc}") from None


def _decimal(value: object, where: str, problems: list[str]) -> Decimal:
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        problems.append(f"{where}: “{value}”不是数字")
        return Decimal(0)
    if number < 0:
        problems.append(f"{where}: 不能为负数")
    return number


def load_config(config_dir: Path) -> Config:
    """Read and validate every config file in `config_dir`."""
    problems: list[str] = []
    units_raw = _read(config_dir / "units.toml")
    units = tuple(
        Unit(code=str(u["code"]), name=u["name"], short=u.get("short", u["name"]), kind=u["kind"])
        for u in units_raw.get("unit", [])
    )
    codes = [u.code for u in units]
    if len(set(codes)) != len(codes):
        problems.append("units.toml: 单位编码重复")
    for unit in units:
        if unit.kind not in UNIT_KINDS:
            problems.append(f"units.toml: 单位 {unit.code} 的类型“{unit.kind}”无效")
        if not (unit.code.isdigit() and len(unit.code) == 6):
            problems.append(f"units.toml: 单位编码“{unit.code}”应为6位GB/T 2260代码")
    if not any(u.is_district for u in units):
        problems.append("units.toml: 至少需要一个区、县(市)")
    departments = tuple(units_raw.get("departments", {}).get("names", []))
    all_districts = units_raw.get("departments", {}).get("all_districts", "各区、县(市)审计局")

    ind_raw = _read(config_dir / "indicators.toml")
    milestones = tuple(
        Milestone(code=m["code"], due=m["due"], label=m["label"], seed_column=m["seed_column"])
        for m in ind_raw.get("milestone", [])
    )
    if [m.due for m in milestones] != sorted(m.due for m in milestones) or len(milestones) < 2:
        problems.append("indicators.toml: 节点(milestone)须至少两个且按日期先后排列")
    milestone_codes = [m.code for m in milestones]
    indicators = []
    for raw in ind_raw.get("indicator", []):
        where = f"indicators.toml 指标 {raw.get('code')}"
        targets = {k: _decimal(v, where, problems) for k, v in raw.get("targets", {}).items()}
        unknown = set(targets) - set(milestone_codes[1:])
        if unknown:
            problems.append(f"{where}: 未知节点 {sorted(unknown)}")
        if milestone_codes[1:2] and milestone_codes[1] not in targets:
            problems.append(f"{where}: 第一个节点 {milestone_codes[1]} 必须有目标")
        applies = raw.get("applies_to", "all")
        applies_to = None if applies == "all" else tuple(str(c) for c in applies)
        if applies_to and set(applies_to) - set(codes):
            problems.append(f"{where}: applies_to 含未知单位")
        kind = raw.get("kind")
        if kind not in ("rate", "count"):
            problems.append(f"{where}: kind 应为 rate 或 count")
        if kind == "rate" and any(t > 1 for t in targets.values()):
            problems.append(f"{where}: 比率目标须在0到1之间")
        windows = {k: (v[0], v[1]) for k, v in raw.get("windows", {}).items()}
        if kind == "count" and set(windows) != set(milestone_codes[1:]):
            problems.append(f"{where}: 计数指标须为每个节点给出统计区间 windows")
        indicators.append(
            Indicator(
                code=raw["code"],
                name=raw["name"],
                seed_name=raw.get("seed_name", raw["name"]),
                kind=kind,
                applies_to=applies_to,
                task=raw["task"],
                seed_targets=tuple(raw.get("seed_targets", [])),
                targets=targets,
                windows=windows,
                unit_label=raw.get("unit_label", ""),
            )
        )

    tasks_raw = _read(config_dir / "tasks.toml")
    tasks = []
    responsible_names = set(departments) | {all_districts}
    for raw in tasks_raw.get("task", []):
        where = f"tasks.toml 任务 {raw.get('code')}"
        responsible = tuple(raw.get("responsible", []))
        if not responsible or set(responsible) - responsible_names:
            problems.append(f"{where}: 责任单位为空或含未知处室 {sorted(set(responsible) - responsible_names)}")
        task_milestones = []
        for m in raw.get("milestone", []):
            named = tuple(m.get("responsible", responsible)) or ("",)
            task_milestones.append(
                TaskMilestone(
                    code=m["code"],
                    task=raw["code"],
                    due=m["due"],
                    name=m["name"],
                    seed_text=m.get("seed_text", ""),
                    lead=named[0],
                    co_responsible=named[1:],
                )
            )
            if not str(m["code"]).startswith(f"{raw['code']}-"):
                problems.append(f"{where}: 节点编码 {m['code']} 应以 {raw['code']}- 开头")
        tasks.append(
            Task(
                code=raw["code"],
                name=raw["name"],
                group=raw.get("group", ""),
                indicators=tuple(raw.get("indicators", [])),
                responsible=responsible,
                seed_text=raw.get("seed_text", ""),
                milestones=tuple(task_milestones),
                modules=tuple(raw.get("modules", [])),
            )
        )
    task_codes = {t.code for t in tasks}
    for ind in indicators:
        if ind.task not in task_codes:
            problems.append(f"indicators.toml 指标 {ind.code}: 关联任务 {ind.task} 不存在")
    all_ms = [m.code for t in tasks for m in t.milestones]
    if len(set(all_ms)) != len(all_ms):
        problems.append("tasks.toml: 节点编码重复")

    score_raw = _read(config_dir / "scoring.toml")
    weights = {
        k: _decimal(v, f"scoring.toml 权重 {k}", problems) for k, v in score_raw.get("indicator_weights", {}).items()
    }
    indicator_codes = {i.code for i in indicators}
    if set(weights) - indicator_codes:
        problems.append(f"scoring.toml: 未知指标 {sorted(set(weights) - indicator_codes)}")
    rect_weight = _decimal(score_raw.get("rectification_weight", "2"), "scoring.toml 整改权重", problems)

    if problems:
        raise ConfigError("配置有误:\n" + "\n".join(problems))
    return Config(
        units=units,
        departments=departments,
        all_districts_label=all_districts,
        milestones=milestones,
        indicators=tuple(indicators),
        tasks=tuple(tasks),
        indicator_weights={c: weights.get(c, Decimal(1)) for c in indicator_codes},
        rectification_weight=rect_weight,
    )


@cache
def default_config(config_dir: str | None = None) -> Config:
    """The config of this process, read once (the files are edited between restarts)."""
    from cockpit.settings import Settings

    return load_config(Path(config_dir) if config_dir else Settings().config_dir)
