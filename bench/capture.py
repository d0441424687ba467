"""Recorder pipeline floors, printed against baselines measured in the same run.

1. Throughput: 10 min of 48 kHz audio (mono, then stereo) through the real pipeline at full
   speed - callback, queue, writer thread, encrypted fsync'd crash journal, in-memory FLAC
   encode, age sealing, atomic chunk write, SQLite index - against the named baseline
   `soundfile` (its bare FLAC encode of the same PCM in the same chunks, one call each, in
   memory) and the `flac` CLI (stdin to stdout, default level). Floor: >= 300x real time for
   48 kHz stereo on a 2-core machine.
2. A busy laptop: a real-time recording from the virtual microphone (`vmic` of the test
   environment, tests/env/with-testenv.sh) with CPU hogs (busy-loop Python processes at normal
   priority) running beside it. Floor: 0 input overflows and no gap with 2 hogs.

3. A crash: `logmeets record` killed by SIGKILL 6.2 s and 7.3 s into a 30 s chunk, then
   `logmeets recover`, against the same recording stopped by SIGTERM at the same moment.
   Floor: <= 1.0 s of audio lost (tests/recorder/test_recorder_cli.py asserts it too).

    .venv/bin/python bench/capture.py [--minutes 10] [--repeat 3] [--load-seconds 20]

Timings are noisy on a shared machine: each figure is the median of --repeat runs, each
pipeline run paired with a baseline run right after it, so load hits both alike.
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import logging
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
from signal import SIGKILL, SIGTERM
from typing import Any

import numpy as np
import soundfile as sf

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


from app.context import Context  # noqa: E402
from crypto.keys import DeviceKeys  # noqa: E402
from crypto.keystore import MemoryKeyStore  # noqa: E402
from outbox import AuditLog, Outbox  # noqa: E402
from recorder import Recorder, RecorderError, RecordingOptions  # noqa: E402

RATE = 48_000
FLOOR_REAL_TIME = 300.0  # x real time, 48 kHz stereo
HOGS = 2  # CPU-bound processes beside the real-time recording
HOG_CODE = "while True: pass"
FLOOR_SIGKILL_LOSS = 1.0  # seconds of audio
SIGKILL_AT = (6.2, 7.3)  # seconds into the recording: two phases of testmic's 2 s bursts


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
        self.delivered = 0  # frames given to the callback (bench/system_audio.py paces by it)
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
            self.delivered += len(block)
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
    signal: np.ndarray, chunk_seconds: float, block_seconds: float | None = None
) -> tuple[float, float, int, int]:
    """Recording `signal` at full speed: (wall seconds, CPU seconds of the whole process,
    chunks, sealed bytes)."""
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
            if block_seconds is not None:
                options = dataclasses.replace(options, block_seconds=block_seconds)
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
            return elapsed, cpu, len(chunks), sum(c.size for c in chunks)
        finally:
            box.close()


def record_beside_hogs(
    seconds: float, hogs: int, device: str = "vmic", channels: int = 2
) -> tuple[int, int, float]:
    """A real-time recording of `seconds` from `device` with `hogs` busy-loop processes
    running: (input overflows, gaps, seconds kept)."""
    procs = [subprocess.Popen([sys.executable, "-c", HOG_CODE]) for _ in range(hogs)]
    try:
        with tempfile.TemporaryDirectory() as tmp:
            box = open_outbox(Path(tmp))
            try:
                options = RecordingOptions(
                    device=device,
                    channels=channels,
                    chunk_seconds=5,
                    duration=seconds,
                    disk_reserve_mb=0,
                )
                rec = Recorder(box, options)
                info = rec.start()
                assert rec.wait(seconds + 60), "the recording did not end"
                rec.stop()
                assert rec.error is None, rec.error
                gaps = len(box.recording(info.id).gaps)
                return rec.overflows, gaps, rec.frames / RATE
            finally:
                box.close()
    finally:
        for proc in procs:
            proc.kill()
            proc.wait()


def sigkill_loss(at: float, device: str = "testmic") -> float:
    """Seconds of audio a SIGKILL loses: `logmeets record` killed `at` s in, then `logmeets
    recover`, against the same recording stopped by SIGTERM at the same moment (which seals
    everything the device delivered). Needs the test environment's keyring and `testmic`, which
    plays from sample 0 at every open (tests/recorder/test_recorder_cli.py does the same, with
    the audio compared sample by sample)."""
    kept = []
    for how in (SIGTERM, SIGKILL):
        with tempfile.TemporaryDirectory() as home:
            env = {**os.environ, "LOGMEETS_HOME": home}
            cli = [sys.executable, "-m", "app.cli"]
            args = ["record", "--device", device, "--chunk-seconds", "30"]
            proc = subprocess.Popen(
                cli + args, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
            )
            assert proc.stdout is not None
            line = proc.stdout.readline().decode()
            assert line.endswith("\n"), f"no line from record: {proc.communicate()[1]!r}"
            time.sleep(at)
            proc.send_signal(how)
            proc.communicate(timeout=60)
            if how == SIGKILL:
                subprocess.run(
                    [*cli, "recover"],
                    cwd=REPO,
                    env=env,
                    check=True,
                    capture_output=True,
                    timeout=120,
                )
            box = Context.create(Path(home)).open_outbox(exclusive=False)
            try:
                kept.append(sum(c.duration for c in box.chunks(line.split()[-1])))
            finally:
                box.close()
    return kept[0] - kept[1]


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
    parser.add_argument("--load-seconds", type=float, default=20.0)
    parser.add_argument("--device", default="vmic", help="input for the busy-laptop run")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    seconds = args.minutes * 60
    block = args.block_seconds or RecordingOptions().block_seconds
    print(
        f"recorder pipeline, {args.minutes:g} min of 48 kHz PCM_16, "
        f"{args.chunk_seconds:g} s chunks, {block * 1000:g} ms blocks, median of {args.repeat}"
    )
    stereo_real_time = stereo_baseline = 0.0
    for channels in (1, 2):
        signal = speech_signal(seconds, channels)
        pipe, bare, cli = [], [], []
        # Interleaved, so that a change in the machine's load hits all alike.
        for _ in range(args.repeat):
            pipe.append(run_pipeline(signal, args.chunk_seconds, args.block_seconds))
            bare.append(bare_encode(signal, args.chunk_seconds))
            cli.append(flac_cli(signal))
        t_pipe = statistics.median(p[0] for p in pipe)
        t_bare = statistics.median(b[0] for b in bare)
        t_cli = statistics.median(cli)
        cpu_pipe = statistics.median(p[1] for p in pipe)
        cpu_bare = statistics.median(b[1] for b in bare)
        name = "mono  " if channels == 1 else "stereo"
        # Each pipeline run is paired with the baseline run right after it: on a shared
        # machine whose speed drifts, the ratio within a pair is what the drift cancels out of.
        ratios = sorted(p[0] / b[0] for p, b in zip(pipe, bare, strict=True))
        if channels == 2:
            stereo_real_time, stereo_baseline = seconds / t_pipe, seconds / t_bare
        print(
            f"{name}: pipeline {t_pipe:6.3f} s = {seconds / t_pipe:7.0f}x real time | "
            f"baseline soundfile encode {t_bare:6.3f} s = {seconds / t_bare:7.0f}x, pipeline / "
            f"soundfile {statistics.median(ratios):5.2f} (paired runs: "
            f"{' '.join(f'{r:.2f}' for r in ratios)}) | flac CLI {t_cli:6.3f} s, pipeline / "
            f"CLI {t_pipe / t_cli:5.2f} | {pipe[0][2]} chunks, sealed/PCM "
            f"{pipe[0][3] / signal.nbytes:.3f}, bare FLAC/PCM {bare[0][2] / signal.nbytes:.3f}"
        )
        print(
            f"        CPU time (all threads): pipeline {cpu_pipe:.3f} s, soundfile "
            f"{cpu_bare:.3f} s, ratio {cpu_pipe / cpu_bare:.2f}"
        )
    print(
        f"busy laptop: {args.load_seconds:g} s of 48 kHz stereo from {args.device!r} in real "
        f"time, with {HOGS} CPU hogs ({HOGS} x `python -c '{HOG_CODE}'`, normal priority) "
        f"on {os.cpu_count()} cores"
    )
    try:
        overflows, gaps, kept = record_beside_hogs(args.load_seconds, HOGS, args.device)
    except RecorderError as exc:
        print(f"        not measured: {exc} (run inside tests/env/with-testenv.sh)")
        overflows, gaps = -1, -1
    else:
        print(f"        input overflows {overflows}, gaps {gaps}, {kept:.1f} s kept")
    losses = []
    for at in SIGKILL_AT:
        try:
            losses.append(sigkill_loss(at))
        except (OSError, AssertionError, subprocess.SubprocessError) as exc:
            print(f"SIGKILL after {at:g} s: not measured: {exc} (run inside with-testenv.sh)")
            losses.append(float("inf"))
        else:
            print(f"SIGKILL after {at:g} s into a 30 s chunk (testmic): lost {losses[-1]:.3f} s")
    ok_speed = stereo_real_time >= FLOOR_REAL_TIME
    ok_load = overflows == 0 and gaps == 0
    ok_kill = max(losses) <= FLOOR_SIGKILL_LOSS
    print(
        f"FLOORS: stereo {stereo_real_time:.0f}x real time (>= {FLOOR_REAL_TIME:g}x; the "
        f"soundfile baseline ran at {stereo_baseline:.0f}x in this run): "
        f"{'ok' if ok_speed else 'FAILED'}; overflows with {HOGS} CPU hogs {overflows} (== 0, no "
        f"gap): {'ok' if ok_load else 'FAILED'}; SIGKILL loss {max(losses):.3f} s "
        f"(<= {FLOOR_SIGKILL_LOSS:g} s): {'ok' if ok_kill else 'FAILED'}"
    )
    if not (ok_speed and ok_load and ok_kill):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
