"""`logmeets record` and `logmeets recover` as a user runs them: a real process recording the
virtual microphone through PortAudio, keys in the real Secret Service, chunks in the outbox."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from recorder_helpers import find_offset, recording_audio

from app.context import Context

pytestmark = [pytest.mark.realaudio, pytest.mark.realkeyring, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
RATE = 48_000


def logmeets(*args: str) -> list[str]:
    return [sys.executable, "-m", "app.cli", *args]


def start_recording(*args: str) -> tuple[subprocess.Popen[str], str, float]:
    """Starts `logmeets record`, waits for its line; returns the process, recording id and the
    monotonic time the line arrived."""
    proc = subprocess.Popen(
        logmeets("record", *args),
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    seen = time.monotonic()
    assert line.endswith("\n"), (
        f"no line from record: {line!r} {proc.stderr and proc.stderr.read()}"
    )
    return proc, line.split()[-1], seen


@pytest.fixture()
def ctx(data_dir: Path) -> Iterator[Context]:
    yield Context.create(data_dir)


def test_twelve_seconds_in_five_second_chunks_is_sample_exact(
    virtual_mic: str, test_signal: np.ndarray, ctx: Context
) -> None:
    proc, rid, _ = start_recording(
        "--device", virtual_mic, "--duration", "12", "--chunk-seconds", "5", "--title", "CI take"
    )
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert out == "", "record prints exactly one line to stdout"
    assert "input overflows: 0" in err
    box = ctx.open_outbox(exclusive=False)
    try:
        chunks = sorted(box.chunks(rid), key=lambda c: c.index)
        assert [c.duration for c in chunks] == [5.0, 5.0, 2.0]
        assert not any(c.recovered for c in chunks)
        rec = box.recording(rid)
        assert rec.title == "CI take" and rec.state == "stopped"
        audio = recording_audio(box, ctx.device_keys(), rid)[:, 0]
    finally:
        box.close()
    assert len(audio) == 12 * RATE  # exactly 12 s, frames counted
    offset = find_offset(audio, test_signal)
    print(f"\n12 s recording: offset {offset} samples, {len(chunks)} chunks")
    assert np.array_equal(audio, test_signal[offset : offset + len(audio)])


def stopped_after(seconds: float, how: signal.Signals, mic: str) -> str:
    proc, rid, _ = start_recording("--device", mic, "--chunk-seconds", "30")
    time.sleep(seconds)
    proc.send_signal(how)
    _, err = proc.communicate(timeout=60)
    if how == signal.SIGTERM:
        assert proc.returncode == 0, err
    else:
        assert proc.returncode == -how
    return rid


def recorded(ctx: Context, rid: str) -> tuple[np.ndarray, list[bool]]:
    box = ctx.open_outbox(exclusive=False)
    try:
        assert box.recording(rid).state == "stopped"
        recovered = [c.recovered for c in box.chunks(rid)]
        return recording_audio(box, ctx.device_keys(), rid)[:, 0], recovered
    finally:
        box.close()


def window_of(audio: np.ndarray, signal: np.ndarray, mic: str) -> None:
    """`audio` is a stretch of what `mic` played: from sample 0 (testmic), or any window of
    the loop (vmic)."""
    source = signal if mic == "testmic" else np.concatenate([signal, signal])
    offset = find_offset(audio, source)
    if mic == "testmic":
        assert offset == 0  # testmic plays from sample 0 at every open
    bad = np.flatnonzero(audio != source[offset : offset + len(audio)])
    assert not len(bad), (
        f"{len(bad)} samples differ, the first at {bad[0]} of {len(audio)}; the rest "
        f"realigns {find_offset(audio[bad[0] :], source) - offset - bad[0]} samples later"
    )


@pytest.mark.parametrize(
    ("mic", "at"),
    # testmic delivers in 2 s bursts: two phases of them. (Not vmic: PulseAudio repeats a few
    # ms of the null sink's monitor now and then when a stream reopens it, so its captures are
    # not always bit-exact windows of the loop.)
    [("testmic", 6.2), ("testmic", 7.3)],
)
def test_sigkill_mid_chunk_loses_at_most_one_second(
    mic: str, at: float, virtual_mic: str, test_signal: np.ndarray, ctx: Context
) -> None:
    # The reference: the same recording stopped by SIGTERM after the same time, which seals
    # everything the microphone delivered by then (the device's start-up buffering included).
    rid = stopped_after(at, signal.SIGTERM, mic)
    control, flags = recorded(ctx, rid)
    assert flags == [False]
    window_of(control, test_signal, mic)

    rid = stopped_after(at, signal.SIGKILL, mic)
    result = subprocess.run(
        logmeets("recover"), cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "Recovered 1 chunk(s)" in result.stdout
    audio, flags = recorded(ctx, rid)  # finished by recovery
    assert flags == [True]
    window_of(audio, test_signal, mic)
    missing = (len(control) - len(audio)) / RATE
    print(
        f"\n{mic}: SIGKILL after {at} s: recovered {len(audio) / RATE:.3f} s; a SIGTERM at the "
        f"same moment kept {len(control) / RATE:.3f} s; missing at the end {missing:.3f} s"
    )
    assert missing <= 1.0


def test_ctrl_c_seals_and_exits_0(virtual_mic: str, test_signal: np.ndarray, ctx: Context) -> None:
    proc, rid, _ = start_recording("--device", virtual_mic, "--chunk-seconds", "5")
    time.sleep(1.5)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert out == "" and "(user)" in err and "Traceback" not in err
    audio, flags = recorded(ctx, rid)
    assert flags == [False] and len(audio) >= RATE
    assert np.array_equal(audio, test_signal[: len(audio)])


def test_record_json_is_one_event_per_line(virtual_mic: str, ctx: Context) -> None:
    proc = subprocess.run(
        logmeets(
            "record", "--json", "--device", virtual_mic, "--duration", "6", "--chunk-seconds", "5"
        ),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    events = [json.loads(line) for line in proc.stdout.splitlines()]  # every line is JSON
    (started,) = [e for e in events if e["event"] == "recording"]  # capture has begun
    assert started["device"]
    rid, last = started["recording_id"], events[-1]
    sealed = [e for e in events if e["event"] == "chunk_sealed"]
    assert [(e["recording_id"], e["index"], e["duration"]) for e in sealed] == [
        (rid, 0, 5.0),
        (rid, 1, 1.0),
    ]
    assert last == last | {"event": "saved", "recording_id": rid, "seconds": 6.0, "chunks": 2}
    assert not any(e["event"] == "level_changed" for e in events)
    missing = subprocess.run(
        logmeets("record", "--json", "--device", "no such microphone", "--duration", "1"),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert missing.returncode == 8, missing.stderr  # no microphone (app/exit_codes.py)
    (error,) = [json.loads(line) for line in missing.stdout.splitlines()]
    assert error == error | {"event": "error", "code": "device_not_found", "exit": 8}
