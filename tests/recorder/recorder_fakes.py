"""A fake input stream for fault injection: device lost, stall, overflow burst.

It plays a known numpy signal through the recorder's real callback on its own thread, like
PortAudio would, only faster. The signal position survives reopening (a real microphone keeps
hearing the room), so a recording's joined chunks must equal one contiguous slice of it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from recorder.errors import RecorderError


@dataclass
class FakeStatus:
    input_overflow: bool = False

    def __bool__(self) -> bool:
        return self.input_overflow


class FakeStream:
    def __init__(
        self,
        source: FakeStreams,
        callback: Callable[..., None],
        finished: Callable[[], None],
        blocksize: int,
    ) -> None:
        self._source = source
        self._callback = callback
        self._finished = finished
        self._blocksize = blocksize
        self._halt = threading.Event()
        self._thread: threading.Thread | None = None
        self.stalled = threading.Event()
        self.lost = False

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        src = self._source
        period = self._blocksize / src.rate / src.speed
        next_at = time.monotonic()
        while not self._halt.is_set():
            if self.stalled.is_set():
                time.sleep(0.01)
                continue
            block = src.take(self._blocksize)
            status = FakeStatus(src.overflow_burst > 0)
            if src.overflow_burst > 0:
                src.overflow_burst -= 1
            self._callback(block, len(block), None, status)
            src.blocks_delivered += 1
            if src.lose_after_blocks is not None and src.blocks_delivered >= src.lose_after_blocks:
                src.lose_after_blocks = None
                self.lost = True
                src.available = src.comes_back
                break
            next_at += period
            delay = next_at - time.monotonic()
            if delay > 0:
                time.sleep(delay)
        self._finished()

    def stop(self) -> None:
        self._halt.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(5)

    abort = stop

    def close(self) -> None:
        self.stop()


class FakeStreams:
    """A StreamSource over `signal` (frames x channels), `speed` times real time."""

    def __init__(
        self, signal: np.ndarray, rate: int = 48_000, speed: float = 10.0, name: str = "fakemic"
    ) -> None:
        self.signal = signal if signal.ndim == 2 else signal.reshape(-1, 1)
        self.rate = rate
        self.speed = speed
        self.name = name
        self.position = 0
        self.blocks_delivered = 0
        self.overflow_burst = 0
        self.lose_after_blocks: int | None = None
        self.comes_back = True
        self.available = True
        self.opened: list[str | int | None] = []
        self.rescans = 0
        self.streams: list[FakeStream] = []
        self._lock = threading.Lock()

    def take(self, n: int) -> np.ndarray:
        with self._lock:
            idx = (np.arange(self.position, self.position + n)) % len(self.signal)
            self.position += n
            return self.signal[idx]

    def open(
        self,
        device: str | int | None,
        *,
        sample_rate: int,
        channels: int,
        dtype: str,
        blocksize: int,
        callback: Callable[..., Any],
        finished_callback: Callable[[], None],
    ) -> tuple[FakeStream, str]:
        self.opened.append(device)
        if not self.available:
            raise RecorderError("gone", code="device_not_found", device=str(device))
        assert channels == self.signal.shape[1]
        assert np.dtype(dtype) == self.signal.dtype
        stream = FakeStream(self, callback, finished_callback, blocksize)
        self.streams.append(stream)
        return stream, self.name

    def rescan(self) -> None:
        self.rescans += 1
