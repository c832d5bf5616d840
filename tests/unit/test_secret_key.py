"""The session key made in instance/ when COCKPIT_SECRET_KEY is unset: every worker of a fresh
instance gets the same whole key, however they race (gunicorn starts them together)."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from cockpit.settings import Settings
from cockpit.signin import secret_key


def _racer(folder: str, barrier, keys) -> None:  # noqa: ANN001 - multiprocessing proxies
    barrier.wait()
    keys.put(secret_key(Settings(instance_dir=Path(folder), secret_key=None)))


def test_workers_starting_together_share_one_whole_key(tmp_path: Path) -> None:
    context = multiprocessing.get_context("fork")
    for attempt in range(5):
        folder = tmp_path / f"instance{attempt}"
        barrier, keys = context.Barrier(6), context.Queue()
        racers = [context.Process(target=_racer, args=(str(folder), barrier, keys)) for _ in range(6)]
        for racer in racers:
            racer.start()
        found = {keys.get(timeout=30) for _ in racers}
        for racer in racers:
            racer.join(timeout=30)
        assert len(found) == 1 and len(found.pop()) == 64
        assert [p.name for p in folder.iterdir()] == ["secret_key"]  # no draft left behind


def test_the_key_is_kept_across_starts(tmp_path: Path) -> None:
    settings = Settings(instance_dir=tmp_path, secret_key=None)
    assert secret_key(settings) == secret_key(settings) == (tmp_path / "secret_key").read_text()


def test_an_empty_key_file_is_refused_rather_than_signing_nothing(tmp_path: Path) -> None:
    (tmp_path / "secret_key").write_text("\n")
    with pytest.raises(RuntimeError, match="secret_key is empty"):
        secret_key(Settings(instance_dir=tmp_path, secret_key=None))


def test_the_environment_key_wins(tmp_path: Path) -> None:
    assert secret_key(Settings(instance_dir=tmp_path, secret_key="from-the-environment")) == "from-the-environment"
    assert not (tmp_path / "secret_key").exists()
