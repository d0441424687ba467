"""Linux: the monitor source of the default sink (PulseAudio, and PipeWire through its Pulse
server), read with `soundcard` (cffi over libpulse; why: docs/recorder.md). Runs in the child.

The stream is connected with DONT_MOVE: when its sink goes away PulseAudio ends it (the backend
reports `absent` and opens the new default's monitor) instead of moving it to another source,
which could be a microphone. While following the default output, the default sink is checked
every `POLL_SECONDS`: a headset plugged in moves capture to its monitor within about a second.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from typing import Any

from recorder.system_audio.reopen import keep_open
from recorder.system_audio.source import Report, SystemSource

POLL_SECONDS = 0.5
WAIT_SECONDS = 0.05  # for the next block (and a stop request)


def _pulse() -> Any:
    """soundcard's PulseAudio module: connects to the sound server on first import."""
    import soundcard.pulseaudio as pulse

    return pulse


def list_sources() -> list[SystemSource]:
    """The monitor source of every sink; the default sink's is the default."""
    pulse = _pulse()
    default = _default_monitor(pulse)
    sources = []
    for s in pulse._pulse.source_list:
        info = pulse._pulse.source_info(s["id"])
        if info.get("device.class") == "monitor":
            sources.append(SystemSource(s["id"], s["name"], s["id"] == default))
    return sources


def _default_monitor(pulse: Any) -> str | None:
    """The default sink's monitor (None: no sink at all). soundcard's own `server_info` cannot
    read a server without a default sink."""
    ffi, server = pulse._ffi, pulse._pulse
    names: list[str | None] = []

    @ffi.callback("pa_server_info_cb_t")  # type: ignore[untyped-decorator]
    def callback(context: Any, info: Any, userdata: Any) -> None:
        sink = info.default_sink_name
        names.append(None if sink == ffi.NULL else ffi.string(sink).decode("utf-8"))

    server._pa_context_get_server_info(server.context, callback, ffi.NULL)
    sink = names[0] if names else None
    return None if sink is None else f"{sink}.monitor"


def _source_id(pulse: Any, spec: str | None) -> str | None:
    """The source to open now: the default sink's monitor, or the one named (None: absent)."""
    if spec is None:
        return _default_monitor(pulse)
    ids = {s["id"] for s in pulse._pulse.source_list}
    return spec if spec in ids else None


def _open(pulse: Any, source_id: str, rate: int, block_frames: int) -> Any:
    """An entered mono float32 recorder on `source_id`, connected with DONT_MOVE."""
    lib, ffi, server = pulse._pa, pulse._ffi, pulse._pulse

    class PinnedRecorder(pulse._Recorder):  # type: ignore[misc]
        def _connect_stream(self, bufattr: Any) -> None:
            # soundcard's own, plus DONT_MOVE (see the module's docstring).
            flags = lib.PA_STREAM_ADJUST_LATENCY | lib.PA_STREAM_DONT_MOVE
            server._pa_stream_connect_record(self.stream, self._id.encode(), bufattr, flags)

            @ffi.callback("pa_stream_request_cb_t")  # type: ignore[untyped-decorator]
            def read_callback(stream: Any, nbytes: Any, userdata: Any) -> None:
                self._record_event.set()

            self._callback = read_callback
            server._pa_stream_set_read_callback(self.stream, read_callback, ffi.NULL)

    recorder = PinnedRecorder(source_id, rate, 1, block_frames)
    return recorder.__enter__()


def capture(
    spec: str | None,
    rate: int,
    block_frames: int,
    report: Report,
    stopping: Callable[[], bool],
) -> None:
    """Captures `spec` (None: the default output's monitor) until `stopping()`; reopens after a
    loss or a switch of the default output."""
    try:
        pulse = _pulse()
    except Exception as exc:  # no sound server: the parent starts a new child later
        report("absent", f"no sound server ({type(exc).__name__}: {exc})")
        return

    def find() -> tuple[tuple[str, Any] | None, str]:
        source_id = _source_id(pulse, spec)
        if source_id is None:
            return None, "no output device" if spec is None else f"no source {spec!r}"
        try:
            return (source_id, _open(pulse, source_id, rate, block_frames)), ""
        except RuntimeError as exc:
            return None, f"cannot open {source_id}: {exc}"

    def run(opened: tuple[str, Any]) -> str | None:
        source_id, recorder = opened
        report("open", source_id)
        try:
            return _read(pulse, recorder, spec, source_id, block_frames, report, stopping)
        finally:
            # A failed stream may refuse a clean close; it is gone either way.
            with contextlib.suppress(Exception):
                recorder.__exit__(None, None, None)

    keep_open(find, run, report, stopping, POLL_SECONDS)


def _read(
    pulse: Any,
    recorder: Any,
    spec: str | None,
    source_id: str | None,
    block_frames: int,
    report: Report,
    stopping: Callable[[], bool],
) -> str | None:
    """Sends blocks until stopped (None) or the stream ends or the default output changes
    (the reason)."""
    lib, server = pulse._pa, pulse._pulse
    next_check = time.monotonic() + POLL_SECONDS
    # PulseAudio delivers ~5 ms pieces: sent in blocks of `block_frames`, with the arrival of
    # the last piece (fewer messages; the parent's clock only needs the block's end).
    pieces: list[bytes] = []
    frames = 0
    while not stopping():
        if server._pa_stream_readable_size(recorder.stream):
            chunk = recorder._record_chunk()
            if chunk is not None and len(chunk):
                pieces.append(chunk.tobytes())
                frames += len(chunk)
                if frames >= block_frames:
                    report("audio", time.monotonic(), b"".join(pieces))
                    pieces, frames = [], 0
        else:
            recorder._record_event.wait(WAIT_SECONDS)
            recorder._record_event.clear()
            state = server._pa_stream_get_state(recorder.stream)
            if state in (lib.PA_STREAM_FAILED, lib.PA_STREAM_TERMINATED):
                return "the source went away"
        now = time.monotonic()
        if now >= next_check:
            next_check = now + POLL_SECONDS
            if spec is None and _default_monitor(pulse) != source_id:
                return "the default output changed"
    return None
