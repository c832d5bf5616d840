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
    gunicorn workers; unset, each process caches for itself.

    Sign-in: `secret_key` (COCKPIT_SECRET_KEY) signs sessions and CSRF tokens; unset, a random key
    is made once and kept in `instance/secret_key` so every worker and restart shares it. Sessions
    end after `session_hours` (COCKPIT_SESSION_HOURS). `https` (COCKPIT_HTTPS=1) marks cookies
    Secure. The data-link API takes per-consumer tokens made in /admin, `api_rate_limit` each.
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
    secret_key: str | None = field(default_factory=lambda: os.environ.get("COCKPIT_SECRET_KEY") or None)
    session_hours: float = field(default_factory=lambda: float(os.environ.get("COCKPIT_SESSION_HOURS") or 8))
    https: bool = field(default_factory=lambda: os.environ.get("COCKPIT_HTTPS", "") in ("1", "true", "yes"))
    api_rate_limit: str = "120 per minute"
    sign_in_failures_per_user: int = 5  # within `sign_in_window_minutes`, then refused until it passes
    sign_in_failures_per_address: int = 20
    sign_in_window_minutes: int = 15

    def __post_init__(self) -> None:
        if not self.db_url:
            url = os.environ.get("COCKPIT_DB_URL") or f"sqlite:///{self.instance_dir / 'cockpit.db'}"
            object.__setattr__(self, "db_url", url)

    @property
    def archive_dir(self) -> Path:
        """Accepted workbooks, byte for byte, named by their sha256."""
        return Path(os.environ.get("COCKPIT_ARCHIVE_DIR", self.instance_dir / "archive"))
