"""One typed settings object, read once: explicit argument > environment > default."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _default_instance() -> Path:
    return Path(os.environ.get("COCKPIT_INSTANCE_DIR", PROJECT_ROOT / "instance"))


@dataclass(frozen=True)
class Settings:
    """Where the store, the archive, the config and the cache live.

    `db_url` defaults to a SQLite file under `instance/`; `COCKPIT_DB_URL` names PostgreSQL in
    production. `cache_url` set (`COCKPIT_CACHE_URL=redis://…`) shares the page cache between
    gunicorn workers; unset, each process caches for itself. `api_token` (COCKPIT_API_TOKEN)
    guards the data-link API; unset, the API answers 503 rather than serve without a token.
    """

    instance_dir: Path = field(default_factory=_default_instance)
    db_url: str = ""
    config_dir: Path = field(
        default_factory=lambda: Path(os.environ.get("COCKPIT_CONFIG_DIR", PROJECT_ROOT / "config"))
    )
    cache_url: str | None = field(default_factory=lambda: os.environ.get("COCKPIT_CACHE_URL") or None)
    cache_timeout_s: int = 600
    cache_prefix: str = "cockpit:"
    max_upload_bytes: int = 20 * 1024 * 1024
    api_token: str | None = field(default_factory=lambda: os.environ.get("COCKPIT_API_TOKEN") or None)

    def __post_init__(self) -> None:
        if not self.db_url:
            url = os.environ.get("COCKPIT_DB_URL") or f"sqlite:///{self.instance_dir / 'cockpit.db'}"
            object.__setattr__(self, "db_url", url)

    @property
    def archive_dir(self) -> Path:
        """Accepted workbooks, byte for byte, named by their sha256."""
        return Path(os.environ.get("COCKPIT_ARCHIVE_DIR", self.instance_dir / "archive"))
