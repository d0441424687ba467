"""Stop signals per OS (`app.stop_signals`): Ctrl+C everywhere, SIGTERM for `record`, and on
Windows Ctrl+Break (SIGBREAK), which by default ends the process at once, mid-chunk. Windows is
faked at the lowest level: `sys.platform` and a `signal.SIGBREAK` that is a real, otherwise
ignored Linux signal (SIGWINCH), delivered to this process with os.kill."""

from __future__ import annotations

import os
import signal
import sys
import threading

import pytest

from app.stop_signals import stop_on_signals, stop_signals

FAKE_SIGBREAK = signal.SIGWINCH  # default action: ignore, so a miss cannot kill the test run


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(signal, "SIGBREAK", FAKE_SIGBREAK, raising=False)


def deliver(sig: int, stop: threading.Event) -> bool:
    """Sends `sig` to this process; whether `stop` was set (Python runs the handler on the main
    thread at its next bytecode, well within the wait)."""
    os.kill(os.getpid(), sig)
    return stop.wait(2.0)


@pytest.mark.parametrize("terminate", [True, False], ids=["record", "sync"])
def test_ctrl_break_stops_like_ctrl_c_on_windows(windows: None, terminate: bool) -> None:
    stop = threading.Event()
    with stop_on_signals(stop, terminate=terminate):
        assert deliver(FAKE_SIGBREAK, stop), "SIGBREAK did not ask the command to stop"
    assert signal.getsignal(FAKE_SIGBREAK) == signal.SIG_DFL  # the old handler is back


def test_ctrl_c_stops_everywhere_and_sigterm_only_when_asked() -> None:
    assert stop_signals(terminate=False) == [signal.SIGINT]
    assert stop_signals() == [signal.SIGINT, signal.SIGTERM]
    stop = threading.Event()
    with stop_on_signals(stop, terminate=False):
        assert deliver(signal.SIGINT, stop)


def test_no_sigbreak_outside_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(signal, "SIGBREAK", FAKE_SIGBREAK, raising=False)
    assert FAKE_SIGBREAK not in stop_signals()
