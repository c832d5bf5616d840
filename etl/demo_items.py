"""The demo's ledger items per indicator: what each unit plans to finish, and when it does.

Planned dates follow the targets (K1–K5 complete by end 2023, K4's last system added in 2024, K6 in
three yearly waves towards 60/70/90 %, K9's groundwork in 2023 and its six modules in 2024);
`ledger_items` then shifts them by each unit's pace. K8 and K9 items carry the task milestone they
make up, so a milestone is done when its items are.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

from cockpit.config import Config, Unit
from etl import demo_vocab as vocab
from etl.contract import DONE

ALWAYS = dt.date(2020, 1, 1)


@dataclass(frozen=True)
class Item:
    indicator: str
    item_id: str
    name: str
    appears_on: dt.date
    started_on: dt.date | None
    done_on: dt.date | None
    done_label: str
    note: str


def days(n: float) -> dt.timedelta:
    return dt.timedelta(days=int(n))


def workday(day: dt.date) -> dt.date:
    return day + days(8 - day.isoweekday()) if day.isoweekday() > 5 else day


@dataclass(frozen=True)
class ItemSpec:
    name: str
    planned: dt.date
    floor: dt.date
    appears_on: dt.date = ALWAYS
    pace_scale: float = 1.0
    milestone: str = ""


def _spread(
    rng: random.Random,
    names: Sequence[str],
    start: dt.date,
    end: dt.date,
    *,
    floor: dt.date | None = None,
    milestone: str = "",
) -> list[ItemSpec]:
    step = (end - start).days / max(len(names), 1)
    return [
        ItemSpec(
            name=name,
            planned=start + dt.timedelta(days=int(step * (i + 0.5) + rng.uniform(-step, step) / 3)),
            floor=floor or start,
            milestone=milestone,
        )
        for i, name in enumerate(names)
    ]


def _later(name: str, appears: dt.date, planned: dt.date) -> ItemSpec:
    return ItemSpec(name=name, planned=planned, floor=appears, appears_on=appears)


def _d(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, day)


def _k7(rng: random.Random, unit: Unit, pace: float) -> list[ItemSpec]:
    """Methods finished per calendar year 2021–2025: none in some years, up to four in others."""
    if not unit.is_district:
        choices: tuple[int, ...] = (1, 1, 2, 2, 3)
    elif pace < -0.4:
        choices = (0, 1, 1, 2, 2, 3)
    elif pace > 0.4:
        choices = (0, 0, 0, 1, 1)
    else:
        choices = (0, 1, 1, 1, 2)
    counts = [rng.choice(choices) for _ in range(2021, 2026)]
    names = iter(rng.sample(vocab.METHODS, len(vocab.METHODS)))
    specs = []
    for year, count in zip(range(2021, 2026), counts, strict=True):
        for _ in range(min(count, 4)):
            planned = _d(year, 1, 1) + dt.timedelta(days=rng.randint(20, 340))
            specs.append(ItemSpec(next(names), planned, _d(year - 1, 9, 1), pace_scale=0.0))
    if rng.random() < 0.5:
        specs.append(ItemSpec(next(names), _d(2026, 4, 30), _d(2025, 3, 1), pace_scale=0.0))
    return sorted(specs, key=lambda s: s.planned)


def item_specs(rng: random.Random, code: str, unit: Unit, pace: float, modules: Sequence[str] = ()) -> list[ItemSpec]:
    """The planned items of indicator `code` for `unit`, in ledger order.

    `modules` are the modules of the indicator's task (T8's six for K9).
    """
    city = not unit.is_district
    prefix = vocab.UNIT_PREFIX[unit.kind]
    sections = vocab.CITY_DIVISIONS if city else vocab.DISTRICT_SECTIONS
    departments = [prefix + d for d in vocab.DEPARTMENTS]
    if code == "K1":
        names = ["审计整改应用场景部署-第1批", "审计整改应用场景部署-第2批"]
        names += [f"{d}接入审计整改应用场景" for d in rng.sample(departments, rng.randint(3, 6))]
        specs = _spread(rng, names, _d(2023, 2, 1), _d(2023, 11, 30))
        if rng.random() < 0.4:
            specs.append(_later("审计整改应用场景部署-第3批(迭代升级)", _d(2024, 3, 4), _d(2024, 6, 28)))
        return specs
    if code == "K2":
        names = ["监督整改应用场景部署", "“七张清单”问题整改跟踪模块上线", "销号审核流程上线"]
        names += [f"与{prefix}人大数据联网"]
        names += [f"{d}接入监督整改应用场景" for d in rng.sample(departments, rng.randint(2, 4))]
        specs = _spread(rng, names, _d(2023, 1, 9), _d(2023, 8, 15))
        if rng.random() < 0.35:
            specs.append(_later("监督整改应用场景迭代升级", _d(2024, 4, 1), _d(2024, 10, 31)))
        return specs
    if code == "K3":
        names = ["审计“分门户”基础建设", "审计数字驾驶舱账号开通", "核心业务数据接入驾驶舱"]
        names += ["年度重点工作栏目上线", "特色工作栏目上线"]
        names += [f"驾驶舱应用-{s}" for s in rng.sample(sections, rng.randint(2, 4))]
        specs = _spread(rng, names, _d(2023, 3, 1), _d(2023, 12, 15))
        if rng.random() < 0.3:
            specs.append(_later("接入全省审计机关“微门户”矩阵", _d(2025, 1, 6), _d(2025, 9, 30)))
        return specs
    if code == "K4":
        systems = list(vocab.JINSHEN_SYSTEMS[:5])
        systems += rng.sample(vocab.JINSHEN_SYSTEMS[5:], rng.randint(1, 4))
        names = [f"金审三期-{s}部署应用" for s in systems]
        specs = _spread(rng, names[:-1], _d(2022, 6, 1), _d(2023, 11, 30))
        return [*specs, _later(names[-1], _d(2024, 1, 8), _d(2024, 9, 30))]
    if code == "K5":
        names = ["防火墙接入态势感知-局机关", "防火墙接入态势感知-数据分析室"]
        names += [f"审计专网联通-{s}" for s in rng.sample(sections, rng.randint(2, 5))]
        return _spread(rng, names, _d(2022, 9, 1), _d(2023, 11, 30))
    if code == "K6":
        sectors = rng.sample(vocab.SECTORS, rng.randint(10, 14))
        names = [f"{s}行业大数据审计应用" for s in sectors]
        first, second = math.ceil(0.65 * len(names)), math.ceil(0.8 * len(names))
        return [
            *_spread(rng, names[:first], _d(2023, 1, 16), _d(2023, 11, 30)),
            *_spread(rng, names[first:second], _d(2024, 1, 15), _d(2024, 11, 29), floor=_d(2023, 7, 3)),
            *_spread(rng, names[second:], _d(2025, 1, 13), _d(2025, 10, 31), floor=_d(2024, 7, 1)),
        ]
    if code == "K7":
        return _k7(rng, unit, pace)
    if code == "K8":
        stages = (
            ("需求调研", _d(2023, 4, 14), "T7-1"),
            ("系统初验", _d(2023, 9, 15), "T7-2"),
            ("正式试运行", _d(2023, 9, 25), "T7-2"),
            ("工程经济指标库建设", _d(2023, 10, 31), ""),
            ("两级同审功能上线", _d(2023, 11, 10), ""),
            ("系统终验", _d(2023, 11, 20), "T7-3"),
        )
        return [
            ItemSpec(f"重大公共工程全过程监管系统-{name}", planned, _d(2023, 1, 2), milestone=ms)
            for name, planned, ms in stages
        ]
    if code == "K9":
        groundwork = (
            ["需求调研", "项目立项", "系统基础构建"] if city else ["干部人事基础信息采集", "浙政钉组织架构对接"]
        )
        verb = "上线" if city else "启用"
        return [
            *_spread(rng, [f"杭审组工-{g}" for g in groundwork], _d(2023, 3, 1), _d(2023, 11, 30), milestone="T8-1"),
            *_spread(
                rng,
                [f"杭审组工-{m}模块{verb}" for m in modules],
                _d(2024, 1, 15),
                _d(2024, 11, 29),
                floor=_d(2023, 9, 1),
                milestone="T8-2",
            ),
        ]
    return []


def _schedule(rng: random.Random, spec: ItemSpec, pace: float) -> tuple[dt.date | None, dt.date | None]:
    """Started and done dates of one item: the planned date shifted by the unit's pace."""
    floor = max(spec.appears_on, spec.floor)
    stuck = 0.0 if pace < -0.4 else 0.005 + 0.05 * max(pace, 0.0)
    if rng.random() < stuck:
        started = max(floor, spec.planned - days(rng.randint(30, 150)))
        return (None if rng.random() < 0.4 else started), None
    shift = pace * 100 * spec.pace_scale + rng.gauss(0, 25)
    done = workday(max(floor + days(7), spec.planned + days(shift)))
    return max(floor, done - days(rng.randint(20, 150))), done


def ledger_items(
    rng: random.Random, config: Config, unit_code: str, pace: float
) -> tuple[list[Item], dict[str, list[dt.date | None]]]:
    """Ledger items of every applicable indicator, and the done dates behind linked milestones."""
    items: list[Item] = []
    links: dict[str, list[dt.date | None]] = {}
    tasks = {t.code: t for t in config.tasks}
    for indicator in config.indicators:
        if not indicator.applies(unit_code):
            continue
        modules = tasks[indicator.task].modules if indicator.task in tasks else ()
        specs = item_specs(rng, indicator.code, config.unit(unit_code), pace, modules)
        for n, spec in enumerate(specs, 1):
            started, done = _schedule(rng, spec, pace)
            synonym = rng.choice(vocab.DONE_SYNONYMS_BY_INDICATOR[indicator.code])
            items.append(
                Item(
                    indicator=indicator.code,
                    item_id=f"{indicator.code}-{n:02d}",
                    name=spec.name,
                    appears_on=spec.appears_on,
                    started_on=started,
                    done_on=done,
                    done_label=synonym if rng.random() < 0.04 else DONE,
                    note=rng.choice(vocab.ITEM_NOTES) if rng.random() < 0.15 else "",
                )
            )
            if spec.milestone:
                links.setdefault(spec.milestone, []).append(done)
    return items, links
