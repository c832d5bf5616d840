"""The wall's URL parameters, checked on the server (a Dash page module cannot hold dataclasses).

`?scene=` pins one scene, `?rotate=` sets the seconds per scene, `?week=` freezes a past week,
`?indicator=` colours the map by one indicator, `?poll=` sets the seconds between data-version
checks. A rejected parameter is named on the wall and its default used.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import has_app_context

from cockpit import weeks
from cockpit.store import config

SCENES = {"overview": "总体", "districts": "区县", "rectification": "整改", "tasks": "任务"}
ALERT_SCENE = "alert"
ROTATE_S = (30, 3, 3600)  # default, least, most seconds per scene
POLL_S = (15, 1, 600)  # seconds between data-version checks
MAP_SIZE = (1000, 770)  # the map's pixels on the canvas (fits under the scene title)


@dataclass(frozen=True)
class ScreenParams:
    scenes: tuple[str, ...]
    rotate_s: int
    poll_s: int
    week: str | None
    indicator: str | None
    problems: tuple[str, ...]

    @property
    def pinned(self) -> bool:
        return len(self.scenes) == 1


def _seconds(raw: object, name: str, bounds: tuple[int, int, int], problems: list[str]) -> int:
    default, least, most = bounds
    if raw is None:
        return default
    text = str(raw).strip()
    if text.isdigit() and least <= int(text) <= most:
        return int(text)
    problems.append(f"{name} 应为 {least}–{most} 之间的秒数")
    return default


def parse_params(
    scene: object = None, rotate: object = None, week: object = None, indicator: object = None, poll: object = None
) -> ScreenParams:
    """The wall's parameters from its URL, each checked; a bad one falls back to its default."""
    problems: list[str] = []
    scenes = tuple(SCENES)
    if scene is not None:
        if str(scene) in SCENES:
            scenes = (str(scene),)
        else:
            problems.append("scene 应为 " + " / ".join(SCENES))
    frozen = None
    if week is not None:
        try:
            frozen = weeks.parse_week(str(week))
        except weeks.WeekError:
            problems.append("week 应为 2024-W26 这样的 ISO 周")
    code = None
    if indicator is not None:
        codes = [i.code for i in config().indicators] if has_app_context() else []
        if str(indicator) in codes:
            code = str(indicator)
        else:
            problems.append("indicator 应为 " + "、".join(codes or ["K1…K9"]))
    return ScreenParams(
        scenes=scenes,
        rotate_s=_seconds(rotate, "rotate", ROTATE_S, problems),
        poll_s=_seconds(poll, "poll", POLL_S, problems),
        week=frozen,
        indicator=code,
        problems=tuple(problems),
    )
