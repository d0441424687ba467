"""Shared fixtures. The real parts (virtual microphone, Secret Service, Xvfb) are started by
tests/env/with-testenv.sh, which `make test` wraps around pytest. Outside it, tests that need a
real part fail with a message saying how to run them; in CI they must never skip."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

# Qt must pick the offscreen platform before any QApplication exists.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent


def _need_testenv(what: str) -> None:
    if not os.environ.get("LOGMEETS_TESTENV"):
        pytest.fail(
            f"{what} needs the test environment: run `make test`, or "
            "`tests/env/with-testenv.sh .venv/bin/pytest ...`",
            pytrace=False,
        )


@pytest.fixture(scope="session")
def test_signal() -> np.ndarray:
    """The known signal that the virtual microphones play: int16 mono at 48 kHz."""
    _need_testenv("the known test signal")
    return np.fromfile(os.environ["LOGMEETS_TEST_SIGNAL"], dtype="<i2")


@pytest.fixture(scope="session")
def virtual_mic() -> str:
    """Name of the PortAudio input that plays the known signal from sample 0 at every open."""
    _need_testenv("the virtual microphone")
    return "testmic"


@pytest.fixture(scope="session")
def real_keyring() -> Iterator[object]:
    """The Secret Service backend of the test environment's gnome-keyring, selected explicitly."""
    _need_testenv("the real Secret Service keyring")
    from keyring.backends import SecretService

    backend = SecretService.Keyring()
    yield backend


@pytest.fixture()
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh LOGMEETS_HOME for one test."""
    home = tmp_path / "logmeets-home"
    home.mkdir()
    monkeypatch.setenv("LOGMEETS_HOME", str(home))
    return home
