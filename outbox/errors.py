"""The outbox's exception root: every error has a stable `code` (translated by `app/`)
and fields."""

from __future__ import annotations

from typing import Any

__all__ = ["CODES", "OutboxError"]

#: Every code this package raises, with the fields it carries. The list is the contract with
#: app/messages/outbox.py; a test checks that each one has a user-facing text.
CODES: dict[str, tuple[str, ...]] = {
    "outbox_error": (),
    "already_running": ("path",),
    "illegal_transition": ("kind", "item_id", "current", "target"),
    "unknown_recording": ("recording_id",),
    "unknown_chunk": ("chunk_id",),
    "chunk_exists": ("recording_id", "index"),
    "recording_closed": ("recording_id", "state"),
    "receipt_mismatch": (
        "chunk_id",
        "expected_sha256",
        "actual_sha256",
        "expected_size",
        "actual_size",
    ),
    "chunk_file_missing": ("chunk_id", "path"),
    "index_too_new": ("path", "version", "supported"),
    "index_corrupt": ("path", "reason"),
    "nothing_to_export": ("recording_id",),
    "export_mismatch": ("recording_id", "index", "reason"),
    "export_chunk_unreadable": ("recording_id", "index", "reason"),
    "audit_write_failed": ("path", "reason"),
    "read_only": ("path",),
}


class OutboxError(Exception):
    """Root of every error the outbox raises. `code` is stable; `fields` carry the context."""

    code = "outbox_error"

    def __init__(self, message: str, *, code: str | None = None, **fields: Any) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code
        self.fields = fields
