"""macOS 13+: the system's audio output through ScreenCaptureKit (pyobjc), in the child.

ScreenCaptureKit captures what every app plays (this one excluded) as part of a screen-capture
stream; the stream's video is the smallest the system allows and is never read. It needs the
Screen & System Audio Recording permission: when it is denied the backend reports the `error`
`system_audio_denied` (the app says where to allow it) and the recording goes on with the
microphone. The stream follows the default output by itself.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from recorder.system_audio.source import Report, SystemSource

#: SCStreamErrorUserDeclined: the user (or a policy) refused the permission.
USER_DECLINED = -3801
AUDIO_OUTPUT = 1  # SCStreamOutputTypeAudio
WAIT_SECONDS = 10.0


def _frameworks() -> Any:
    """The ScreenCaptureKit module (pyobjc; imported in the child only)."""
    import ScreenCaptureKit

    return ScreenCaptureKit


def list_sources() -> list[SystemSource]:
    """One source: everything the computer plays."""
    return [SystemSource("default", "System audio (all apps)", True)]


def _wait(call: Callable[[Callable[..., None]], None]) -> tuple[Any, ...]:
    """Calls an API that answers through a completion handler; its arguments."""
    done = threading.Event()
    result: list[tuple[Any, ...]] = []

    def handler(*args: Any) -> None:
        result.append(args)
        done.set()

    call(handler)
    if not done.wait(WAIT_SECONDS):
        raise TimeoutError("ScreenCaptureKit did not answer")
    return result[0]


def refused(error: Any) -> bool:
    """True when `error` (an NSError, or None) says the permission was denied."""
    return error is not None and int(error.code()) == USER_DECLINED


def samples(sample_buffer: Any, media: Any) -> bytes:
    """The float32 mono PCM of one CMSampleBuffer (the stream is configured mono, float)."""
    block = media.CMSampleBufferGetDataBuffer(sample_buffer)
    length = media.CMBlockBufferGetDataLength(block)
    _status, data = media.CMBlockBufferCopyDataBytes(block, 0, length, None)
    return bytes(data)


def capture(
    spec: str | None,
    rate: int,
    block_frames: int,
    report: Report,
    stopping: Callable[[], bool],
    sck: Any = None,
    media: Any = None,
) -> None:
    """Captures the system's output until `stopping()`; `sck`, `media`: the ScreenCaptureKit
    and CoreMedia modules (tests pass fakes)."""
    if sck is None:
        sck = _frameworks()
    if media is None:
        import CoreMedia

        media = CoreMedia
    content, error = _wait(sck.SCShareableContent.getShareableContentWithCompletionHandler_)
    if refused(error) or content is None:
        report(
            "error",
            "system_audio_denied",
            "the Screen & System Audio Recording permission is not granted",
        )
        return
    displays = content.displays()
    if not displays:
        report("absent", "no display to attach the capture to")
        return
    flt = sck.SCContentFilter.alloc().initWithDisplay_excludingWindows_(displays[0], [])
    config = sck.SCStreamConfiguration.alloc().init()
    config.setCapturesAudio_(True)
    config.setExcludesCurrentProcessAudio_(True)
    config.setSampleRate_(rate)
    config.setChannelCount_(1)
    config.setWidth_(2)
    config.setHeight_(2)
    stopped: list[str] = []
    output = _output_class(sck)(report, media, stopped)
    stream = sck.SCStream.alloc().initWithFilter_configuration_delegate_(flt, config, output)
    stream.addStreamOutput_type_sampleHandlerQueue_error_(output, AUDIO_OUTPUT, None, None)
    (error,) = _wait(stream.startCaptureWithCompletionHandler_)
    if error is not None:
        if refused(error):
            report("error", "system_audio_denied", str(error.localizedDescription()))
        else:
            report("absent", str(error.localizedDescription()))
        return
    report("open", "system audio")
    while not stopping() and not stopped:
        time.sleep(0.1)
    if stopped:
        report("absent", stopped[0])  # the parent starts a new child
    _wait(stream.stopCaptureWithCompletionHandler_)


_CLASSES: dict[str, Any] = {}


def _output_class(sck: Any) -> Any:
    """An NSObject that is the stream's output and delegate (defined once per process)."""
    if "output" in _CLASSES:
        return _CLASSES["output"]
    from Foundation import NSObject

    class StreamOutput(NSObject):  # type: ignore[misc]
        def __new__(cls, report: Report, media: Any, stopped: list[str]) -> Any:
            self = cls.alloc().init()
            self.report, self.media, self.stopped = report, media, stopped
            return self

        def stream_didOutputSampleBuffer_ofType_(self, stream: Any, buf: Any, kind: int) -> None:
            if kind == AUDIO_OUTPUT:
                self.report("audio", time.monotonic(), samples(buf, self.media))

        def stream_didStopWithError_(self, stream: Any, error: Any) -> None:
            self.stopped.append(str(error.localizedDescription()) if error else "stopped")

    _CLASSES["output"] = StreamOutput
    return StreamOutput
