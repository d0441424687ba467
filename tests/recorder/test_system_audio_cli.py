"""`logmeets record --system-audio` as a user runs it: an unknown source is refused with exit
status 8 before anything starts, and a SIGKILL with both channels running loses at most a
second of either after recovery."""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from recorder_helpers import recording_audio
from system_audio_env import MATCH_SHARE, RATE, matching_pieces, speakers
from test_recorder_cli import REPO, logmeets, start_recording

from app.context import Context

pytestmark = [pytest.mark.realaudio, pytest.mark.realkeyring, pytest.mark.slow]


@pytest.fixture()
def ctx(data_dir: Path) -> Iterator[Context]:
    yield Context.create(data_dir)


def test_unknown_source_exits_8_with_what_to_do(virtual_mic: str, ctx: Context) -> None:
    result = subprocess.run(
        logmeets("record", "--device", virtual_mic, "--system-audio", "no-such-output"),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 8, result.stderr
    assert "no system-audio source 'no-such-output'" in result.stderr.lower()
    assert "logmeets devices" in result.stderr
    assert "Traceback" not in result.stderr


def test_devices_json_lists_system_sources(virtual_mic: str, ctx: Context) -> None:
    import json

    with speakers("spk3", np.zeros(RATE, np.int16)):
        out = subprocess.run(
            logmeets("devices", "--json"), cwd=REPO, capture_output=True, text=True, timeout=60
        ).stdout
    listed = json.loads(out)
    kinds = {d["name"]: d["kind"] for d in listed}
    assert kinds[virtual_mic] == "input"
    assert kinds["spk3.monitor"] == "system"
    assert [d["name"] for d in listed if d["kind"] == "system" and d["is_default"]] == [
        "spk3.monitor"
    ]


def stopped_after(seconds: float, how: signal.Signals) -> str:
    proc, rid, _ = start_recording("--device", "testmic", "--system-audio", "--chunk-seconds", "30")
    time.sleep(seconds)
    proc.send_signal(how)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == (0 if how == signal.SIGTERM else -how), err
    return rid


def audio_of(ctx: Context, rid: str) -> tuple[np.ndarray, list[bool]]:
    box = ctx.open_outbox(exclusive=False)
    try:
        assert box.recording(rid).channels == 2
        flags = [c.recovered for c in box.chunks(rid)]
        return recording_audio(box, ctx.device_keys(), rid), flags
    finally:
        box.close()


def test_sigkill_with_both_channels_loses_at_most_one_second(
    virtual_mic: str, test_signal: np.ndarray, ctx: Context
) -> None:
    other = test_signal[::-1].copy()
    with speakers("spk4", other):
        control, flags = audio_of(ctx, stopped_after(7.3, signal.SIGTERM))
        assert flags == [False]
        rid = stopped_after(7.3, signal.SIGKILL)
    result = subprocess.run(
        logmeets("recover"), cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    audio, flags = audio_of(ctx, rid)
    assert flags == [True]
    # Channel 1 sample for sample; channel 2 the speakers' signal.
    assert np.array_equal(audio[:, 0], test_signal[: len(audio)])
    share = matching_pieces(audio[:, 1], other)
    missing = (len(control) - len(audio)) / RATE
    print(
        f"\nSIGKILL with system audio after 7.3 s: recovered {len(audio) / RATE:.3f} s x 2 "
        f"channels ({share:.0%} of channel 2's 50 ms pieces match the speakers' signal); "
        f"a SIGTERM kept {len(control) / RATE:.3f} s; missing {missing:.3f} s"
    )
    assert share >= MATCH_SHARE
    assert missing <= 1.0
