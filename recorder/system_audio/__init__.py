"""System audio: what the computer plays (the other side of an online meeting), captured as a
loopback of the default output, in a child process.

One interface, one small module per OS (`linux`: PulseAudio or PipeWire's Pulse server through
`soundcard`; `windows`: WASAPI loopback through `soundcard`; `macos`: ScreenCaptureKit).
Each backend runs inside the child (`child.child_main`) and reports through a `Report` callback:
`open` (a stream opened, its name), `audio` (a block of float32 mono samples with its arrival
time), `absent` (no source right now, or it went away; the backend keeps trying), `error` (it
cannot work at all: permission denied, no sound system library); `linux` and `windows` share
the loop that opens a source again after it goes away (`reopen.keep_open`). The parent side
(`SystemCapture`) starts the child, reads its reports on a thread and restarts it when it dies;
the recorder places the audio on the microphone's clock (recorder/aligner.py,
recorder/system_channel.py).
"""

from recorder.system_audio.child import SystemCapture, list_system_sources, resolve_system_source
from recorder.system_audio.source import Report, SystemSource

__all__ = [
    "Report",
    "SystemCapture",
    "SystemSource",
    "list_system_sources",
    "resolve_system_source",
]
