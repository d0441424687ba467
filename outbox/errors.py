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
    "export_chunk_misplaced": ("recording_id", "index", "reason"),
    "audit_write_failed": ("path", "reason"),
    "audit_key_missing": ("path",),
    "read_only": ("path",),
    "index_path_invalid": ("recording_id", "index", "reason"),
    "reseal_failed": ("chunk_id", "reason"),
    "history_unreadable": ("path", "reason"),
    "history_not_removable": ("recording_id", "state"),
}


class OutboxError(Exception):
    """Root of every error the outbox raises. `code` is stable; `fields` carry the context."""

    code = "outbox_error"

    def __init__(self, message: str, *, code: str | None = None, **fields: Any) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code
        self.fields = fields


# -- the errors `Outbox` raises in several places, built in one place --------------------------


def read_only(path: object) -> OutboxError:
    """A change asked of an outbox opened with `exclusive=False`."""
    return OutboxError("this outbox was opened read-only", code="read_only", path=str(path))


def chunk_exists(recording_id: str, index: int) -> OutboxError:
    """Chunk `index` of the recording is indexed, or being written."""
    return OutboxError(
        f"chunk {index} of {recording_id} is already sealed",
        code="chunk_exists",
        recording_id=recording_id,
        index=index,
    )


def recording_closed(recording_id: str, state: str) -> OutboxError:
    """The recording is complete or erased: it takes no more chunks."""
    return OutboxError(
        f"recording {recording_id} is {state}: no more chunks",
        code="recording_closed",
        recording_id=recording_id,
        state=state,
    )


def chunk_file_missing(chunk_id: str, path: object, message: str) -> OutboxError:
    """A chunk's sealed file is not on disk (`path` is "" when the index has none)."""
    return OutboxError(message, code="chunk_file_missing", chunk_id=chunk_id, path=str(path))


def receipt_mismatch(
    chunk_id: str, *, expected_sha256: str, actual_sha256: str, expected_size: int, actual_size: int
) -> OutboxError:
    """The server's receipt does not match the local ciphertext."""
    return OutboxError(
        f"receipt of chunk {chunk_id} does not match the local file",
        code="receipt_mismatch",
        chunk_id=chunk_id,
        expected_sha256=expected_sha256,
        actual_sha256=actual_sha256,
        expected_size=expected_size,
        actual_size=actual_size,
    )


def index_path_invalid(recording_id: object, index: int | None, reason: str) -> OutboxError:
    """An index row names a file (or a recording id) outside the layout of
    docs/file-format.md §6: nothing is read or deleted for it. `index` is -1 for a recording."""
    return OutboxError(
        f"index row of recording {str(recording_id)[:80]!r}, chunk {index}: {reason}",
        code="index_path_invalid",
        recording_id=str(recording_id)[:80],
        index=-1 if index is None else index,
        reason=reason,
    )
