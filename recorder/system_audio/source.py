"""What a system-audio backend reports and lists: `Report`, `SystemSource`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

#: report(kind, *fields): "open" (name), "audio" (arrival time, float32 mono bytes),
#: "absent" (reason), "error" (code, detail). Runs in the child.
Report = Callable[..., None]


@dataclass(frozen=True)
class SystemSource:
    """One system-audio source: `name` for `--system-audio`, `description` for people."""

    name: str
    description: str
    is_default: bool  # the loopback of the default output

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (for `logmeets devices --json`)."""
        return {"kind": "system", **asdict(self)}
