"""app.meetings: which meeting applications use the microphone. Each OS backend is tested with
the OS call faked at the lowest level (pactl's JSON, the winreg functions, the Core Audio
function called through ctypes), and the Linux one on the test environment's real PulseAudio."""

from __future__ import annotations

import ctypes
import json
import logging
import os
import subprocess
from typing import Any

import pytest
from meeting_app import meeting_app

from app.meetings import MEET, SLACK, TEAMS, UNKNOWN, WEBEX, ZOOM, NoDetector, classify
from app.meetings.consent_store import MICROPHONE_KEY, ConsentStoreDetector
from app.meetings.core_audio import (
    DEFAULT_INPUT_DEVICE,
    IS_RUNNING_SOMEWHERE,
    SYSTEM_OBJECT,
    CoreAudioDetector,
    PropertyAddress,
    fourcc,
)
from app.meetings.pulse import COMMAND, PulseDetector, meeting_apps_in

# ---- recognising the applications -------------------------------------------------------


@pytest.mark.parametrize(
    ("binary", "name", "hints", "expected"),
    [
        ("zoom", "ZOOM VoiceEngine", (), ZOOM),
        ("C:\\Users\\me\\AppData\\Roaming\\Zoom\\bin\\Zoom.exe", "", (), ZOOM),
        ("/Applications/zoom.us.app/Contents/MacOS/zoom.us", "", (), ZOOM),
        ("MSTeams_8wekyb3d8bbwe", "", (), TEAMS),
        ("91750D7E.Slack_8she8kybcnzg4", "", (), SLACK),
        ("Microsoft.WindowsSoundRecorder_8wekyb3d8bbwe", "", (), None),
        ("teams-for-linux", "", (), TEAMS),
        ("", "Microsoft Teams", (), TEAMS),
        ("C:#Program Files#Webex#CiscoCollabHost.exe", "", (), WEBEX),
        ("slack", "Chromium", (), SLACK),  # Electron names itself Chromium; the binary decides
        ("chrome", "Google Chrome", ("Meet - abc-defg-hij", "https://meet.google.com/abc"), MEET),
        ("chrome", "Google Chrome", ("RecordStream",), "Google Chrome"),
        ("firefox", "Firefox", ("Google Meet",), MEET),
        ("", "Firefox", (), "Firefox"),
        ("C:#Program Files (x86)#Microsoft#Edge#Application#msedge.exe", "", (), "Microsoft Edge"),
        ("python3.11", "ALSA plug-in [python3.11]", (), None),
        ("arecord", "aRecord", (), None),
        ("zoomer", "my zoomer tool", (), None),  # a word, not a substring
        ("", "", (), None),
    ],
)
def test_classify(binary: str, name: str, hints: tuple[str, ...], expected: str | None) -> None:
    assert classify(binary, name, hints) == expected


# ---- Linux: pactl's JSON ------------------------------------------------------------------


def _stream(pid: int, binary: str, name: str = "", corked: bool = False, **more: str) -> Any:
    props = {"application.process.id": str(pid), "application.process.binary": binary}
    return {
        "index": pid,
        "corked": corked,
        "properties": {"application.name": name, **props, **more},
    }


REMAP = {"index": 0, "properties": {"media.name": "Remapped Stream", "media.role": "filter"}}


def test_pulse_json_names_the_meeting_apps_and_skips_ours_and_idle_ones() -> None:
    listing = json.dumps([
        REMAP,
        _stream(100, "zoom", "ZOOM VoiceEngine"),
        _stream(200, "slack", "Slack"),
        _stream(300, "webex", "Webex", corked=True),
        _stream(400, "python3", "ALSA plug-in [python3]"),
        _stream(500, "zoom", "zoom"),
        _stream(600, "teams", "Teams", **{"stream.capture.sink": "true"}),
    ])  # fmt: skip
    assert meeting_apps_in(listing, own_pid=999) == {ZOOM, SLACK}
    # Our own stream never counts, whatever it calls itself.
    only_ours = json.dumps([_stream(500, "zoom", "zoom")])
    assert meeting_apps_in(only_ours, own_pid=500) == frozenset()
    # Nor does the stream of our system-audio capture child, tagged with our process id.
    child = json.dumps([_stream(501, "zoom", "zoom", **{"logmeets.recorder.pid": "500"})])
    assert meeting_apps_in(child, own_pid=500) == frozenset()
    assert meeting_apps_in(child, own_pid=700) == {ZOOM}


@pytest.mark.parametrize(
    "listing", ["", "[]", "not json", '{"a": 1}', '[1, "x", {"properties": 3}]']
)
def test_pulse_json_that_says_nothing_reads_as_none(listing: str) -> None:
    assert meeting_apps_in(listing, own_pid=1) == frozenset()


def test_pulse_detector_runs_pactl_and_survives_its_failures(
    caplog: pytest.LogCaptureFixture,
) -> None:
    calls: list[list[str]] = []
    answers: list[str | BaseException] = [
        json.dumps([_stream(7, "zoom")]),
        subprocess.TimeoutExpired(COMMAND, 2.0),
        FileNotFoundError(2, "No such file or directory", "pactl"),
        json.dumps([]),
    ]

    def run(args: list[str]) -> str:
        calls.append(args)
        answer = answers.pop(0)
        if isinstance(answer, BaseException):
            raise answer
        return answer

    d = PulseDetector(own_pid=1, run=run)
    with caplog.at_level(logging.WARNING, "app.meetings.pulse"):
        assert d.meeting_apps() == {ZOOM}
        assert d.meeting_apps() == frozenset()  # timed out: none, logged
        assert d.meeting_apps() == frozenset()  # still failing: not logged again
        assert d.meeting_apps() == frozenset()
    assert calls == [list(COMMAND)] * 4
    assert len([r for r in caplog.records if "pactl" in r.getMessage()]) == 1


def test_without_pactl_detection_is_off(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from app.meetings import for_platform

    monkeypatch.setenv("PATH", "/nonexistent")
    with caplog.at_level(logging.INFO, "app.meetings.pulse"):
        d = for_platform()
    assert isinstance(d, NoDetector) and not d.available
    assert d.meeting_apps() == frozenset()
    assert "pactl not found" in caplog.text


@pytest.mark.realaudio
def test_real_pulseaudio_stream_named_zoom_is_seen_and_ours_is_not() -> None:
    from app.meetings import for_platform

    d = for_platform()
    assert isinstance(d, PulseDetector)
    assert d.meeting_apps() == frozenset()  # only the test environment's remap stream
    with meeting_app("zoom") as pid:
        assert d.meeting_apps() == {ZOOM}
        # The same stream seen as our own process: ignored.
        assert PulseDetector(own_pid=pid).meeting_apps() == frozenset()
        with meeting_app("Google Chrome", "chrome"):
            assert d.meeting_apps() == {ZOOM, "Google Chrome"}
    assert d.meeting_apps() == frozenset()


@pytest.mark.realaudio
def test_our_own_capture_stream_does_not_count() -> None:
    import sounddevice as sd

    from app.meetings import for_platform

    d = for_platform(own_pid=os.getpid())
    # Our stream in PulseAudio: the ALSA pulse plugin names the process and its id.
    with sd.InputStream(device="vmic", channels=1, samplerate=48_000, dtype="int16"):
        listing = subprocess.run(list(COMMAND), capture_output=True, text=True, check=True).stdout
        ours = [
            s for s in json.loads(listing)
            if s["properties"].get("application.process.id") == str(os.getpid())
        ]  # fmt: skip
        assert ours, "our capture stream is not listed"
        assert d.meeting_apps() == frozenset()
        # Even if it called itself zoom, a stream of ours is ignored by process id.
        assert meeting_apps_in(listing.replace("ALSA plug-in", "zoom"), os.getpid()) == frozenset()


# ---- Windows: the consent store through winreg ---------------------------------------------


class FakeWinreg:
    """The winreg functions the consent store needs, over a dict of key paths -> values.
    Missing keys and values raise FileNotFoundError as winreg does; EnumKey past the end
    raises OSError (winreg's ERROR_NO_MORE_ITEMS)."""

    HKEY_CURRENT_USER = 0x80000001
    KEY_READ = 0x20019
    REG_QWORD = 11

    def __init__(self, keys: dict[str, dict[str, int]]) -> None:
        self.keys = {k.lower(): v for k, v in keys.items()}
        self.names = {k.lower(): k for k in keys}
        self.open: set[str] = set()
        self.refuse = False

    def OpenKey(self, key: Any, sub_key: str, reserved: int, access: int, /) -> str:
        if self.refuse:
            raise PermissionError(5, "Access is denied")
        assert access == self.KEY_READ
        path = sub_key if key == self.HKEY_CURRENT_USER else f"{key}\\{sub_key}"
        if path.lower() not in self.keys:
            raise FileNotFoundError(2, "The system cannot find the file specified")
        self.open.add(path)
        return path

    def EnumKey(self, key: str, index: int, /) -> str:
        prefix = key.lower() + "\\"
        children = sorted(
            self.names[k][len(prefix) :]
            for k in self.keys
            if k.startswith(prefix) and "\\" not in k[len(prefix) :]
        )
        if index >= len(children):
            raise OSError(259, "No more data is available")
        return children[index]

    def QueryValueEx(self, key: str, name: str, /) -> tuple[Any, int]:
        values = self.keys[key.lower()]
        if name not in values:
            raise FileNotFoundError(2, "The system cannot find the file specified")
        return values[name], self.REG_QWORD

    def CloseKey(self, hkey: str, /) -> None:
        self.open.remove(hkey)


NP = MICROPHONE_KEY + "\\NonPackaged"
T = 133_500_000_000_000_000  # a FILETIME


def test_consent_store_names_the_programs_whose_use_has_not_stopped() -> None:
    used, done = {"LastUsedTimeStart": T, "LastUsedTimeStop": 0}, {"LastUsedTimeStop": T + 1}
    reg = FakeWinreg({
        MICROPHONE_KEY: {},
        MICROPHONE_KEY + "\\MSTeams_8wekyb3d8bbwe": used,
        MICROPHONE_KEY + "\\Microsoft.WindowsSoundRecorder_8wekyb3d8bbwe": used,
        NP: {},
        NP + "\\C:#Users#me#AppData#Roaming#Zoom#bin#Zoom.exe": used,
        NP + "\\C:#Users#me#AppData#Local#slack#app-4.41#slack.exe": done,
        NP + "\\C:#Program Files#Google#Chrome#Application#chrome.exe": used,
        NP + "\\C:#Program Files#Webex#CiscoCollabHost.exe": {},  # allowed, never used
        NP + "\\C:#Program Files#LogMeets#logmeets.exe": used,
    })  # fmt: skip
    d = ConsentStoreDetector(reg, own_program="C:\\Program Files\\LogMeets\\logmeets.exe")
    assert d.meeting_apps() == {TEAMS, ZOOM, "Google Chrome"}
    assert reg.open == set()  # every key opened was closed
    assert not any("logmeets" in u.lower() for u in d.meeting_apps())


def test_consent_store_without_a_microphone_key_or_refused(
    caplog: pytest.LogCaptureFixture,
) -> None:
    assert ConsentStoreDetector(FakeWinreg({}), own_program="x.exe").meeting_apps() == frozenset()
    reg = FakeWinreg({MICROPHONE_KEY: {}})
    reg.refuse = True
    with caplog.at_level(logging.WARNING, "app.meetings.consent_store"):
        assert ConsentStoreDetector(reg, own_program="x.exe").meeting_apps() == frozenset()
    assert "consent store" in caplog.text


# ---- macOS: Core Audio through ctypes ------------------------------------------------------


class FakeCoreAudio:
    """AudioObjectGetPropertyData over a table (object, selector) -> UInt32, writing through the
    pointers the detector passes as ctypes does; `status` fails every call."""

    def __init__(self, table: dict[tuple[int, int], int], status: int = 0) -> None:
        self.table = table
        self.status = status
        self.calls: list[tuple[int, str]] = []

    def AudioObjectGetPropertyData(
        self, obj: int, address: Any, qualifier_size: int, qualifier: Any, size: Any, data: Any, /
    ) -> int:
        addr: PropertyAddress = address.contents
        self.calls.append((obj, addr.mSelector.to_bytes(4, "big").decode()))
        assert addr.mScope == fourcc("glob") and addr.mElement == 0
        assert size.contents.value == ctypes.sizeof(ctypes.c_uint32)
        if self.status:
            return self.status
        data.contents.value = self.table[(obj, addr.mSelector)]
        return 0


def test_core_audio_running_input_reads_as_an_unknown_meeting_app() -> None:
    ca = FakeCoreAudio({(SYSTEM_OBJECT, DEFAULT_INPUT_DEVICE): 73, (73, IS_RUNNING_SOMEWHERE): 1})
    assert CoreAudioDetector(ca).meeting_apps() == {UNKNOWN}
    assert ca.calls == [(1, "dIn "), (73, "gone")]
    ca.table[(73, IS_RUNNING_SOMEWHERE)] = 0
    assert CoreAudioDetector(ca).meeting_apps() == frozenset()


def test_core_audio_without_input_or_failing(caplog: pytest.LogCaptureFixture) -> None:
    no_input = FakeCoreAudio({(SYSTEM_OBJECT, DEFAULT_INPUT_DEVICE): 0})
    assert CoreAudioDetector(no_input).meeting_apps() == frozenset()
    assert no_input.calls == [(1, "dIn ")]
    failing = FakeCoreAudio({}, status=fourcc("who?"))
    with caplog.at_level(logging.WARNING, "app.meetings.core_audio"):
        assert CoreAudioDetector(failing).meeting_apps() == frozenset()
    assert "Core Audio refused" in caplog.text
