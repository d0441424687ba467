"""How commands talk to scripts and to people: one JSON object per line for events (`--json`),
and the progress of long work (`sync`, `export`): a bar redrawn in place on a terminal, plain
lines at every tenth of the work elsewhere (a pipe or a log file never gets carriage returns)."""

from __future__ import annotations

import dataclasses
import enum
import json
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

__all__ = ["ProgressLine", "ProgressReport", "bar", "event_json", "json_line"]


def json_line(kind: str, stream: TextIO, **fields: Any) -> None:
    """Writes `{"event": kind, **fields}` as one line and flushes (scripts read it at once)."""
    print(json.dumps({"event": kind, **fields}, default=_plain, ensure_ascii=False), file=stream)
    stream.flush()


def event_json(event: object, stream: TextIO) -> bool:
    """Writes a core event (a dataclass) as one JSON line: `event` is its class name in
    snake_case (ChunkConfirmed -> chunk_confirmed), the other keys its fields. False (nothing
    written) for an object that is not a dataclass instance."""
    if not dataclasses.is_dataclass(event) or isinstance(event, type):
        return False
    name = re.sub(r"(?<!^)(?=[A-Z])", "_", type(event).__name__).lower()
    fields = {f.name: getattr(event, f.name) for f in dataclasses.fields(event)}
    json_line(name, stream, **fields)
    return True


def _plain(value: object) -> object:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Path):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    return str(value)


def bar(fraction: float, width: int = 24) -> str:
    """`[#########---------------]  37%`. Both the bar and the number round down, so they agree
    and 100 % means done."""
    fraction = min(max(fraction, 0.0), 1.0)
    filled = int(fraction * width)
    return f"[{'#' * filled}{'-' * (width - filled)}] {int(fraction * 100):3d}%"


class ProgressLine:
    """One line on a terminal, redrawn in place at most every `interval` seconds; on anything
    else (a pipe, a file) it writes nothing, so logs and scripts see no carriage returns."""

    def __init__(
        self,
        stream: TextIO,
        *,
        interval: float = 0.2,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream = stream
        self.enabled = _is_tty(stream)
        self._interval = interval
        self._clock = clock
        self._last = -interval
        self._width = 0

    def show(self, text: str, *, force: bool = False) -> None:
        """Redraws the line with `text` (skipped when the last redraw is too recent)."""
        now = self._clock()
        if not self.enabled or (not force and now - self._last < self._interval):
            return
        self._last = now
        pad = " " * max(0, self._width - len(text))
        self._width = len(text)
        self.stream.write(f"\r{text}{pad}")
        self.stream.flush()

    def clear(self) -> None:
        """Removes the line (before a plain line is printed on the same terminal)."""
        if self.enabled and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0
            self._last = -self._interval

    def finish(self, text: str) -> None:
        """Draws `text` and ends the line."""
        if self.enabled:
            self.show(text, force=True)
            self.stream.write("\n")
            self.stream.flush()
            self._width = 0


class ProgressReport:
    """The progress of one long piece of work on `stream`, the same for every command: on a
    terminal `[####----]  37% text` redrawn in place; elsewhere `37% text` as a plain line each
    time another `step` of the work is done, so a log gets a handful of lines."""

    def __init__(
        self,
        stream: TextIO,
        *,
        step: float = 0.1,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream = stream
        self.line = ProgressLine(stream, clock=clock)
        self._step = step
        self._mark = 0  # steps already told as plain lines
        self._last = ""  # the bar's last text (redrawn after a plain line)

    @property
    def on_terminal(self) -> bool:
        """True when the bar is drawn in place."""
        return self.line.enabled

    def update(self, fraction: float, text: str) -> None:
        """The work is `fraction` (0..1) done; `text` says what that means."""
        fraction = min(max(fraction, 0.0), 1.0)
        if self.line.enabled:
            self._last = f"{bar(fraction)} {text}"
            self.line.show(self._last, force=fraction >= 1.0)
            return
        mark = int(fraction / self._step + 1e-9)
        if mark > self._mark:
            self._mark = mark
            print(f"{int(fraction * 100)}% {text}", file=self.stream, flush=True)

    def say(self, text: str) -> None:
        """Prints `text` as its own line; the bar (if any) is drawn again below it."""
        self.line.clear()
        print(text, file=self.stream, flush=True)
        if self._last:
            self.line.show(self._last, force=True)

    def clear(self) -> None:
        """Removes the bar (before the command's last lines)."""
        self.line.clear()


def _is_tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
