"""Recorder pipeline throughput: 10 min of 48 kHz audio (mono, then stereo) through the real
pipeline at full speed - callback, queue, writer thread, encrypted fsync'd journal, in-memory
FLAC encode, age sealing, atomic chunk write, SQLite index - against two baselines measured here
on the same PCM: soundfile's bare FLAC encode (one call, in memory) and the `flac` CLI (stdin to
stdout, default level). Goals (issue 4): >= 300x real time and <= 1.2x the bare encode.

    .venv/bin/python bench/capture.py [--minutes 10] [--repeat 3]

Timings are noisy on a shared machine: each figure is the median of --repeat runs.
"""

from __future__ import annotations

import argparse
import io
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np
import soundfile as sf
from pipeline import RATE, FullSpeedStreams, open_outbox, speech_signal

from recorder.session import Recorder, RecordingOptions


def run_pipeline(
    signal: np.ndarray, chunk_seconds: float, block_seconds: float = 0.02
) -> tuple[float, int, int]:
    """Seconds to record `signal` at full speed; (time, chunks, sealed bytes)."""
    with tempfile.TemporaryDirectory() as tmp:
        box = open_outbox(Path(tmp))
        try:
            streams = FullSpeedStreams(signal)
            options = RecordingOptions(
                channels=signal.shape[1],
                chunk_seconds=chunk_seconds,
                duration=len(signal) / RATE,
                disk_reserve_mb=0,
            )
            rec = Recorder(box, options, streams=streams)
            t0 = time.perf_counter()
            rec.start()
            rec.wait()
            rec.stop()
            elapsed = time.perf_counter() - t0
            assert rec.error is None, rec.error
            assert rec.frames == len(signal), (rec.frames, len(signal))
            assert rec.overflows == 0
            chunks = box.chunks(rec.recording_id)
            return elapsed, len(chunks), sum(c.size for c in chunks)
        finally:
            box.close()


def bare_encode(signal: np.ndarray) -> tuple[float, int]:
    t0 = time.perf_counter()
    buf = io.BytesIO()
    sf.write(buf, signal, RATE, format="FLAC", subtype="PCM_16")
    return time.perf_counter() - t0, len(buf.getvalue())


def flac_cli(signal: np.ndarray) -> float:
    flac = shutil.which("flac")
    if flac is None:
        raise SystemExit("the `flac` CLI is missing (apt-get install flac)")
    raw = signal.astype("<i2").tobytes()
    cmd = [
        flac,
        "-s",
        "--force-raw-format",
        "--endian=little",
        "--sign=signed",
        f"--channels={signal.shape[1]}",
        "--bps=16",
        f"--sample-rate={RATE}",
        "-c",
        "-",
    ]
    t0 = time.perf_counter()
    # Through pipes: the PCM never touches the disk.
    subprocess.run(cmd, input=raw, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--chunk-seconds", type=float, default=30.0)
    parser.add_argument("--block-seconds", type=float, default=0.02, help="callback block")
    args = parser.parse_args()
    seconds = args.minutes * 60
    print(
        f"recorder pipeline, {args.minutes:g} min of 48 kHz PCM_16, "
        f"{args.chunk_seconds:g} s chunks, median of {args.repeat}"
    )
    for channels in (1, 2):
        signal = speech_signal(seconds, channels)
        pipe = [
            run_pipeline(signal, args.chunk_seconds, args.block_seconds) for _ in range(args.repeat)
        ]
        bare = [bare_encode(signal) for _ in range(args.repeat)]
        cli = [flac_cli(signal) for _ in range(args.repeat)]
        t_pipe = statistics.median(p[0] for p in pipe)
        t_bare = statistics.median(b[0] for b in bare)
        t_cli = statistics.median(cli)
        name = "mono  " if channels == 1 else "stereo"
        print(
            f"{name}: pipeline {t_pipe:6.3f} s = {seconds / t_pipe:7.0f}x real time "
            f"(goal >= 300x) | bare soundfile encode {t_bare:6.3f} s, ratio "
            f"{t_pipe / t_bare:5.2f} (goal <= 1.2) | flac CLI {t_cli:6.3f} s, ratio "
            f"{t_pipe / t_cli:5.2f} | {pipe[0][1]} chunks, sealed/PCM "
            f"{pipe[0][2] / signal.nbytes:.3f}, bare FLAC/PCM {bare[0][1] / signal.nbytes:.3f}"
        )


if __name__ == "__main__":
    main()
