"""Device listing and resolution on the real PortAudio of the test environment."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import numpy as np
import pytest

from recorder.capture import Capture, PortAudioStreams
from recorder.devices import list_input_devices, resolve_device
from recorder.errors import RecorderError

pytestmark = pytest.mark.realaudio


def test_lists_the_virtual_microphone(virtual_mic: str) -> None:
    devices = list_input_devices()
    names = [d.name for d in devices]
    assert virtual_mic in names
    mic = next(d for d in devices if d.name == virtual_mic)
    assert mic.channels >= 1 and mic.default_samplerate > 0 and mic.host_api
    assert sum(d.is_default for d in devices) == 1


def test_resolves_by_name_index_and_default(virtual_mic: str) -> None:
    mic = resolve_device(virtual_mic)
    assert resolve_device(mic.index) == mic
    assert resolve_device(str(mic.index)) == mic
    assert resolve_device(None).is_default
    with pytest.raises(RecorderError) as err:
        resolve_device("no such microphone")
    assert err.value.code == "device_not_found"
    with pytest.raises(RecorderError) as err:
        resolve_device(999)
    assert err.value.code == "device_not_found"


def test_devices_json_cli_lists_testmic(virtual_mic: str, data_dir: object) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "app.cli", "devices", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    listed = json.loads(out)
    mic = next(d for d in listed if d["name"] == virtual_mic)
    assert set(mic) == {
        "kind",
        "index",
        "name",
        "host_api",
        "channels",
        "default_samplerate",
        "is_default",
    }
    assert mic["kind"] == "input"


@pytest.mark.parametrize("command", [["devices"], ["devices", "--json"], ["record"]])
def test_no_sound_system_says_no_microphone(command: list[str], data_dir: object) -> None:
    # No sound server and only ALSA's stock configuration (no card in the test machine): what a
    # computer without a microphone looks like to PortAudio.
    env = {k: v for k, v in os.environ.items() if k not in ("PULSE_SERVER", "ALSA_CONFIG_PATH")}
    proc = subprocess.run(
        [sys.executable, "-m", "app.cli", *command],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert proc.returncode == 8, proc.stderr  # no microphone (app/exit_codes.py)
    assert "No microphone was found" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_capture_is_sample_exact_on_the_virtual_mic(
    virtual_mic: str, test_signal: np.ndarray
) -> None:
    cap = Capture(
        PortAudioStreams(),
        virtual_mic,
        sample_rate=48_000,
        channels=1,
        dtype="int16",
        full_scale=32768.0,
        blocksize=960,
        max_queue_blocks=1000,
    )
    cap.start()
    assert cap.first_block.wait(10)
    time.sleep(3)
    assert cap.stop()
    blocks = []
    while not cap.queue.empty():
        blocks.append(cap.queue.get_nowait())
    got = np.concatenate(blocks)[:, 0]
    assert len(got) >= 3 * 48_000
    # testmic plays the signal from sample 0 at every open.
    assert np.array_equal(got, test_signal[: len(got)])
    assert cap.overflows == 0 and cap.dropped_blocks == 0
    assert cap.level.take().peak_dbfs > -30
