"""The PortAudio input stream and the bounded queue between its callback and the writer thread.

The callback runs on PortAudio's real-time thread. It copies the block into a bounded queue and
updates the level meter; it never blocks, never logs and never raises. When the queue is full
(the writer is stuck) the block is dropped and counted rather than stalling the audio thread.

Streams come from a `StreamSource` so that tests can inject faults with a fake stream
(device lost, stall, overflow burst) while production uses `PortAudioStreams`.
"""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt
import sounddevice as sd

from recorder.devices import rescan, resolve_device, stream_settings
from recorder.errors import RecorderError
from recorder.level import LevelMeter

Block = npt.NDArray[Any]
AudioCallback = Callable[[Block, int, Any, Any], None]


class StreamLike(Protocol):
    """The part of `sounddevice.InputStream` the recorder uses."""

    def start(self) -> None: ...
    def stop(self) -> None: ...
    def abort(self) -> None: ...
    def close(self) -> None: ...


class StreamSource(Protocol):
    """Opens input streams by device spec; `rescan()` refreshes the device list."""

    def open(
        self,
        device: str | int | None,
        *,
        sample_rate: int,
        channels: int,
        dtype: str,
        blocksize: int,
        callback: AudioCallback,
        finished_callback: Callable[[], None],
    ) -> tuple[StreamLike, str]:
        """Returns the (not yet started) stream and the device's name."""
        ...

    def rescan(self) -> None:
        """Re-reads the device list; only called with no stream open."""
        ...


class PortAudioStreams:
    """Real input streams through sounddevice."""

    def open(
        self,
        device: str | int | None,
        *,
        sample_rate: int,
        channels: int,
        dtype: str,
        blocksize: int,
        callback: AudioCallback,
        finished_callback: Callable[[], None],
    ) -> tuple[StreamLike, str]:
        """Resolves `device` (name, index or None for the default) and opens it."""
        dev = resolve_device(device)
        try:
            stream = sd.InputStream(
                device=dev.index,
                samplerate=sample_rate,
                channels=channels,
                dtype=dtype,
                blocksize=blocksize,
                # "high" latency gives PortAudio bigger buffers: fewer overflows on a busy laptop;
                # the recorder is not interactive, so latency costs nothing.
                latency="high",
                extra_settings=stream_settings(dev),
                callback=callback,
                finished_callback=finished_callback,
            )
        except (sd.PortAudioError, ValueError) as exc:
            raise RecorderError(
                f"cannot open input device {dev.name!r}: {exc}",
                code="device_open_failed",
                device=dev.name,
                detail=str(exc),
            ) from exc
        return stream, dev.name

    def rescan(self) -> None:
        """Re-initialises PortAudio so that devices plugged in since are seen."""
        # No sound system right now: the next open says "no microphone".
        with contextlib.suppress(sd.PortAudioError):
            rescan()


class BlockQueue:
    """A bounded FIFO of blocks that the callback fills without waiting for the writer.

    `queue.Queue` takes a lock and notifies a condition on every put; on a busy machine the
    real-time thread could then wait for the writer. `deque.append`/`popleft` are atomic in
    CPython, so the callback only appends (or counts a drop when full), and it sets an event
    only when the queue goes from empty to not empty: once per block in real time, next to
    never when the writer is behind. The writer sleeps on that event, so it wakes as soon as
    audio arrives (a fixed-period poll either wakes ~4x per block for nothing or leaves the
    queue full for a whole period). Same names as `queue.Queue`.
    """

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self._items: deque[Block] = deque()
        self._arrived = threading.Event()

    def put_nowait(self, block: Block) -> None:
        """Adds `block`; raises queue.Full when `maxsize` blocks are waiting."""
        items = self._items
        if len(items) >= self.maxsize:
            raise queue.Full
        items.append(block)
        if len(items) == 1:
            self._arrived.set()

    def get_nowait(self) -> Block:
        """The oldest block; raises queue.Empty."""
        try:
            return self._items.popleft()
        except IndexError:
            raise queue.Empty from None

    def get(self, timeout: float) -> Block:
        """The oldest block, waiting up to `timeout` seconds; raises queue.Empty."""
        deadline = time.monotonic() + timeout
        while True:
            with contextlib.suppress(IndexError):
                return self._items.popleft()
            # Cleared, then checked again: a block put in between is seen here, and a block put
            # after this check sets the event again, so no wake-up is lost.
            self._arrived.clear()
            with contextlib.suppress(IndexError):
                return self._items.popleft()
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise queue.Empty
            self._arrived.wait(remaining)

    def get_batch(self, timeout: float, limit: int = 256) -> Block:
        """The oldest block joined with whatever else waits (up to `limit` blocks), waiting up
        to `timeout` seconds for the first; raises queue.Empty. A consumer that is behind (a
        slow disk, a busy CPU) handles the backlog in one piece instead of paying the per-block
        overhead for each."""
        blocks = [self.get(timeout)]
        while len(blocks) < limit:
            try:
                blocks.append(self._items.popleft())
            except IndexError:
                break
        return blocks[0] if len(blocks) == 1 else np.concatenate(blocks)

    def qsize(self) -> int:
        """Blocks waiting."""
        return len(self._items)

    def empty(self) -> bool:
        """True when no block is waiting."""
        return not self._items


class Capture:
    """One open input stream feeding `queue`; counts overflows and dropped blocks.

    `level` is updated by the callback, or by the consumer (`meter_in_callback=False`), which
    then must call `level.update()` with every block it takes from `queue`.
    """

    def __init__(
        self,
        streams: StreamSource,
        device: str | int | None,
        *,
        sample_rate: int,
        channels: int,
        dtype: str,
        full_scale: float,
        blocksize: int,
        max_queue_blocks: int,
        meter_in_callback: bool = True,
    ) -> None:
        self.queue = BlockQueue(max_queue_blocks)
        self.level = LevelMeter(full_scale)
        # A consumer that takes every block (the recorder's writer) meters whole batches itself:
        # one numpy pass per batch instead of ~7 us of reductions per block on the audio thread,
        # which at full speed (30 000 blocks per 10 min) was GIL time taken from the other
        # threads. A consumer that drops blocks (the GUI's microphone test) keeps the default.
        self._meter = meter_in_callback
        self.overflows = 0  # PortAudio's input_overflow flags
        self.dropped_blocks = 0  # blocks the full queue could not take
        self.dropped_frames = 0
        self.first_block = threading.Event()
        self.finished = threading.Event()  # the stream ended (stopped by us, lost, or error)
        self.last_block_at = 0.0  # time.monotonic() of the last callback
        # (frames queued in all, time.monotonic()) after each block: the microphone's clock,
        # against which system audio is placed (recorder/aligner.py). Appended by the callback
        # only; a running total, so entries dropped by a full deque lose timing, never frames.
        self.frames_queued = 0
        self.arrivals: deque[tuple[int, float]] = deque(maxlen=max_queue_blocks)
        self.started_at = 0.0
        self._stopping = False
        self._channels = channels
        self.stream, self.device_name = streams.open(
            device,
            sample_rate=sample_rate,
            channels=channels,
            dtype=dtype,
            blocksize=blocksize,
            callback=self._callback,
            finished_callback=self.finished.set,
        )

    def start(self) -> None:
        """Starts the stream; callbacks begin shortly after."""
        self.started_at = self.last_block_at = time.monotonic()
        try:
            self.stream.start()
        except (sd.PortAudioError, OSError) as exc:
            self.close_quietly()
            raise RecorderError(
                f"cannot start input device {self.device_name!r}: {exc}",
                code="device_open_failed",
                device=self.device_name,
                detail=str(exc),
            ) from exc

    @property
    def lost(self) -> bool:
        """The stream finished without us asking (device unplugged, sound server gone)."""
        return self.finished.is_set() and not self._stopping

    def stalled(self, seconds: float) -> bool:
        """No callback for `seconds` while the stream should be running."""
        return not self.finished.is_set() and time.monotonic() - self.last_block_at > seconds

    def stop(self, timeout: float = 5.0) -> bool:
        """Stops and closes the stream, letting PortAudio deliver what it buffered. A stalled
        device can make `stop()` block until it resumes, so it runs on a helper thread; returns
        False if it did not finish within `timeout` (the stream is then abandoned)."""
        self._stopping = True
        return _run_with_timeout(self._stop_and_close, timeout)

    def abandon(self, timeout: float = 2.0) -> bool:
        """Aborts (drops buffered audio) and closes: for a lost or stalled stream."""
        self._stopping = True
        return _run_with_timeout(self._abort_and_close, timeout)

    def close_quietly(self) -> None:
        """Closes without raising (used on error paths)."""
        self._stopping = True
        with contextlib.suppress(Exception):  # best effort on an already failing stream
            self.stream.close()

    def _stop_and_close(self) -> None:
        try:
            self.stream.stop()
        finally:
            self.stream.close()

    def _abort_and_close(self) -> None:
        try:
            self.stream.abort()
        finally:
            self.stream.close()

    def _callback(self, indata: Block, frames: int, time_info: Any, status: Any) -> None:
        # PortAudio's real-time thread: copy, meter, enqueue. Nothing here may block or log.
        self.last_block_at = now = time.monotonic()
        if status and getattr(status, "input_overflow", False):
            self.overflows += 1
        block = np.array(indata, copy=True)
        try:
            self.queue.put_nowait(block)
        except queue.Full:
            self.dropped_blocks += 1
            self.dropped_frames += frames
        else:
            self.frames_queued += frames
            self.arrivals.append((self.frames_queued, now))
        if self._meter:
            self.level.update(block)
        if not self.first_block.is_set():
            self.first_block.set()


def _run_with_timeout(fn: Callable[[], None], timeout: float) -> bool:
    errors: list[BaseException] = []

    def target() -> None:
        try:
            fn()
        except BaseException as exc:  # reported to the caller's thread below
            errors.append(exc)

    t = threading.Thread(target=target, name="recorder-stream-stop", daemon=True)
    t.start()
    t.join(timeout)
    if t.is_alive():
        return False
    # A dying device may refuse to stop cleanly; the stream is gone either way.
    return not errors or all(isinstance(e, (sd.PortAudioError, OSError)) for e in errors)
