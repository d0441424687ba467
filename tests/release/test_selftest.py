"""`logmeets --selftest` (python -m app --selftest, and the frozen bundle's entry point): one line
per check, the start-to-window time, exit 1 on a failure, and on a warning only with --strict."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app import selftest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.realkeyring
@pytest.mark.realaudio
def test_selftest_passes_strict_in_the_test_environment(
    virtual_mic: str, real_keyring: object
) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, "-m", "app", "--selftest", "--strict"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    checks = ("qt", "resources", "translations", "icu", "commands", "flac", "crypto", "pac")
    checks = (*checks, "portaudio")
    for name in (*checks, "keyring"):
        assert any(line.split()[:2] == ["ok", name] for line in lines), result.stdout
    assert any(line.startswith("start-to-window: ") for line in lines)
    assert lines[-1] == "selftest: passed"


def test_a_failure_exits_1_and_a_warning_only_when_strict(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def missing() -> str:
        raise selftest.Unavailable("no keyring running here")

    def broken() -> str:
        raise OSError("libportaudio.so.2: cannot open shared object file")

    monkeypatch.setattr(selftest, "CHECKS", [("ok", lambda: "fine"), ("keyring", missing)])
    assert selftest.main([]) == 0
    assert selftest.main(["--strict"]) == 1
    assert "warn keyring      no keyring running here" in capsys.readouterr().out
    monkeypatch.setattr(selftest, "CHECKS", [("portaudio", broken)])
    assert selftest.main([]) == 1
    out = capsys.readouterr().out
    assert "FAIL portaudio" in out and "libportaudio.so.2" in out
    assert out.rstrip().endswith("selftest: FAILED")
