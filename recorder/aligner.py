"""Channel 2 (system audio) placed on channel 1's (the microphone's) sample clock.

The microphone and the output device run on different crystals (48 000 Hz on one is 48 010 Hz on
the other), and their blocks arrive through different paths with different latencies. Each
stream gets a `StreamClock`: from the arrival time of its blocks and the frames counted so far,
the time its frame k was captured is `offset + k / rate`, `offset` being the smallest
`arrival - frames / rate` of the last few seconds (a late delivery only ever adds delay, so the
minimum is the truest). For each microphone batch the aligner computes which system frame was
captured at the batch's first frame and compares it with its read cursor in the system stream:
within 5 ms it reads on; further off it reads up to 0.2 % more or fewer frames (interpolated,
so a tone stays clean) until it is within 1 ms again, so the channels never drift apart; more
than 0.1 s off (a restart, a stall) it jumps. The error stays bounded whatever the recording's
length (bench/system_audio.py measures it: docs/recorder.md).

A microphone batch waits (at most `max_wait` seconds past its capture) for the system audio of
the same moment; system audio that has not come by then, or while no system stream is open, is
silence. Held batches are what a crash can lose on top of the journal period.
"""

from __future__ import annotations

from collections import deque
from typing import Any

import numpy as np
import numpy.typing as npt

Frames = npt.NDArray[Any]

WINDOW_SECONDS = 4.0  # arrivals the clock's minimum is taken over
STALL_SECONDS = 0.25  # arrivals this much later than the clock says: the stream stalled, restart
SETTLE_SECONDS = 0.5  # a new system stream's first arrivals do not time it after this
JUMP_SECONDS = 0.1  # cursor this far off: jump instead of slewing
# Corrections start when the cursor is this far off, and stop once it is within RESUME_SECONDS
# (hysteresis): the clocks' own noise (a device that delivers in bursts) is never chased, and a
# drift is corrected in one short run now and then rather than a frame here and there always.
DEADBAND_SECONDS = 0.005
SETTLED_SECONDS = 0.001
MAX_SLEW = 1 / 500  # frames corrected per frame at most (0.2 %; crystals differ by ~0.02 %)
KEEP_SECONDS = 5.0  # system audio held at most (while the microphone is away)


class StreamClock:
    """When each frame of one stream was captured, estimated from when its blocks arrived."""

    def __init__(
        self, rate: int, window: float = WINDOW_SECONDS, stall: float | None = None
    ) -> None:
        self.rate = rate
        self.frames = 0  # frames counted so far
        self._window = window
        # A stream that delivers steadily (the system audio's child sends 50 ms blocks) and
        # suddenly arrives `stall` seconds later than its clock says has stalled (a suspended
        # output): its timing starts anew. None for a device that delivers in bursts (some
        # microphones hold seconds of audio), where the first block of a burst always looks late.
        self._stall = stall
        self._first_at: float | None = None
        self._settling = stall is not None  # steady streams: settle after their start
        self._samples: deque[tuple[float, float]] = deque()  # (arrival, offset)

    @property
    def ready(self) -> bool:
        """True once a block has arrived."""
        return bool(self._samples)

    @property
    def offset(self) -> float:
        """Seconds: frame k was captured at `offset + k / rate` (monotonic clock)."""
        return min(o for _, o in self._samples)

    def arrived(self, frames: int, at: float) -> None:
        """`frames` more frames arrived at `at` (time.monotonic())."""
        self.frames += frames
        off = at - self.frames / self.rate
        if self._stall is not None and self._samples and off > self.offset + self._stall:
            self._samples.clear()  # stalled and resumed: the old timing no longer holds
        if self._first_at is None:
            self._first_at = at
        elif self._settling and at - self._first_at >= SETTLE_SECONDS:
            # A new stream's first blocks can carry stale buffered audio, delivered at once:
            # timing from them would place everything after too early.
            self._settling = False
            self._samples.clear()
        self._samples.append((at, off))
        while self._samples[0][0] < at - self._window:
            self._samples.popleft()

    def time_of(self, frame: float) -> float:
        """When frame `frame` was captured."""
        return self.offset + frame / self.rate

    def frame_at(self, t: float) -> float:
        """The frame captured at `t`."""
        return (t - self.offset) * self.rate


class Aligner:
    """Joins microphone batches (frames x 1) with the system audio of the same moment into
    frames x 2. Writer thread only; `push_system` may be fed from the same thread."""

    def __init__(self, rate: int, dtype: str, *, max_wait: float = 0.25) -> None:
        self.rate = rate
        self._dtype = np.dtype(dtype)
        self.max_wait = max_wait
        self.mic = StreamClock(rate)
        self.sys = StreamClock(rate, stall=STALL_SECONDS)
        self.system_live = False  # a system stream is open: batches wait for its audio
        self._mic_frames = 0  # microphone frames pushed (their index on the mic clock)
        self._pending: deque[tuple[int, Frames]] = deque()
        self._buf: Frames = np.zeros(0, dtype=self._dtype)  # system frames held
        self._parts: list[Frames] = []  # ... and those pushed since, still to join
        self._held = 0
        self._buf_start = 0  # system frame index of _buf[0]
        self._cursor: int | None = None  # next system frame to place
        self._correcting = False  # between DEADBAND_SECONDS off and SETTLED_SECONDS
        self.corrections = 0  # frames added or dropped to follow the clocks
        self.jumps = 0

    # ---- input ------------------------------------------------------------------------------
    def mic_arrived(self, frames: int, at: float) -> None:
        """The microphone's device delivered `frames` frames at `at` (its callback's time)."""
        self.mic.arrived(frames, at)

    def push_mic(self, frames: Frames) -> None:
        """A microphone batch (frames x 1), in order."""
        self._pending.append((self._mic_frames, frames))
        self._mic_frames += len(frames)

    def push_system(self, samples: Frames, at: float) -> None:
        """System audio (1-D, the recording's dtype) that arrived at `at`."""
        self.sys.arrived(len(samples), at)
        # Joined when read (once per microphone batch), not per block: blocks come 20 a second.
        self._parts.append(samples)
        self._held += len(samples)
        if self._held > 2 * KEEP_SECONDS * self.rate:
            self._consolidate()

    def _consolidate(self) -> Frames:
        """The held system frames as one array (`_buf`), at most KEEP_SECONDS of them."""
        if self._parts:
            self._buf = np.concatenate((self._buf, *self._parts))
            self._parts.clear()
            excess = len(self._buf) - round(KEEP_SECONDS * self.rate)
            if excess > 0:
                self._buf = self._buf[excess:]
                self._buf_start += excess
            self._held = len(self._buf)
        return self._buf

    def restart_system(self) -> None:
        """The system stream closed or reopened: its frame count and timing start anew."""
        self.sys = StreamClock(self.rate, stall=STALL_SECONDS)
        self._buf = np.zeros(0, dtype=self._dtype)
        self._parts.clear()
        self._held = 0
        self._buf_start = 0
        self._cursor = None

    def restart_mic(self) -> None:
        """A new microphone stream (after a device loss): its clock starts anew. Call `flush()`
        first."""
        self.mic = StreamClock(self.rate)
        self._mic_frames = 0
        self._cursor = None

    # ---- output -----------------------------------------------------------------------------
    @property
    def pending_frames(self) -> int:
        """Microphone frames waiting for their system audio."""
        return sum(len(f) for _, f in self._pending)

    def take(self, now: float) -> Frames:
        """The joined frames (frames x 2) of every batch whose system audio is here, or that
        waited `max_wait` past its capture; possibly none."""
        out: list[Frames] = []
        while self._pending:
            n0, frames = self._pending[0]
            late = not self.system_live or (
                self.mic.ready and now >= self.mic.time_of(n0 + len(frames)) + self.max_wait
            )
            ch2 = self._place(n0, len(frames), force=late)
            if ch2 is None:
                break
            self._pending.popleft()
            out.append(self._join(frames, ch2))
        return self._concat(out)

    def flush(self) -> Frames:
        """Every batch still waiting, joined now (missing system audio is silence)."""
        out = []
        for n0, frames in self._pending:
            system = self._place(n0, len(frames), force=True)
            assert system is not None  # forced: never waits
            out.append(self._join(frames, system))
        self._pending.clear()
        return self._concat(out)

    def _place(self, n0: int, n: int, *, force: bool) -> Frames | None:
        """The `n` system frames for microphone frames n0.., or None to wait for them."""
        if not (self.mic.ready and self.sys.ready):
            if not force:
                return None
            return np.zeros(n, dtype=self._dtype)
        want = round(self.sys.frame_at(self.mic.time_of(n0)))
        correction = 0
        if self._cursor is None or abs(want - self._cursor) > JUMP_SECONDS * self.rate:
            if self._cursor is not None:
                self.jumps += 1
            self._cursor = want
        else:
            error = want - self._cursor
            if abs(error) > DEADBAND_SECONDS * self.rate:
                self._correcting = True
            elif abs(error) <= SETTLED_SECONDS * self.rate:
                self._correcting = False
            if self._correcting:
                most = max(1, int(n * MAX_SLEW))
                correction = max(-most, min(most, error))
        need = n + correction
        start = self._cursor
        if start + need > self._buf_start + self._held and not force:
            return None
        src = self._read(start, need)
        self._cursor = start + need
        self.corrections += abs(correction)
        if correction and need > 0:
            # Interpolated: taking the nearest frame jitters each by up to half a frame, which
            # is audible on high tones (spurious tones at -23 dB; -56 dB interpolated).
            at = np.linspace(0, need - 1, n)
            src = np.rint(np.interp(at, np.arange(need), src)).astype(self._dtype)
        elif need <= 0:
            src = np.zeros(n, dtype=self._dtype)
        return src

    def _read(self, start: int, count: int) -> Frames:
        """System frames [start, start + count); silence where none are held. Frames before
        the end are dropped from the buffer."""
        self._consolidate()
        out = np.zeros(max(0, count), dtype=self._dtype)
        lo = max(start, self._buf_start)
        hi = min(start + count, self._buf_start + len(self._buf))
        if hi > lo:
            out[lo - start : hi - start] = self._buf[lo - self._buf_start : hi - self._buf_start]
        drop = min(len(self._buf), max(0, start + count - self._buf_start))
        if drop:
            self._buf = self._buf[drop:]
            self._buf_start += drop
            self._held = len(self._buf)
        return out

    def _join(self, mic: Frames, system: Frames) -> Frames:
        joined = np.empty((len(mic), 2), dtype=self._dtype)
        joined[:, 0] = mic[:, 0]
        joined[:, 1] = system
        return joined

    def _concat(self, parts: list[Frames]) -> Frames:
        if not parts:
            return np.zeros((0, 2), dtype=self._dtype)
        return parts[0] if len(parts) == 1 else np.concatenate(parts)
