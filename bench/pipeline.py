"""Shared parts of the recorder benchmarks: a known signal, a throw-away outbox, and a stream
that feeds the real recorder pipeline as fast as its writer takes the audio."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from crypto.keys import DeviceKeys  # noqa: E402
from crypto.keystore import MemoryKeyStore  # noqa: E402
from outbox.audit import AuditLog  # noqa: E402
from outbox.store import Outbox  # noqa: E402

RATE = 48_000


def speech_signal(seconds: float, channels: int) -> np.ndarray:
    """The project's known test signal (speech over a sweep and noise), tiled to `seconds`;
    the second channel is the same signal 7.3 s later, so the channels differ."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, str(REPO / "tests/env/make_signal.py"), tmp],
            check=True,
            capture_output=True,
        )
        base = np.fromfile(Path(tmp) / "speech48.raw", dtype="<i2")
    n = round(seconds * RATE)
    reps = -(-n // len(base)) + 1
    tiled = np.tile(base, reps)
    cols = [tiled[:n], tiled[round(7.3 * RATE) : round(7.3 * RATE) + n]][:channels]
    return np.ascontiguousarray(np.stack(cols, axis=1))


def open_outbox(home: Path) -> Outbox:
    """A real outbox over an in-memory key store (the keyring is not what is measured)."""
    keys = DeviceKeys(MemoryKeyStore())
    audit = AuditLog(home / "audit.log", keys.audit_key(), device_id="bench")
    return Outbox.open(home, keys=keys, audit=audit, exclusive=True)


class FullSpeedStream:
    """Plays `signal` into the recorder's callback as fast as the writer drains the queue
    (it waits while the queue is half full, so no block is dropped), then ends."""

    def __init__(
        self,
        signal: np.ndarray,
        blocksize: int,
        callback: Callable[..., None],
        finished: Callable[[], None],
    ) -> None:
        self._signal = signal
        self._blocksize = blocksize
        self._callback = callback
        self._finished = finished
        self._queue = callback.__self__.queue  # type: ignore[attr-defined]
        self._halt = threading.Event()
        self.done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        limit = self._queue.maxsize // 2
        n = len(self._signal)
        for start in range(0, n, self._blocksize):
            while self._queue.qsize() > limit and not self._halt.is_set():
                time.sleep(0.0005)
            if self._halt.is_set():
                break
            block = self._signal[start : start + self._blocksize]
            self._callback(block, len(block), None, None)
        self.done.set()
        self._halt.wait()  # a live device keeps the stream open until the recorder stops it
        self._finished()

    def stop(self) -> None:
        self._halt.set()
        if threading.current_thread() is not self._thread:
            self._thread.join(10)

    abort = close = stop


class FullSpeedStreams:
    """A StreamSource that opens one FullSpeedStream over `signal`."""

    def __init__(self, signal: np.ndarray) -> None:
        self.signal = signal
        self.stream: FullSpeedStream | None = None

    def open(
        self,
        device: Any,
        *,
        sample_rate: int,
        channels: int,
        dtype: str,
        blocksize: int,
        callback: Callable[..., None],
        finished_callback: Callable[[], None],
    ) -> tuple[FullSpeedStream, str]:
        self.stream = FullSpeedStream(self.signal, blocksize, callback, finished_callback)
        return self.stream, "full-speed"

    def rescan(self) -> None:
        pass
