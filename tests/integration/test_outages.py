"""PostgreSQL or Redis stopped while the cockpit serves: pages say so in Chinese within 5 s (or,
for the cache, simply go on without it), never a traceback, and recover by themselves.

Each test runs a server of its own on a free port: a throwaway PostgreSQL cluster (initdb +
pg_ctl under a temporary folder, run as the `postgres` user when the tests run as root) and a
`redis-server` without persistence, so stopping them touches nothing else on the machine.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import redis
from flask import Flask
from workbooks import filler, write

from callbacks import shell
from cockpit import cache as page_cache
from cockpit.cache import init_cache
from cockpit.db import get_engine
from cockpit.schema import upgrade
from cockpit.settings import Settings
from cockpit.store import CONFIG_KEY, SETTINGS_KEY
from etl.load import load_path

PG_BIN = Path("/usr/lib/postgresql/15/bin")
ANSWER_WITHIN_S = 5.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class OwnPostgres:
    data: Path
    port: int

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def ctl(self, *args: str) -> None:
        options = f"-p {self.port} -k {self.data.parent} -c listen_addresses=127.0.0.1 -c fsync=off"
        run_as_postgres(
            [str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", f"{self.data}.log", "-w", *args]
        )

    def start(self) -> None:
        self.ctl("start")

    def stop(self) -> None:
        self.ctl("-m", "fast", "stop")


def run_as_postgres(command: list[str]) -> None:
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    subprocess.run(prefix + command, check=True, capture_output=True, timeout=120)


@pytest.fixture
def own_postgres() -> Iterator[OwnPostgres]:
    # Not under pytest's tmp folder: the postgres user must be able to reach it.
    folder = Path(tempfile.mkdtemp(prefix="cockpit-own-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    server = OwnPostgres(folder / "data", free_port())
    run_as_postgres([str(PG_BIN / "initdb"), "-D", str(server.data), "-A", "trust", "-U", "postgres", "--no-sync"])
    server.start()
    yield server
    subprocess.run(
        ["runuser", "-u", "postgres", "--"] * (os.geteuid() == 0)
        + [str(PG_BIN / "pg_ctl"), "-D", str(server.data), "-m", "immediate", "stop"],
        capture_output=True,
    )
    shutil.rmtree(folder, ignore_errors=True)


@dataclass
class OwnRedis:
    port: int
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url)
        deadline = time.monotonic() + 30
        while True:
            try:
                client.ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.02)  # polling until the server accepts connections

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)

    def keys(self) -> int:
        return redis.Redis.from_url(self.url).dbsize()


@pytest.fixture
def own_redis() -> Iterator[OwnRedis]:
    server = OwnRedis(free_port())
    server.start()
    yield server
    if server.process.poll() is None:
        os.kill(server.process.pid, signal.SIGCONT)
        server.stop()


def app_server(settings: Settings, config) -> Flask:  # noqa: ANN001
    server = Flask(__name__)
    server.config[SETTINGS_KEY] = settings
    server.config[CONFIG_KEY] = config
    init_cache(server, settings)
    return server


def shell_outputs(server: Flask) -> tuple[float, str | None, str]:
    """One page load's week bar: seconds taken, the week shown, the alert's text."""
    started = time.monotonic()
    with server.test_request_context():
        week, _, _, _, alert = shell.resolve_week(None)
    return time.monotonic() - started, week, str(alert) if alert else ""


def test_pages_say_so_when_postgresql_stops_and_recover_when_it_returns(
    own_postgres: OwnPostgres,
    tmp_path: Path,
    config,  # noqa: ANN001
) -> None:
    engine = get_engine(own_postgres.url)
    upgrade(engine)
    submission = write(tmp_path, "330102", "2024-W10", ledger=filler("330102"))
    assert load_path(engine, submission, config=config, archive_dir=tmp_path / "archive").accepted
    server = app_server(Settings(db_url=own_postgres.url, instance_dir=tmp_path), config)
    assert shell_outputs(server)[1:] == ("2024-W10", "")

    own_postgres.stop()
    for _ in range(2):  # the pooled connection found dead, then no server to connect to
        took, week, alert = shell_outputs(server)
        assert took < ANSWER_WITHIN_S
        assert week is None and "无法连接数据库" in alert

    own_postgres.start()
    assert shell_outputs(server)[1:] == ("2024-W10", "")
    engine.dispose()


def test_pages_go_on_without_redis_and_use_it_again_when_it_returns(
    store,
    own_redis: OwnRedis,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,  # noqa: ANN001
) -> None:
    monkeypatch.setattr(page_cache, "OUTAGE_PAUSE_S", 0.5)
    monkeypatch.setattr(page_cache, "_paused_until", 0.0)
    assert store.load(write(tmp_path, "330102", "2024-W10", ledger=filler("330102"))).accepted
    server = app_server(Settings(db_url=store.url, cache_url=own_redis.url, instance_dir=tmp_path), store.config)
    assert shell_outputs(server)[1:] == ("2024-W10", "")
    assert own_redis.keys() > 0

    os.kill(own_redis.process.pid, signal.SIGSTOP)  # a hung server: every call would time out
    took, week, alert = shell_outputs(server)
    assert took < ANSWER_WITHIN_S and (week, alert) == ("2024-W10", "")
    os.kill(own_redis.process.pid, signal.SIGCONT)
    own_redis.stop()  # a stopped one: connections refused
    for _ in range(3):
        took, week, alert = shell_outputs(server)
        assert took < ANSWER_WITHIN_S and (week, alert) == ("2024-W10", "")

    own_redis.start()
    deadline = time.monotonic() + 30
    while own_redis.keys() == 0 and time.monotonic() < deadline:
        assert shell_outputs(server)[1:] == ("2024-W10", "")  # each load retries the cache once paused
        time.sleep(0.1)
    assert own_redis.keys() > 0
