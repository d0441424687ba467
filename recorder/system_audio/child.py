"""The system-audio child process, and the parent's side of it (`SystemCapture`).

The capture runs in a child process (multiprocessing, spawn): the sound system's library (libpulse
through cffi, WASAPI, Core Audio) then never shares the recorder's GIL or its address space, a
crash or a hang in it costs channel 2 only (the parent marks a gap and starts a new child), and a
library that connects to the sound server at import time never blocks the app. The child sends
each block as it arrives, with its arrival time (`time.monotonic()`: one clock for every process
of the machine), so the parent can place it on the microphone's clock.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import asdict
from multiprocessing.connection import Connection
from typing import Any

import numpy as np

from recorder.errors import RecorderError
from recorder.system_audio.source import SystemSource

log = logging.getLogger(__name__)

ChildTarget = Callable[[Connection, str, "str | None", int, int], None]

LIST_TIMEOUT = 15.0  # seconds for the child to list the sources (it starts a Python)


def _backend() -> Any:
    """The module of this OS (imported in the child only)."""
    if sys.platform == "win32":
        from recorder.system_audio import windows

        return windows
    if sys.platform == "darwin":
        from recorder.system_audio import macos

        return macos
    from recorder.system_audio import linux

    return linux


OWNER_PROPERTY = "logmeets.recorder.pid"  # names the recorder a capture stream belongs to


def mark_streams_as_of(recorder_pid: int) -> None:
    """Tags this process's PulseAudio streams with the recorder's process id, so that its
    meeting detection does not take our own capture for a meeting app (libpulse reads
    PULSE_PROP_OVERRIDE whenever a stream opens; other OSes ignore it)."""
    given = os.environ.get("PULSE_PROP_OVERRIDE", "")
    os.environ["PULSE_PROP_OVERRIDE"] = f"{given} {OWNER_PROPERTY}={recorder_pid}".strip()


def child_main(conn: Connection, mode: str, spec: str | None, rate: int, block_frames: int) -> None:
    """The child: lists the sources (`mode` "list") or captures `spec` (None or "default": the
    default output's loopback) until the parent says stop or goes away."""
    # soundcard names its client after argv; a spawned child inherits the parent's.
    sys.argv = ["logmeets-system-audio"]
    mark_streams_as_of(os.getppid())

    def report(kind: str, *fields: Any) -> None:
        conn.send((kind, *fields))

    def stopping() -> bool:
        # Any message from the parent means stop; a parent gone reads as EOF: stop too.
        return conn.poll()

    try:
        backend = _backend()
        if mode == "list":
            conn.send(("sources", [asdict(s) for s in backend.list_sources()]))
            return
        backend.capture(None if spec == "default" else spec, rate, block_frames, report, stopping)
    except (BrokenPipeError, EOFError, OSError) as exc:
        if mode == "list":
            with contextlib.suppress(OSError):
                report("absent", f"{type(exc).__name__}: {exc}")
    except Exception as exc:  # the parent restarts the child; it logs why
        with contextlib.suppress(OSError):
            report("absent", f"{type(exc).__name__}: {exc}")


def _spawn(
    target: ChildTarget, mode: str, spec: str | None, rate: int, block: int
) -> tuple[Any, Any]:
    """(process, the parent's end of the pipe); a `Connection` (Windows: `PipeConnection`)."""
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe()
    proc = ctx.Process(
        target=target,
        args=(child, mode, spec, rate, block),
        name="logmeets-system-audio",
        daemon=True,
    )
    proc.start()
    child.close()
    return proc, parent


def list_system_sources(target: ChildTarget = child_main) -> list[SystemSource]:
    """The system-audio sources (loopbacks of the outputs), listed by a child process; empty
    when there is no sound system (or it did not answer in time)."""
    proc, conn = _spawn(target, "list", None, 0, 0)
    try:
        if conn.poll(LIST_TIMEOUT):
            msg = conn.recv()
            if msg[0] == "sources":
                return [SystemSource(**s) for s in msg[1]]
            log.info("no system-audio sources: %s", msg[1:])
    except (EOFError, OSError) as exc:
        log.info("system-audio listing failed: %s", exc)
    finally:
        conn.close()
        proc.join(2.0)
        if proc.is_alive():
            proc.kill()
            proc.join()
    return []


def resolve_system_source(spec: str, sources: list[SystemSource]) -> SystemSource:
    """The source `spec` names: "default", an exact name, or a unique part of a name or
    description (any case); RecorderError(system_source_not_found) otherwise."""
    text = spec.strip()
    if text in ("", "default"):
        for s in sources:
            if s.is_default:
                return s
    for s in sources:
        if s.name == text:
            return s
    matches = [s for s in sources if text.lower() in f"{s.name}\n{s.description}".lower()]
    if len(matches) == 1:
        return matches[0]
    raise RecorderError(
        f"no system-audio source {spec!r}",
        code="system_source_not_found",
        device=spec,
        available=", ".join(s.name for s in sources) or "-",
    )


def to_samples(data: bytes, dtype: str, full_scale: float) -> np.ndarray[Any, Any]:
    """float32 mono bytes as the recording's integer samples (rounded, clipped)."""
    x = np.frombuffer(data, dtype=np.float32).astype(np.float64) * full_scale
    return np.clip(np.rint(x), -full_scale, full_scale - 1).astype(dtype)


class SystemCapture:
    """One child capturing `spec`; its reports queue up in `reports` (read by a thread here).

    Reports: ("open", name), ("audio", arrival, float32 bytes), ("absent", reason),
    ("error", code, detail), and ("exit", exitcode) when the child has ended."""

    def __init__(
        self,
        spec: str | None,
        rate: int,
        block_frames: int,
        *,
        target: ChildTarget = child_main,
    ) -> None:
        self._spec = spec
        self._rate = rate
        self._block = block_frames
        self._target = target
        self.reports: deque[tuple[Any, ...]] = deque()
        self._proc: Any = None
        self._conn: Connection | None = None
        self._thread: threading.Thread | None = None
        self.started_at = 0.0

    @property
    def pid(self) -> int | None:
        """The child's process id (tests kill it)."""
        return None if self._proc is None else int(self._proc.pid)

    def start(self) -> None:
        """Starts the child and the reader thread."""
        self.started_at = time.monotonic()
        self._proc, self._conn = _spawn(
            self._target, "capture", self._spec, self._rate, self._block
        )
        self._thread = threading.Thread(
            target=self._read, args=(self._conn,), name="recorder-system-audio", daemon=True
        )
        self._thread.start()

    def _read(self, conn: Connection) -> None:
        try:
            while True:
                self.reports.append(conn.recv())
        except (EOFError, OSError):
            pass
        proc = self._proc
        if proc is not None:
            proc.join(1.0)
        self.reports.append(("exit", None if proc is None else proc.exitcode))

    def take(self) -> list[tuple[Any, ...]]:
        """The reports that arrived since the last call, in order."""
        out = []
        while True:
            try:
                out.append(self.reports.popleft())
            except IndexError:
                return out

    def stop(self, timeout: float = 2.0) -> None:
        """Asks the child to stop, then ends it if it does not."""
        conn, proc = self._conn, self._proc
        if conn is not None:
            with contextlib.suppress(OSError):
                conn.send(("stop",))
        if proc is not None:
            proc.join(timeout)
            if proc.is_alive():
                proc.kill()
                proc.join(timeout)
        if self._thread is not None:
            self._thread.join(timeout)
        if conn is not None:
            conn.close()
