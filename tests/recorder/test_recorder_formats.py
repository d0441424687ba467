"""Stereo PCM_24 through the real PortAudio stream on the looped virtual microphone."""

from __future__ import annotations

import numpy as np
import pytest
from recorder_helpers import find_offset, recording_audio

from crypto.keys import DeviceKeys
from outbox import Outbox
from recorder import Recorder, RecordingOptions

pytestmark = pytest.mark.realaudio


@pytest.mark.slow
def test_stereo_pcm24_on_vmic_is_exact(
    outbox: Outbox, keys: DeviceKeys, test_signal: np.ndarray, virtual_mic: str
) -> None:
    rec = Recorder(
        outbox,
        RecordingOptions(device="vmic", channels=2, subtype="PCM_24", chunk_seconds=5, duration=3),
    )
    info = rec.start()
    assert rec.wait(30)
    rec.stop()
    assert rec.error is None and rec.overflows == 0
    assert outbox.recording(info.id).subtype == "PCM_24"
    audio = recording_audio(outbox, keys, info.id, dtype="int32")
    assert audio.shape == (3 * 48_000, 2)
    assert np.array_equal(audio[:, 0], audio[:, 1])  # the mono source on both channels
    # 16-bit source in a 24-bit file: the low bits are zero and the rest is the signal.
    assert not np.any(audio & 0xFFFF)
    samples = (audio[:, 0] >> 16).astype(np.int16)
    looped = np.concatenate([test_signal, test_signal])  # vmic plays the signal in a loop
    # Each half second is an exact stretch of the loop. PulseAudio now and then repeats a few
    # ms of the monitor (when a stream opens, or when a loaded machine is late), which breaks a
    # piece, never the format itself: one exact piece already proves the format is lossless.
    piece = 24_000
    exact = 0
    for start in range(0, len(samples), piece):
        part = samples[start : start + piece]
        offset = find_offset(part, looped, probe=piece)
        exact += bool(np.array_equal(part, looped[offset : offset + len(part)]))
    pieces = -(-len(samples) // piece)
    print(f"\nstereo PCM_24 on vmic: {exact} of {pieces} half-second pieces bit-exact")
    assert exact >= pieces // 2
