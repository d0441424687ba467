"""Writes the known test signal: 48 kHz mono int16, 60 s.

Speech from espeak-ng (when installed) over a slow sweep and seeded noise, so that no stretch of
the signal repeats or is digitally silent; alignment by cross-correlation then has one answer.
Usage: make_signal.py OUT_DIR  ->  OUT_DIR/speech48.raw and OUT_DIR/speech48.wav
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import wave
from pathlib import Path

import numpy as np

RATE = 48_000
SECONDS = 60
TEXT = (
    "LogMeets test signal. One, two, three, four, five, six, seven, eight, nine, ten. "
    "The quick brown fox jumps over the lazy dog while the meeting goes on. "
)


def speech(n: int) -> np.ndarray:
    """espeak-ng speech resampled to 48 kHz, repeated to n samples; zeros if espeak is missing."""
    if not shutil.which("espeak-ng"):
        return np.zeros(n)
    with tempfile.TemporaryDirectory() as tmp:
        wav = Path(tmp) / "s.wav"
        subprocess.run(["espeak-ng", "-s", "160", "-w", str(wav), TEXT * 3], check=True)
        with wave.open(str(wav)) as w:
            rate = w.getframerate()
            x = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float64)
    t = np.arange(int(len(x) * RATE / rate)) * rate / RATE
    y = np.interp(t, np.arange(len(x)), x) / 32768.0
    return np.resize(y, n)


def main() -> None:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    n = RATE * SECONDS
    t = np.arange(n) / RATE
    sweep = 0.15 * np.sin(2 * np.pi * (200 * t + 15 * t * t))  # 200 Hz rising 30 Hz/s
    noise = np.random.default_rng(20261127).normal(0, 0.02, n)
    x = 0.6 * speech(n) + sweep + noise
    pcm = np.clip(np.round(x * 32767), -32768, 32767).astype("<i2")
    (out / "speech48.raw").write_bytes(pcm.tobytes())
    with wave.open(str(out / "speech48.wav"), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(pcm.tobytes())


if __name__ == "__main__":
    main()
