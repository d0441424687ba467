"""Device listing per OS. Windows' PortAudio shows every microphone once per host API (MME,
DirectSound, WASAPI, WDM-KS): the list shows it once, under WASAPI when it has inputs, and a name
or index saved under another host API still finds it. Windows is faked at the lowest level:
`sys.platform` and PortAudio's own device and host API tables (`sd.query_devices`,
`sd.query_hostapis`), as a Windows laptop with one built-in mic and one headset reports them."""

from __future__ import annotations

from typing import Any

import pytest
import sounddevice as sd

from recorder.devices import list_input_devices, resolve_device, stream_settings
from recorder.errors import RecorderError

MME, DS, WASAPI, WDMKS = "MME", "Windows DirectSound", "Windows WASAPI", "Windows WDM-KS"
BUILT_IN = "Microphone (Realtek High Definition Audio)"
HEADSET = "Headset Microphone (Jabra Evolve 75)"

# (name, host API, input channels): PortAudio's order on Windows, host API by host API. MME cuts
# names to 31 characters; WDM-KS names the filter's pin instead.
LAPTOP = [
    ("Microsoft Sound Mapper - Input", MME, 2),
    (BUILT_IN[:31], MME, 2),
    (HEADSET[:31], MME, 1),
    ("Speakers (Realtek High Definiti", MME, 0),
    ("Primary Sound Capture Driver", DS, 2),
    (BUILT_IN, DS, 2),
    (HEADSET, DS, 1),
    ("Speakers (Realtek High Definition Audio)", DS, 0),
    (BUILT_IN, WASAPI, 2),
    (HEADSET, WASAPI, 1),
    ("Speakers (Realtek High Definition Audio)", WASAPI, 0),
    ("Microphone (Realtek HD Audio Mic input)", WDMKS, 2),
    ("Headset Microphone (Jabra Evolve 75 Mic)", WDMKS, 1),
    ("Speakers (Realtek HD Audio output)", WDMKS, 0),
]
# Each host API's default input: MME's "Sound Mapper" follows the system default (the headset).
DEFAULT_INPUT = {MME: 0, DS: 4, WASAPI: 9, WDMKS: 11}


def fake_portaudio(
    monkeypatch: pytest.MonkeyPatch, platform: str, devices: list[tuple[str, str, int]]
) -> None:
    """PortAudio's tables as `devices` describes them, on `platform`."""
    names = list(dict.fromkeys(api for _, api, _ in devices))
    apis: list[dict[str, Any]] = [
        {
            "name": api,
            "devices": [i for i, d in enumerate(devices) if d[1] == api],
            "default_input_device": DEFAULT_INPUT.get(api, -1),
            "default_output_device": -1,
        }
        for api in names
    ]
    table = [
        {
            "name": name,
            "index": i,
            "hostapi": names.index(api),
            "max_input_channels": inputs,
            "max_output_channels": 0 if inputs else 2,
            "default_samplerate": 48_000.0 if api == WASAPI else 44_100.0,
        }
        for i, (name, api, inputs) in enumerate(devices)
    ]

    def query_devices(device: object = None, kind: object = None) -> Any:
        assert device is None and kind is None
        return table

    def query_hostapis(index: int | None = None) -> Any:
        return tuple(apis) if index is None else apis[index]

    monkeypatch.setattr("sys.platform", platform)
    monkeypatch.setattr(sd, "query_devices", query_devices)
    monkeypatch.setattr(sd, "query_hostapis", query_hostapis)
    monkeypatch.setattr(sd.default, "device", [-1, -1])  # PortAudio's default: the first API's


def test_windows_lists_each_microphone_once_under_wasapi(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_portaudio(monkeypatch, "win32", LAPTOP)
    devices = list_input_devices()
    assert [(d.name, d.host_api, d.index) for d in devices] == [
        (BUILT_IN, WASAPI, 8),
        (HEADSET, WASAPI, 9),
    ]
    # The default is WASAPI's own default input (the headset), not an MME index.
    assert [d.name for d in devices if d.is_default] == [HEADSET]
    assert resolve_device(None).index == 9


@pytest.mark.parametrize(
    "saved",
    [BUILT_IN[:31], BUILT_IN, 1, 5, "1", "microphone (realtek"],
    ids=["mme-name", "ds-name", "mme-index", "ds-index", "mme-index-text", "part"],
)
def test_a_device_saved_under_another_host_api_still_resolves(
    monkeypatch: pytest.MonkeyPatch, saved: str | int
) -> None:
    fake_portaudio(monkeypatch, "win32", LAPTOP)
    dev = resolve_device(saved)
    assert (dev.name, dev.host_api, dev.index) == (BUILT_IN, WASAPI, 8)


def test_a_pseudo_device_of_another_host_api_is_not_found(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_portaudio(monkeypatch, "win32", LAPTOP)
    with pytest.raises(RecorderError) as err:
        resolve_device(0)  # MME's Sound Mapper: no device of its own under WASAPI
    assert err.value.code == "device_not_found"


def test_windows_without_wasapi_inputs_lists_directsound(monkeypatch: pytest.MonkeyPatch) -> None:
    # WASAPI missing (a stripped-down Windows) or with no input: the next host API serves.
    fake_portaudio(monkeypatch, "win32", [d for d in LAPTOP if d[1] != WASAPI])
    devices = list_input_devices()
    assert {d.host_api for d in devices} == {DS}
    assert [d.name for d in devices] == ["Primary Sound Capture Driver", BUILT_IN, HEADSET]


def test_other_systems_list_every_host_api(monkeypatch: pytest.MonkeyPatch) -> None:
    # Linux (ALSA, OSS, JACK) and macOS (Core Audio only) have no such duplicates to fold.
    fake_portaudio(monkeypatch, "linux", LAPTOP)
    assert len(list_input_devices()) == sum(1 for d in LAPTOP if d[2])


def test_wasapi_streams_convert_rate_and_channels(monkeypatch: pytest.MonkeyPatch) -> None:
    # WASAPI's shared mode takes only the device's mix format unless PortAudio converts.
    fake_portaudio(monkeypatch, "win32", LAPTOP)
    settings = stream_settings(resolve_device(BUILT_IN))
    assert isinstance(settings, sd.WasapiSettings)
    assert settings._streaminfo.flags & sd._lib.paWinWasapiAutoConvert
    fake_portaudio(monkeypatch, "linux", LAPTOP)
    assert stream_settings(resolve_device(BUILT_IN[:31])) is None
