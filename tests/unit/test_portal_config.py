"""config/portal.toml: the origins that may frame the sub-portal's panels, checked at start."""

from __future__ import annotations

from pathlib import Path

import pytest

from cockpit.config import ConfigError
from cockpit.portal_config import PortalConfig, load_portal_config
from cockpit.settings import PROJECT_ROOT


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "portal.toml").write_text(text, encoding="utf-8")
    return tmp_path


def test_the_shipped_file_is_valid() -> None:
    portal = load_portal_config(PROJECT_ROOT / "config")
    assert isinstance(portal, PortalConfig)
    assert 200 <= portal.embed_height_px <= 2000


def test_origins_are_read_in_order_without_repeats(tmp_path: Path) -> None:
    portal = load_portal_config(
        write(
            tmp_path,
            'embed_origins = ["https://portal.zj.gov.cn", "http://10.1.2.3:8080", "https://*.zjzwfw.gov.cn",'
            ' "https://portal.zj.gov.cn"]\nembed_height_px = 500\n',
        )
    )
    assert portal.embed_origins == ("https://portal.zj.gov.cn", "http://10.1.2.3:8080", "https://*.zjzwfw.gov.cn")
    assert portal.embed_height_px == 500


def test_a_missing_file_lets_nobody_frame(tmp_path: Path) -> None:
    assert load_portal_config(tmp_path) == PortalConfig(embed_origins=())


@pytest.mark.parametrize(
    "origin",
    [
        "*",
        "'self'",
        "portal.zj.gov.cn",
        "https://portal.zj.gov.cn/",
        "https://portal.zj.gov.cn/path",
        "ftp://portal.zj.gov.cn",
        "https://a.b; script-src *",
        "https://host:99999",
        "https://*",
    ],
)
def test_anything_but_an_origin_stops_the_start(tmp_path: Path, origin: str) -> None:
    with pytest.raises(ConfigError, match="不是合法的来源"):
        load_portal_config(write(tmp_path, f'embed_origins = ["{origin}"]\n'))


def test_every_problem_is_listed(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as raised:
        load_portal_config(write(tmp_path, 'embed_origins = ["x", "https://ok.cn", "y"]\nembed_height_px = 5\n'))
    message = str(raised.value)
    assert "“x”" in message and "“y”" in message and "embed_height_px" in message
    assert "ok.cn" not in message


def test_a_broken_file_says_so(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="格式错误"):
        load_portal_config(write(tmp_path, "embed_origins = [\n"))
