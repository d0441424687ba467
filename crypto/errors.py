"""The one exception root of `crypto`: every failure carries a stable `code` and keyword fields.

`app/` turns `code` + `fields` into translated text (app/messages/crypto.py); the English message
given here is for logs and developers only and never contains secret material.
"""

from __future__ import annotations

from typing import Any

__all__ = ["CODES", "CryptoError"]

#: Every code this package raises, with the fields it carries. The list is the contract with
#: app/messages/crypto.py; a test checks that each one has a user-facing text.
CODES: dict[str, tuple[str, ...]] = {
    "crypto_error": (),
    "no_secure_keyring": ("backend", "hint"),
    "keyring_timeout": ("backend", "timeout"),
    "keyring_locked": ("backend",),
    "keyring_unavailable": ("backend", "reason"),
    "keyring_entry_invalid": ("name", "reason"),
    "bad_recipient": ("recipient",),
    "no_recipients": (),
    "seal_failed": ("reason",),
    "chunk_corrupt": ("reason",),
    "chunk_misplaced": ("recording_id", "index", "found_recording_id", "found_index"),
    "binding_invalid": ("reason",),
    "recording_key_missing": ("recording_id",),
    "journal_corrupt": ("path", "reason"),
    "journal_exists": ("path",),
    "journal_closed": ("path",),
    "record_too_large": ("size", "limit"),
    "file_write_failed": ("path", "reason"),
    "erase_failed": ("path", "reason"),
}


class CryptoError(Exception):
    """A failure in key storage, sealing, journals or erase.

    `code` is stable (see `CODES`); `fields` are the values the user-facing text may mention.
    """

    def __init__(self, message: str, *, code: str | None = None, **fields: Any) -> None:
        super().__init__(message)
        self.message = message
        self.code: str = code or "crypto_error"
        self.fields: dict[str, Any] = dict(fields)

    def __repr__(self) -> str:
        return f"CryptoError({self.message!r}, code={self.code!r}, fields={self.fields!r})"
