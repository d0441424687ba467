"""System audio as channel 2, on real parts: the test environment's PulseAudio plays a second
signal into a second null sink (the "speakers", tests/recorder/system_audio_env.py) while the
virtual microphone plays the known signal; `soundcard` captures the sink's monitor in the child
process and the recorder joins it with the microphone."""

from __future__ import annotations

import time

import numpy as np
import pytest
from recorder_helpers import recording_audio
from system_audio_env import MATCH_SHARE, RATE, matching_pieces, ncc, speakers

from crypto.keys import DeviceKeys
from outbox import SYSTEM_AUDIO_GAP, EventBus, Gap, Outbox
from recorder import Recorder, RecordingOptions, SystemAudioLost, SystemAudioRecovered

pytestmark = [pytest.mark.realaudio, pytest.mark.slow]


def record(box: Outbox, bus: EventBus, source: str, seconds: float, during=None) -> str:
    opts = RecordingOptions(
        device="testmic", system_audio=source, chunk_seconds=5, duration=seconds
    )
    rec = Recorder(box, opts, events=bus)
    rid = rec.start().id
    assert rec.wait_capturing(20)
    if during is not None:
        during(rec)
    assert rec.wait(seconds + 30)
    assert rec.error is None, rec.error
    return rid


def start_gap(box: Outbox, rid: str) -> list[Gap]:
    """The recording's channel-2 gaps after the one of the child's start, which it checks."""
    gaps = [g for g in box.recording(rid).gaps if g.reason == SYSTEM_AUDIO_GAP]
    assert gaps, "channel 2 is silent until the child's first audio: a gap from 0"
    first = gaps[0]
    print(f"\nsystem audio from {first.end:.2f} s")
    # On the recording's timeline: the virtual microphone hands over its first 2 s at once.
    assert first.start == 0.0 and 0.0 < first.end <= 3.0, first
    return gaps[1:]


def test_channel_1_is_the_microphone_and_channel_2_the_speakers(
    outbox: Outbox,
    keys: DeviceKeys,
    bus: EventBus,
    events: list[object],
    test_signal: np.ndarray,
) -> None:
    other = test_signal[::-1].copy()
    with speakers("spk", other):
        rid = record(outbox, bus, "default", 11.0)
    audio = recording_audio(outbox, keys, rid)
    assert audio.shape == (11 * RATE, 2)
    assert outbox.recording(rid).channels == 2
    assert start_gap(outbox, rid) == []
    # Nothing was lost, so nothing is told (no "recorded again" at the start).
    assert not [e for e in events if isinstance(e, (SystemAudioLost, SystemAudioRecovered))]
    mic, system = audio[:, 0], audio[:, 1]
    # Channel 1: the virtual microphone's signal from sample 0, sample for sample.
    assert np.array_equal(mic, test_signal[: len(mic)])
    share = matching_pieces(system, other)
    print(f"\nchannel 2: {share:.0%} of 50 ms pieces match the speakers' signal")
    assert share >= MATCH_SHARE
    # Neither holds the other: channel 2 is not the microphone's signal, nor 1 the speakers'.
    second = slice(2 * RATE, 3 * RATE)
    assert ncc(system[second], test_signal[: 12 * RATE])[0] < 0.3
    assert ncc(mic[second], np.concatenate([other, other]))[0] < 0.3


def test_source_unloaded_mid_recording_is_a_gap_and_capture_resumes(
    outbox: Outbox,
    keys: DeviceKeys,
    bus: EventBus,
    events: list[object],
    test_signal: np.ndarray,
) -> None:
    other = test_signal[::-1].copy()
    with speakers("spk2", other, default=False) as spk:

        def unplug(rec: Recorder) -> None:
            time.sleep(3.0)
            spk.unload()
            time.sleep(2.0)
            spk.load()

        rid = record(outbox, bus, "spk2.monitor", 14.0, during=unplug)
    audio = recording_audio(outbox, keys, rid)
    # The microphone went on: every frame, sample for sample.
    assert audio.shape == (14 * RATE, 2)
    assert np.array_equal(audio[:, 0], test_signal[: 14 * RATE])
    gaps = start_gap(outbox, rid)
    assert len(gaps) == 1, outbox.recording(rid).gaps
    gap = gaps[0]
    print(f"\nsystem audio gap {gap.start:.2f}-{gap.end:.2f} s")
    assert 2.0 < gap.start < gap.end < 12.0
    told = [type(e) for e in events if isinstance(e, (SystemAudioLost, SystemAudioRecovered))]
    assert told == [SystemAudioLost, SystemAudioRecovered]
    after = audio[round((gap.end + 0.5) * RATE) :, 1]
    assert matching_pieces(after, other, skip=0) >= MATCH_SHARE
