"""Windows: WASAPI loopback of the default render endpoint, read with `soundcard` (cffi over
Windows' own Media Foundation and WASAPI: no compiled extension). Runs in the child.

WASAPI loopback delivers no packets while nothing plays: `soundcard` returns the silence it
measured instead, and the parent's aligner fills any shortfall with silence too, so a quiet
computer neither stalls nor drifts channel 2. While following the default output, the default
endpoint is checked every `POLL_SECONDS`: capture moves to a newly plugged headset within about
a second.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from recorder.system_audio.reopen import keep_open
from recorder.system_audio.source import Report, SystemSource

POLL_SECONDS = 0.5


def _soundcard() -> Any:
    """The `soundcard` package (its Windows backend; imported in the child only)."""
    import soundcard

    return soundcard


def list_sources(sc: Any = None) -> list[SystemSource]:
    """The loopback of every output endpoint; the default output's is the default."""
    sc = sc or _soundcard()
    default = sc.default_speaker().id
    return [SystemSource(s.id, s.name, s.id == default) for s in sc.all_speakers()]


def _speaker_id(sc: Any, spec: str | None) -> str | None:
    if spec is None:
        return str(sc.default_speaker().id)
    for s in sc.all_speakers():
        if spec in (s.id, s.name):
            return str(s.id)
    return None


def capture(
    spec: str | None,
    rate: int,
    block_frames: int,
    report: Report,
    stopping: Callable[[], bool],
    sc: Any = None,
) -> None:
    """Captures the loopback of `spec` (None: the default output) until `stopping()`; reopens
    after a loss or a switch of the default output. `sc`: the soundcard module (tests pass a
    fake one)."""
    sc = sc or _soundcard()

    def find() -> tuple[str | None, str]:
        try:
            speaker_id = _speaker_id(sc, spec)
        except RuntimeError as exc:  # no audio endpoint at all
            return None, f"no output device ({exc})"
        return speaker_id, "no output device" if spec is None else f"no output {spec!r}"

    def run(speaker_id: str) -> str | None:
        return _record(sc, speaker_id, spec, rate, block_frames, report, stopping)

    keep_open(find, run, report, stopping, POLL_SECONDS)


def _record(
    sc: Any,
    speaker_id: str,
    spec: str | None,
    rate: int,
    block_frames: int,
    report: Report,
    stopping: Callable[[], bool],
) -> str | None:
    """Sends mono blocks until stopped (None), or the endpoint fails or stops being the
    default (the reason)."""
    try:
        loopback = sc.get_microphone(speaker_id, include_loopback=True)
        recorder = loopback.recorder(samplerate=rate, blocksize=block_frames)
        stream = recorder.__enter__()
    except RuntimeError as exc:
        return f"cannot open the loopback of {speaker_id}: {exc}"
    report("open", str(getattr(loopback, "name", speaker_id)))
    next_check = time.monotonic() + POLL_SECONDS
    try:
        while not stopping():
            try:
                data = stream.record(numframes=block_frames)
            except RuntimeError as exc:
                return f"the output went away ({exc})"
            mono = np.asarray(data, dtype=np.float32).reshape(len(data), -1).mean(axis=1)
            report("audio", time.monotonic(), mono.astype(np.float32).tobytes())
            now = time.monotonic()
            if spec is None and now >= next_check:
                next_check = now + POLL_SECONDS
                if _speaker_id(sc, None) != speaker_id:
                    return "the default output changed"
        return None
    finally:
        with contextlib.suppress(Exception):  # a vanished endpoint may refuse a clean close
            recorder.__exit__(None, None, None)
