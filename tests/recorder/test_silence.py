"""The silence warning: the rule (`SilenceWatch`) on its own, then a real recording from a
virtual microphone that plays digital silence and then a tone: `SilenceDetected` while it is
silent, `SilenceEnded` when the tone arrives, and the stretch in the recording and its manifest."""

from __future__ import annotations

import json
import math
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from outbox import Outbox, Silence
from recorder import Recorder, RecordingOptions, SilenceDetected, SilenceEnded
from recorder.silence import SILENCE_DBFS, SilenceWatch

RATE = 48_000


def test_the_watch_warns_after_its_seconds_and_reports_the_stretch() -> None:
    watch = SilenceWatch(10.0)
    assert watch.update(-20.0, 0.0) is None  # speech
    quiet = [watch.update(-math.inf, t / 10) for t in range(1, 100)]  # 0.1 .. 9.9 s: too short
    assert quiet == [None] * 99 and not watch.warned
    assert watch.update(-75.0, 10.1) is True  # a noise floor counts as silence too
    assert watch.warned
    assert watch.update(-70.0, 12.0) is None  # warned once, not again
    assert watch.update(-12.0, 14.25) == Silence(0.1, 14.25)  # sound is back
    assert not watch.warned and watch.update(-12.0, 15.0) is None


def test_a_short_pause_in_speech_or_a_threshold_peak_is_not_silence() -> None:
    watch = SilenceWatch(2.0)
    for t in range(15):
        watch.update(-61.0, t * 0.1)
    assert watch.update(SILENCE_DBFS, 1.5) is None  # exactly -60 dBFS is a signal
    assert watch.update(-61.0, 1.6) is None and watch.update(-61.0, 3.5) is None  # restarted
    assert watch.update(-61.0, 3.6) is True
    assert watch.close(4.0) == Silence(1.6, 4.0)  # a pause or the end closes it
    never = SilenceWatch(0)
    assert all(never.update(-math.inf, t) is None for t in range(100))
    assert never.close(100.0) is None


@pytest.mark.realaudio
@pytest.mark.slow
def test_a_silent_microphone_is_warned_about_and_the_stretch_noted(
    quiet_mic: str, outbox: Outbox, bus: Any, events: list[object]
) -> None:
    options = RecordingOptions(
        device="pulse", sample_rate=RATE, chunk_seconds=5, silence_warning_seconds=2
    )
    recorder = Recorder(outbox, options, events=bus)
    recorder.start()
    player = None
    try:
        assert recorder.wait_capturing(15)
        # Digital silence played on purpose (2.5 s), then a 440 Hz tone at -12 dBFS (3 s).
        tone = np.sin(2 * np.pi * 440 * np.arange(3 * RATE) / RATE) * 0.25 * 32767
        signal = np.concatenate([np.zeros(int(2.5 * RATE)), tone]).astype("<i2").tobytes()
        player = subprocess.Popen(
            ["pacat", "--playback", "-d", quiet_mic, "--format=s16le", "--rate=48000",
             "--channels=1", "--raw"], stdin=subprocess.PIPE,
        )  # fmt: skip
        assert player.stdin is not None
        player.stdin.write(signal)
        player.stdin.close()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not any(isinstance(e, SilenceEnded) for e in events):
            time.sleep(0.05)
    finally:
        recorder.stop()
        if player is not None:
            player.wait(10)
    detected = [e for e in events if isinstance(e, SilenceDetected)]
    ended = [e for e in events if isinstance(e, SilenceEnded)]
    assert [(e.recording_id, e.device, e.seconds) for e in detected] == [
        (recorder.recording_id, "pulse", 2.0)
    ]
    [stretch] = ended
    assert events.index(detected[0]) < events.index(stretch)
    # The silence began with the recording and ended when the tone arrived (the player's start
    # plus its 2.5 s of zeros, give or take PulseAudio's buffering).
    assert stretch.start < 0.5 and 2.0 <= stretch.end - stretch.start <= 8.0
    rec = outbox.recording(recorder.recording_id)
    assert rec.silences == (Silence(stretch.start, stretch.end),)
    assert outbox.manifest(rec.id)["silences"] == [[stretch.start, stretch.end]]


@pytest.mark.realaudio
@pytest.mark.realkeyring
@pytest.mark.slow
def test_logmeets_record_says_what_to_check_and_json_has_the_events(
    quiet_mic: str, data_dir: Any, real_keyring: object
) -> None:
    (data_dir / "config.toml").write_text("silence_warning_seconds = 2\n", encoding="utf-8")
    repo = Path(__file__).resolve().parents[2]

    def record(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "app.cli", "record", "--device", "pulse", "--duration", "4",
             "--chunk-seconds", "5", *args],
            cwd=repo, capture_output=True, text=True, timeout=120,
        )  # fmt: skip

    plain = record()
    assert plain.returncode == 0, plain.stderr
    assert "Warning: the microphone pulse has picked up nothing for 2 s" in plain.stderr
    assert "muted" in plain.stderr and "--device" in plain.stderr
    lines = [json.loads(x) for x in record("--json").stdout.splitlines()]
    kinds = [x["event"] for x in lines]
    assert "silence_detected" in kinds and "silence_ended" in kinds  # ended by the stop
    ended = next(x for x in lines if x["event"] == "silence_ended")
    assert ended["end"] - ended["start"] >= 2.0
