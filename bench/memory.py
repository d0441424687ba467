"""Recorder memory over a long recording: 3 hours of 48 kHz mono fed through the real pipeline
(callback, queue, writer, journal, FLAC, sealing, outbox) at full speed, sampling the process's
resident set size. Goal (issue 4): RSS growth under 20 MiB after the first chunks.

    .venv/bin/python bench/memory.py [--hours 3] [--channels 1]
"""

from __future__ import annotations

import argparse
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
from capture import RATE, FullSpeedStreams, open_outbox, speech_signal

from recorder import Recorder, RecordingOptions

MIB = 1024 * 1024


def rss_bytes() -> int:
    """Resident set size now (Linux /proc; elsewhere the peak from getrusage)."""
    try:
        with open("/proc/self/statm") as f:
            import os

            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


class LoopingSignal:
    """`base` repeated to `frames` frames without materialising them all (3 h would be 1 GB)."""

    def __init__(self, base: np.ndarray, frames: int) -> None:
        self.base = base
        self.frames = frames
        self.shape = (frames, base.shape[1])

    def __len__(self) -> int:
        return self.frames

    def __getitem__(self, s: slice) -> np.ndarray:
        start, stop = s.start, min(s.stop, self.frames)
        idx = np.arange(start, stop) % len(self.base)
        return self.base[idx]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hours", type=float, default=3.0)
    parser.add_argument("--channels", type=int, default=1)
    parser.add_argument("--chunk-seconds", type=float, default=30.0)
    args = parser.parse_args()
    seconds = args.hours * 3600
    base = speech_signal(600, args.channels)  # 10 min, looped
    signal = LoopingSignal(base, round(seconds * RATE))
    samples: list[tuple[float, int]] = []
    with tempfile.TemporaryDirectory() as tmp:
        box = open_outbox(Path(tmp))
        try:
            streams = FullSpeedStreams(signal)  # type: ignore[arg-type]
            options = RecordingOptions(
                channels=args.channels,
                chunk_seconds=args.chunk_seconds,
                duration=seconds,
                disk_reserve_mb=0,
            )
            rec = Recorder(box, options, streams=streams)
            stop = threading.Event()

            def sample() -> None:
                while not stop.wait(0.25):
                    samples.append((rec.frames / RATE, rss_bytes()))

            sampler = threading.Thread(target=sample, daemon=True)
            t0 = time.perf_counter()
            rec.start()
            sampler.start()
            rec.wait()
            rec.stop()
            stop.set()
            sampler.join()
            elapsed = time.perf_counter() - t0
            assert rec.error is None, rec.error
            assert rec.frames == len(signal)
            chunks = len(box.chunks(rec.recording_id))
        finally:
            box.close()
    # Baseline: once the pipeline is full. At full speed the writer fills a chunk while one
    # waits in the sealer's queue and one is sealed (recorder/sealer.py): 3 chunks of PCM at
    # most, reached within the first chunks; 10 chunks (5 min of 3 h) leave a wide margin.
    warm = [(at, rss) for at, rss in samples if at >= 10 * args.chunk_seconds]
    base_rss, peak, end = warm[0][1], max(r for _, r in warm), warm[-1][1]
    quarters = [warm[min(len(warm) - 1, len(warm) * q // 4)] for q in (1, 2, 3)]
    print(
        f"{args.hours:g} h of 48 kHz x{args.channels} in {elapsed:.1f} s "
        f"({seconds / elapsed:.0f}x real time), {chunks} chunks"
    )
    print("RSS at " + ", ".join(f"{at / 3600:.2f} h {rss / MIB:.1f} MiB" for at, rss in quarters))
    print(
        f"RSS after 10 chunks {base_rss / MIB:.1f} MiB, at the end {end / MIB:.1f} MiB, "
        f"peak {peak / MIB:.1f} MiB: growth {(end - base_rss) / MIB:+.1f} MiB "
        f"(peak {(peak - base_rss) / MIB:+.1f} MiB; goal < 20 MiB)"
    )


if __name__ == "__main__":
    main()
