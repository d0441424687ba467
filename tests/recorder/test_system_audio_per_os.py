"""The Windows and macOS system-audio backends on Linux, their OS call faked at the lowest level
(the `soundcard` module's WASAPI objects, ScreenCaptureKit's completion handlers)."""

from __future__ import annotations

import time
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

from recorder.system_audio import macos, windows


class FakeWasapi:
    """`soundcard` on Windows: speakers, loopback recorders that give `blocks` then fail."""

    def __init__(self, blocks: int) -> None:
        self.default = "spk-a"
        self.blocks = blocks
        self.opened: list[str] = []

    def default_speaker(self) -> Any:
        return SimpleNamespace(id=self.default, name=f"Speakers {self.default}")

    def all_speakers(self) -> list[Any]:
        return [SimpleNamespace(id=i, name=f"Speakers {i}") for i in ("spk-a", "spk-b")]

    def get_microphone(self, speaker_id: str, include_loopback: bool) -> Any:
        assert include_loopback
        fake = self

        class Recorder:
            def __enter__(self) -> Recorder:
                fake.opened.append(speaker_id)
                return self

            def __exit__(self, *exc: object) -> None:
                pass

            def record(self, numframes: int) -> np.ndarray:
                if fake.blocks <= 0:
                    raise RuntimeError("AUDCLNT_E_DEVICE_INVALIDATED")
                fake.blocks -= 1
                # Stereo: left 0.5, right -0.25; the backend sends the mono mean.
                return np.tile(np.array([[0.5, -0.25]], np.float32), (numframes, 1))

        return SimpleNamespace(
            name=f"Loopback {speaker_id}", recorder=lambda samplerate, blocksize: Recorder()
        )


def test_windows_sends_mono_blocks_and_reports_a_lost_output() -> None:
    sc = FakeWasapi(blocks=3)
    reports: list[tuple[Any, ...]] = []
    windows.capture(None, 48_000, 480, lambda *r: reports.append(r), lambda: len(reports) > 5, sc)
    kinds = [r[0] for r in reports]
    assert kinds[:5] == ["open", "audio", "audio", "audio", "absent"]
    mono = np.frombuffer(reports[1][2], np.float32)
    assert len(mono) == 480 and np.allclose(mono, 0.125)
    assert "went away" in reports[4][1]
    assert sc.opened[0] == "spk-a"


def test_windows_follows_the_default_output() -> None:
    sc = FakeWasapi(blocks=10**6)
    reports: list[tuple[Any, ...]] = []

    def stopping() -> bool:
        if len(reports) == 3:
            sc.default = "spk-b"  # a headset plugged in
            windows.POLL_SECONDS = 0.0
        return any(r[0] == "open" and r[1].endswith("spk-b") for r in reports)

    poll = windows.POLL_SECONDS
    try:
        windows.capture(None, 48_000, 480, lambda *r: reports.append(r), stopping, sc)
    finally:
        windows.POLL_SECONDS = poll
    assert ("absent", "the default output changed") in reports
    assert sc.opened == ["spk-a", "spk-b"]


def test_windows_reports_a_missing_output_once_while_it_waits_for_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sc = FakeWasapi(blocks=10**6)
    listed: list[int] = []
    speakers = sc.all_speakers

    def all_speakers() -> list[Any]:
        listed.append(1)  # the headset is plugged in at the fourth look
        extra = [SimpleNamespace(id="usb", name="USB headset")] if len(listed) >= 4 else []
        return speakers() + extra

    sc.all_speakers = all_speakers  # type: ignore[method-assign]
    monkeypatch.setattr(windows, "POLL_SECONDS", 0.01)
    reports: list[tuple[Any, ...]] = []
    opened = lambda: any(r[0] == "open" for r in reports)  # noqa: E731
    windows.capture("USB headset", 48_000, 480, lambda *r: reports.append(r), opened, sc)
    assert reports == [("absent", "no output 'USB headset'"), ("open", "Loopback usb")]
    assert len(listed) == 4 and sc.opened == ["usb"]


def test_windows_retries_an_output_that_will_not_open_once_per_poll(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sc = FakeWasapi(blocks=10**6)
    tries: list[float] = []

    def get_microphone(speaker_id: str, include_loopback: bool) -> Any:
        tries.append(time.monotonic())
        raise RuntimeError("AUDCLNT_E_DEVICE_IN_USE")

    sc.get_microphone = get_microphone  # type: ignore[method-assign]
    monkeypatch.setattr(windows, "POLL_SECONDS", 0.05)
    reports: list[tuple[Any, ...]] = []
    until = time.monotonic() + 0.5
    windows.capture(
        None, 48_000, 480, lambda *r: reports.append(r), lambda: time.monotonic() > until, sc
    )
    assert 3 <= len(tries) <= 12, len(tries)  # about one try per poll, not a busy loop
    assert reports == [("absent", "cannot open the loopback of spk-a: AUDCLNT_E_DEVICE_IN_USE")]


def test_windows_lists_the_outputs_with_the_default() -> None:
    sources = windows.list_sources(FakeWasapi(0))
    assert [(s.name, s.is_default) for s in sources] == [("spk-a", True), ("spk-b", False)]


class Declined:
    def code(self) -> int:
        return macos.USER_DECLINED

    def localizedDescription(self) -> str:
        return "The user declined TCCs for application, window, display capture"


def test_macos_permission_denied_is_a_clear_error_not_a_restart() -> None:
    def get_content(handler: Any) -> None:
        handler(None, Declined())

    sck = SimpleNamespace(
        SCShareableContent=SimpleNamespace(getShareableContentWithCompletionHandler_=get_content)
    )
    reports: list[tuple[Any, ...]] = []
    macos.capture(None, 48_000, 480, lambda *r: reports.append(r), lambda: False, sck, object())
    assert reports == [
        (
            "error",
            "system_audio_denied",
            "the Screen & System Audio Recording permission is not granted",
        )
    ]


def test_macos_sample_buffer_bytes_are_read_whole() -> None:
    pcm = np.arange(4, dtype=np.float32).tobytes()
    media = SimpleNamespace(
        CMSampleBufferGetDataBuffer=lambda buf: "block",
        CMBlockBufferGetDataLength=lambda block: len(pcm),
        CMBlockBufferCopyDataBytes=lambda block, at, n, out: (0, pcm[at : at + n]),
    )
    assert macos.samples(object(), media) == pcm
