"""System audio (channel 2) figures, against baselines run in the same script.

1. Drift: the aligner over 3 simulated hours, microphone at 48 000 Hz, output device at 48 010 Hz
   (tests/recorder/test_aligner.py's simulation): how far channel 2 moves against channel 1.
   Baseline: the same clocks uncorrected (10 / 48 000 s per second, 2.25 s after 3 h).
   Floor: < 20 ms.
2. Pipeline speed: 10 min of 48 kHz mono through the real recorder at full speed, then the same
   microphone with system audio joined as channel 2 (the capture child faked by a feeder that
   keeps pace, so the aligner, the 2-channel journal, encode and sealing are what is measured).
   Floor: >= 300x real time with 2 channels.
3. The capture child: a real child (soundcard over the test environment's PulseAudio)
   capturing the default output's monitor: how long from its start to its first block of audio
   (channel 2 is silent until then), and its CPU over `--child-seconds`, from /proc (Linux).

    .venv/bin/python bench/system_audio.py [--minutes 10] [--repeat 3] [--child-seconds 10]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections import deque
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO / "tests" / "recorder"))

from capture import RATE, FullSpeedStreams, open_outbox, speech_signal  # noqa: E402
from test_aligner import simulate  # noqa: E402

from recorder import Recorder, RecordingOptions  # noqa: E402
from recorder.system_audio import SystemCapture  # noqa: E402

FLOOR_DRIFT = 0.020
FLOOR_REAL_TIME = 300.0


class PacedSystem:
    """A system capture that reports, at each `take()`, as much audio as the microphone has
    delivered since (float32, arrival now): the full-speed stand-in for the child."""

    def __init__(self, streams: FullSpeedStreams, signal: np.ndarray) -> None:
        self._streams = streams
        self._signal = (signal.astype(np.float32) / 32768.0).tobytes()
        self._sent = 0
        self.reports: deque[tuple[Any, ...]] = deque()
        self.pid = None

    def start(self) -> None:
        self.reports.append(("open", "paced"))

    def take(self) -> list[tuple[Any, ...]]:
        stream = self._streams.stream
        delivered = 0 if stream is None else stream.delivered
        out = list(self.reports)
        self.reports.clear()
        if delivered > self._sent:
            out.append(("audio", time.monotonic(), self._signal[self._sent * 4 : delivered * 4]))
            self._sent = delivered
        return out

    def stop(self) -> None:
        pass


def pipeline(signal: np.ndarray, system: bool) -> float:
    """Wall seconds to record `signal` (mono) at full speed, with or without channel 2."""
    with tempfile.TemporaryDirectory() as tmp:
        box = open_outbox(Path(tmp))
        try:
            streams = FullSpeedStreams(signal)
            options = RecordingOptions(
                chunk_seconds=30,
                duration=len(signal) / RATE,
                disk_reserve_mb=0,
                system_audio="default" if system else None,
            )
            paced = PacedSystem(streams, signal[::-1, 0].copy())
            rec = Recorder(box, options, streams=streams, system_capture=lambda *a: paced)  # type: ignore[arg-type, return-value]
            t0 = time.perf_counter()
            rec.start()
            rec.wait()
            rec.stop()
            elapsed = time.perf_counter() - t0
            assert rec.error is None, rec.error
            assert rec.frames == len(signal)
            return elapsed
        finally:
            box.close()


def child_cpu(seconds: float) -> tuple[float, float, int]:
    """(seconds from start to the first block of audio, CPU seconds the real capture child
    used per second after that, blocks received)."""
    capture = SystemCapture(None, RATE, RATE // 20)
    capture.start()
    first = None
    while first is None and time.monotonic() - capture.started_at < 10.0:
        if any(r[0] == "audio" for r in capture.take()):
            first = time.monotonic() - capture.started_at
        time.sleep(0.005)
    if first is None:
        capture.stop()
        raise SystemExit("the capture child sent no audio in 10 s")
    pid = capture.pid
    assert pid is not None

    def cpu() -> float:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    capture.take()
    c0, t0 = cpu(), time.monotonic()
    time.sleep(seconds)
    c1, t1 = cpu(), time.monotonic()
    blocks = sum(1 for r in capture.take() if r[0] == "audio")
    capture.stop()
    return first, (c1 - c0) / (t1 - t0), blocks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child-seconds", type=float, default=10.0)
    args = parser.parse_args()

    drift, aligner = simulate(3.0)
    uncorrected = 10 / 48_000 * 3 * 3600
    print(
        f"drift after 3 h (48 000 vs 48 010 Hz): {drift * 1000:.2f} ms corrected vs "
        f"{uncorrected:.2f} s uncorrected; {aligner.corrections} frames corrected, "
        f"{aligner.jumps} jumps"
    )

    signal = speech_signal(args.minutes * 60, 1)
    seconds = len(signal) / RATE
    one, two = [], []
    for _ in range(args.repeat):
        one.append(pipeline(signal, system=False))
        two.append(pipeline(signal, system=True))
    t1, t2 = statistics.median(one), statistics.median(two)
    print(
        f"pipeline, {args.minutes:g} min 48 kHz: mic only {seconds / t1:.0f}x real time, "
        f"mic + system audio {seconds / t2:.0f}x real time (2 ch / 1 ch time: {t2 / t1:.2f}); "
        f"load {os.getloadavg()[0]:.1f}"
    )
    first, share, blocks = child_cpu(args.child_seconds)
    print(
        f"capture child: first audio {first:.2f} s after start; {share * 100:.1f} % of one "
        f"core ({blocks} blocks of 50 ms in {args.child_seconds:g} s)"
    )
    ok = drift < FLOOR_DRIFT and seconds / t2 >= FLOOR_REAL_TIME
    print(
        f"FLOORS: drift {drift * 1000:.1f} ms (< {FLOOR_DRIFT * 1000:g} ms), 2 channels "
        f"{seconds / t2:.0f}x real time (>= {FLOOR_REAL_TIME:g}x): {'ok' if ok else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
