"""`crypto.files.replace` on Windows: a rename refused for a moment (an antivirus scanner or the
search indexer holding the file open) is retried briefly; elsewhere it fails at once. The OS call
is faked at the lowest level: `os.replace` raising PermissionError, then the real rename."""

from __future__ import annotations

import itertools
import os
import sys
import time
from pathlib import Path

import pytest

from crypto import files
from crypto.errors import CryptoError
from crypto.files import write_atomic

_real_replace = os.replace


def refuse_first(monkeypatch: pytest.MonkeyPatch, times: int) -> list[float]:
    """os.replace raises PermissionError `times` times, then renames; returns the call times."""
    calls: list[float] = []

    def flaky(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        calls.append(time.monotonic())
        if len(calls) <= times:
            raise PermissionError(13, "The process cannot access the file", str(dst))
        _real_replace(src, dst)

    monkeypatch.setattr(os, "replace", flaky)
    return calls


def test_windows_retries_a_refused_rename_then_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    calls = refuse_first(monkeypatch, 2)
    target = tmp_path / "index.json"
    target.write_bytes(b"old")
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert not files.part_path(target).exists()
    assert len(calls) == 3
    # Short, growing pauses between the attempts.
    delays = files.REPLACE_RETRY_DELAYS
    gaps = [b - a for a, b in itertools.pairwise(calls)]
    assert gaps[0] >= delays[0] * 0.9 and gaps[1] >= delays[1] * 0.9
    assert list(delays) == sorted(delays) and sum(delays) < 1.0


def test_windows_gives_up_after_a_few_attempts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    calls = refuse_first(monkeypatch, 1000)
    target = tmp_path / "index.json"
    with pytest.raises(CryptoError) as err:
        write_atomic(target, b"new")
    assert err.value.code == "file_write_failed"
    assert len(calls) == len(files.REPLACE_RETRY_DELAYS) + 1
    assert not target.exists() and not files.part_path(target).exists()


def test_other_systems_do_not_retry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # POSIX renames are not blocked by readers: a PermissionError there is real (a read-only
    # directory) and waiting would not help.
    monkeypatch.setattr(sys, "platform", "linux")
    calls = refuse_first(monkeypatch, 2)
    with pytest.raises(CryptoError):
        write_atomic(tmp_path / "index.json", b"new")
    assert len(calls) == 1
