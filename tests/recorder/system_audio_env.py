"""A second null sink in the test environment's PulseAudio as the computer's "speakers": it plays
a second known signal (the test signal reversed), so that a loopback capture of it is channel 2.

PulseAudio 16 moves every playback stream to a new default sink, the microphone's loop too: it
is moved back. The old default comes back and the module is unloaded at the end (the daemon is
shared by the whole run)."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np

RATE = 48_000
LOOP_SINK = "vsink"  # the microphone's loop (tests/env/with-testenv.sh)


def pactl(*args: str) -> str:
    return subprocess.run(["pactl", *args], capture_output=True, text=True, check=True).stdout


class Speakers:
    """The sink `name` with `signal` (int16 mono) looped into it."""

    def __init__(self, name: str, signal: np.ndarray, *, default: bool = True) -> None:
        self.name = name
        self.signal = signal
        self.default = default
        self.module: str | None = None
        self.player: subprocess.Popen[bytes] | None = None

    def load(self) -> None:
        self.module = pactl(
            "load-module", "module-null-sink", f"sink_name={self.name}", "rate=48000", "channels=1"
        ).strip()
        if self.default:
            pactl("set-default-sink", self.name)
            for line in pactl("list", "short", "sink-inputs").splitlines():
                index, sink = line.split()[:2]
                if self.player is None and sink != LOOP_SINK:
                    pactl("move-sink-input", index, LOOP_SINK)
        self.play()

    def play(self) -> None:
        loop = (
            "import sys\nd = open(sys.argv[1], 'rb').read()\n"
            "try:\n    while True: sys.stdout.buffer.write(d)\n"
            "except (BrokenPipeError, KeyboardInterrupt): pass\n"
        )
        path = f"/tmp/logmeets-speakers-{self.name}.raw"
        self.signal.astype("<i2").tofile(path)
        self.player = subprocess.Popen(
            f'python3 -c "{loop}" {path} | pacat --playback -d {self.name} --format=s16le '
            # A deep buffer: other tests' load on the shared cores can starve the feeder, and
            # an underrun would play silence into the "speakers" that channel 2 must match.
            "--rate=48000 --channels=1 --raw --latency-msec=500",
            shell=True,  # a fixed pipeline of the test environment
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    def stop_playing(self) -> None:
        if self.player is not None:
            subprocess.run(["pkill", "-g", str(self.player.pid)], check=False)
            self.player.wait(10)
            self.player = None

    def unload(self) -> None:
        self.stop_playing()
        if self.module is not None:
            pactl("unload-module", self.module)
            self.module = None


@contextmanager
def speakers(name: str, signal: np.ndarray, *, default: bool = True) -> Iterator[Speakers]:
    """`Speakers` loaded and playing (after the ~2.5 s a new null sink renders ahead)."""
    spk = Speakers(name, signal, default=default)
    old_default = pactl("get-default-sink").strip()
    spk.load()
    time.sleep(2.5)
    try:
        yield spk
    finally:
        spk.unload()
        pactl("set-default-sink", old_default)


MAX_SEARCHES = 20  # whole-source searches per `matching_pieces` call


def ncc(piece: np.ndarray, source: np.ndarray) -> tuple[float, int]:
    """The highest normalised cross-correlation of `piece` in `source`, and where (FFT)."""
    a = piece.astype(np.float64) - piece.mean()
    b = source.astype(np.float64)
    n = 1
    while n < len(a) + len(b):
        n *= 2
    corr = np.fft.irfft(np.fft.rfft(b, n) * np.conj(np.fft.rfft(a, n)), n)[: len(b) - len(a) + 1]
    c2 = np.concatenate([[0.0], np.cumsum(b * b)])
    c1 = np.concatenate([[0.0], np.cumsum(b)])
    m = len(a)
    energy = np.maximum((c2[m:] - c2[:-m]) - (c1[m:] - c1[:-m]) ** 2 / m, 1e-9)
    score = corr / np.sqrt(energy * max(float(a @ a), 1e-9))
    best = int(np.argmax(score))
    return float(score[best]), best


MATCH_SHARE = 0.85  # of `matching_pieces`, that channel 2 must reach


def matching_pieces(
    recorded: np.ndarray, source: np.ndarray, piece: int = RATE // 20, skip: int = RATE // 2
) -> float:
    """The share of `piece`-long stretches of `recorded` (from `skip` after its first sound)
    that correlate > 0.9 with `source`. Pieces are short (50 ms) because the aligner follows the
    two clocks by reading up to 0.2 % more or fewer frames for seconds at a time (under load, or
    after the clocks' first estimates settle): a 0.25 s piece drifts 24 frames against the
    source then and no longer correlates, a 50 ms piece drifts 5. Each piece is looked for
    within 0.1 s of the last; a miss (the aligner jumped after a restart) is looked for
    everywhere, at most `MAX_SEARCHES` times (a channel that is all wrong fails fast)."""
    loop = np.concatenate([source, source])
    skip += int(np.argmax(recorded != 0))  # channel 2 starts when the capture child is up
    _, where = ncc(recorded[skip : skip + RATE], loop)
    total = good = searches = 0
    slack = RATE // 10
    for at in range(skip, len(recorded) - piece + 1, piece):
        total += 1
        part = recorded[at : at + piece]
        lo = max(0, where - slack)
        score, found = ncc(part, loop[lo : where + piece + slack])
        if score <= 0.9 and part.any() and searches < MAX_SEARCHES:
            searches += 1
            lo = 0
            score, found = ncc(part, loop)
        if score > 0.9:
            good += 1
            where = lo + found + piece
        else:
            where += piece
        where %= len(source)
    return good / max(1, total)
