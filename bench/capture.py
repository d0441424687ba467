"""Recorder pipeline throughput: 10 min of 48 kHz audio (mono, then stereo) through the real
pipeline at full speed - callback, queue, writer thread, encrypted fsync'd crash journal, in-memory
FLAC encode, age sealing, atomic chunk write, SQLite index - against two baselines measured here
on the same PCM: soundfile's bare FLAC encode (one call, in memory) and the `flac` CLI (stdin to
stdout, default level). Goals (issue 4): >= 300x real time and <= 1.2x the bare encode.

A chunk's journal is written only if the chunk is not sealed within the journal period
(recorder/sealer.py); at full speed most chunks are, so the bench also runs the pipeline with the
journal due at once (journal_seconds=0.001: every chunk journaled whole, as on a machine whose
sealing lags) and prints that ratio beside the headline, with how many chunks were journaled.

    .venv/bin/python bench/capture.py [--minutes 10] [--repeat 3]

Timings are noisy on a shared machine: each figure is the median of --repeat runs.
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import soundfile as sf

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from crypto.keys import DeviceKeys  # noqa: E402
from crypto.keystore import MemoryKeyStore  # noqa: E402
from outbox import AuditLog, Outbox  # noqa: E402
from recorder.session import Recorder, RecordingOptions  # noqa: E402

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
        limit = self._queue.maxsize * 3 // 4
        n = len(self._signal)
        for start in range(0, n, self._blocksize):
            while self._queue.qsize() > limit and not self._halt.is_set():
                # The queue holds 10 s here: a 2 ms nap never starves the writer, and fewer
                # wake-ups take less GIL time from the threads being measured.
                time.sleep(0.002)
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


def run_pipeline(
    signal: np.ndarray,
    chunk_seconds: float,
    block_seconds: float | None = None,
    journal_seconds: float | None = None,
) -> tuple[float, float, int, int, int]:
    """Recording `signal` at full speed: (wall seconds, CPU seconds of the whole process,
    chunks, sealed bytes, chunks whose journal was written)."""
    with tempfile.TemporaryDirectory() as tmp:
        box = open_outbox(Path(tmp))
        journaled: set[int] = set()
        try:
            # Which chunks got a journal: the writer's appends, or the sealer's whole journal.
            open_journal, write_journal = box.open_journal, box.write_journal

            def counted_open(recording_id: str, index: int) -> Any:
                journaled.add(index)
                return open_journal(recording_id, index)

            def counted_write(recording_id: str, index: int, pcm: Any) -> None:
                journaled.add(index)
                write_journal(recording_id, index, pcm)

            box.open_journal, box.write_journal = counted_open, counted_write  # type: ignore[method-assign]
            streams = FullSpeedStreams(signal)
            options = RecordingOptions(
                channels=signal.shape[1],
                chunk_seconds=chunk_seconds,
                duration=len(signal) / RATE,
                disk_reserve_mb=0,
            )
            if block_seconds is not None:
                options = dataclasses.replace(options, block_seconds=block_seconds)
            if journal_seconds is not None:
                options = dataclasses.replace(options, journal_seconds=journal_seconds)
            rec = Recorder(box, options, streams=streams)
            t0, c0 = time.perf_counter(), time.process_time()
            rec.start()
            rec.wait()
            rec.stop()
            elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
            assert rec.error is None, rec.error
            assert rec.frames == len(signal), (rec.frames, len(signal))
            assert rec.overflows == 0
            chunks = box.chunks(rec.recording_id)
            return elapsed, cpu, len(chunks), sum(c.size for c in chunks), len(journaled)
        finally:
            box.close()


def stages(signal: np.ndarray, chunk_seconds: float) -> dict[str, float]:
    """The pipeline's writer stages alone, chunk by chunk, on the same PCM (seconds each)."""
    from recorder.chunker import encode_flac
    from recorder.formats import sample_format, to_journal_bytes

    fmt = sample_format("PCM_16")
    n = round(chunk_seconds * RATE)
    chunks = [signal[i : i + n] for i in range(0, len(signal), n)]
    times = {"FLAC encode per chunk": 0.0, "journal": 0.0, "outbox.seal_chunk": 0.0}
    with tempfile.TemporaryDirectory() as tmp:
        box = open_outbox(Path(tmp))
        try:
            rec = box.begin_recording(
                title="",
                sample_rate=RATE,
                channels=signal.shape[1],
                subtype="PCM_16",
                started_at=time.time(),
            )
            for i, chunk in enumerate(chunks):
                t0 = time.perf_counter()
                flac = encode_flac(chunk, RATE, "PCM_16")
                t1 = time.perf_counter()
                journal = box.open_journal(rec.id, i)
                journal.append(to_journal_bytes(chunk, fmt))
                journal.close()
                t2 = time.perf_counter()
                box.seal_chunk(rec.id, i, flac, started_at=0.0, duration=len(chunk) / RATE)
                t3 = time.perf_counter()
                times["FLAC encode per chunk"] += t1 - t0
                times["journal"] += t2 - t1
                times["outbox.seal_chunk"] += t3 - t2
        finally:
            box.close()
    return times


def bare_encode(signal: np.ndarray, chunk_seconds: float) -> tuple[float, float, int]:
    """soundfile's plain in-memory encode (BytesIO) of the same PCM in the same chunks, one
    thread, nothing else running: the cost the pipeline is compared with. (wall s, CPU s,
    FLAC bytes)"""
    n = round(chunk_seconds * RATE)
    size = 0
    t0, c0 = time.perf_counter(), time.process_time()
    for start in range(0, len(signal), n):
        buf = io.BytesIO()
        sf.write(buf, signal[start : start + n], RATE, format="FLAC", subtype="PCM_16")
        size += len(buf.getvalue())
    return time.perf_counter() - t0, time.process_time() - c0, size


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
    parser.add_argument(
        "--block-seconds",
        type=float,
        default=None,
        help="callback block (default: the recorder's, RecordingOptions.block_seconds)",
    )
    args = parser.parse_args()
    seconds = args.minutes * 60
    block = args.block_seconds or RecordingOptions().block_seconds
    print(
        f"recorder pipeline, {args.minutes:g} min of 48 kHz PCM_16, "
        f"{args.chunk_seconds:g} s chunks, {block * 1000:g} ms blocks, median of {args.repeat}"
    )
    for channels in (1, 2):
        signal = speech_signal(seconds, channels)
        pipe, bare, cli, eager, eager_bare = [], [], [], [], []
        # Interleaved, so that a change in the machine's load hits all alike.
        for _ in range(args.repeat):
            pipe.append(run_pipeline(signal, args.chunk_seconds, args.block_seconds))
            bare.append(bare_encode(signal, args.chunk_seconds))
            cli.append(flac_cli(signal))
            eager.append(run_pipeline(signal, args.chunk_seconds, args.block_seconds, 0.001))
            eager_bare.append(bare_encode(signal, args.chunk_seconds))
        t_pipe = statistics.median(p[0] for p in pipe)
        t_bare = statistics.median(b[0] for b in bare)
        t_cli = statistics.median(cli)
        cpu_pipe = statistics.median(p[1] for p in pipe)
        cpu_bare = statistics.median(b[1] for b in bare)
        name = "mono  " if channels == 1 else "stereo"
        # Each pipeline run is paired with the bare encode run right after it: on a shared
        # machine whose speed drifts, the ratio within a pair is what the drift cancels out of.
        ratios = sorted(p[0] / b[0] for p, b in zip(pipe, bare, strict=True))
        paired = statistics.median(ratios)
        print(
            f"{name}: pipeline {t_pipe:6.3f} s = {seconds / t_pipe:7.0f}x real time "
            f"(goal >= 300x) | ratio to the bare soundfile encode ({t_bare:6.3f} s): "
            f"{paired:5.2f} (goal <= 1.2; median of the paired runs, ratio of the medians "
            f"{t_pipe / t_bare:.2f}) | flac CLI {t_cli:6.3f} s, ratio {t_pipe / t_cli:5.2f} | "
            f"{pipe[0][2]} chunks, sealed/PCM {pipe[0][3] / signal.nbytes:.3f}, "
            f"bare FLAC/PCM {bare[0][2] / signal.nbytes:.3f}"
        )
        print("        paired runs, pipeline / bare: " + " ".join(f"{r:.2f}" for r in ratios))
        eager_ratios = sorted(p[0] / b[0] for p, b in zip(eager, eager_bare, strict=True))
        print(
            f"        chunks journaled: {statistics.median(p[4] for p in pipe):g} of {pipe[0][2]}; "
            f"with the journal due at once ({statistics.median(p[4] for p in eager):g} of "
            f"{eager[0][2]} journaled): ratio {statistics.median(eager_ratios):.2f} "
            f"(paired runs: {' '.join(f'{r:.2f}' for r in eager_ratios)})"
        )
        print(
            f"        CPU time (all threads): pipeline {cpu_pipe:.3f} s, bare encode "
            f"{cpu_bare:.3f} s, ratio {cpu_pipe / cpu_bare:.2f}; on {os.cpu_count()} cores the "
            f"wall time cannot go below max(encode, CPU / cores) = "
            f"{max(t_bare, cpu_pipe / (os.cpu_count() or 1)) / t_bare:.2f}x bare"
        )
        parts = stages(signal, args.chunk_seconds)
        print(
            "        stages alone, one thread: "
            + ", ".join(f"{k} {v:.3f} s ({v / t_bare:.2f}x bare)" for k, v in parts.items())
        )


if __name__ == "__main__":
    main()
