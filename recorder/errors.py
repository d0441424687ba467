"""The recorder's exception root. Every error has a stable `code` (translated by `app/`) and
keyword fields that the message template fills in."""

from __future__ import annotations

from typing import Any

# Every `RecorderError.code` (app/ has a message for each).
ERROR_CODES = (
    "no_microphone",
    "device_not_found",
    "device_ambiguous",
    "device_open_failed",
    "invalid_option",
    "disk_full",
    "disk_write_failed",
    "write_failed",
    "device_gone",
    "recovery_failed",
    "system_source_not_found",
)


class RecorderError(Exception):
    """Root of every error the recorder raises. `code` (one of `ERROR_CODES`) is stable;
    `fields` carry the context."""

    code = "recorder_error"

    def __init__(self, message: str, *, code: str | None = None, **fields: Any) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code
        self.fields = fields
