"""The sub-portal's config (config/portal.toml): which sites may frame its panels, and how tall.

Read and validated once when the app starts, so a mistyped origin stops the start with a plain
message instead of silently opening (or closing) the frames.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from flask import current_app

from cockpit.config import ConfigError

FILE_NAME = "portal.toml"
PORTAL_KEY = "COCKPIT_PORTAL"  # where the app factory puts the PortalConfig in the Flask config
# scheme://host[:port]; the host may start with "*." (its subdomains), as CSP source expressions allow.
_ORIGIN = re.compile(r"^https?://(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$")
MIN_HEIGHT_PX, MAX_HEIGHT_PX = 200, 2000


@dataclass(frozen=True)
class PortalConfig:
    embed_origins: tuple[str, ...] = ()
    embed_height_px: int = 420


def load_portal_config(config_dir: Path) -> PortalConfig:
    """Read `portal.toml` (absent: no site may frame the panels); every problem is listed in the
    ConfigError."""
    path = Path(config_dir) / FILE_NAME
    if not path.exists():
        return PortalConfig()
    try:
        with path.open("rb") as handle:
            raw = tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"配置文件 {FILE_NAME} 格式错误: {exc}") from None
    problems: list[str] = []
    origins = raw.get("embed_origins", [])
    if not isinstance(origins, list):
        problems.append(f"{FILE_NAME}: embed_origins 应为列表")
        origins = []
    for origin in origins:
        if not isinstance(origin, str) or not _ORIGIN.match(origin) or _bad_port(origin):
            problems.append(f"{FILE_NAME}: “{origin}”不是合法的来源(应为 https://主机[:端口],不含路径)")
    height = raw.get("embed_height_px", PortalConfig.embed_height_px)
    if not isinstance(height, int) or isinstance(height, bool) or not MIN_HEIGHT_PX <= height <= MAX_HEIGHT_PX:
        problems.append(f"{FILE_NAME}: embed_height_px 应为 {MIN_HEIGHT_PX}–{MAX_HEIGHT_PX} 之间的整数")
        height = PortalConfig.embed_height_px
    if problems:
        raise ConfigError("配置有误:\n" + "\n".join(problems))
    return PortalConfig(embed_origins=tuple(dict.fromkeys(origins)), embed_height_px=height)


def portal_config() -> PortalConfig:
    """The running app's sub-portal config (inside a request or app context)."""
    return current_app.config[PORTAL_KEY]


def _bad_port(origin: str) -> bool:
    port = origin.rsplit(":", 1)[-1]
    return port.isdigit() and not 0 < int(port) < 65536
