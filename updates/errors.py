"""The one exception root of `updates`: every failure carries a stable `code` and keyword fields.

`app/` turns `code` + `fields` into translated text (app/messages/updates.py); the English message
given here is for logs and developers. Network and TLS failures keep the uploader's codes
(`offline`, `tls_untrusted`, `tls_pin_mismatch`, ...): updates use the same transport rules.
"""

from __future__ import annotations

from typing import Any

__all__ = ["CODES", "UpdateError"]

#: Every code this package raises, with the fields it carries (the contract with
#: app/messages/updates.py; a test checks that each one has a text).
CODES: dict[str, tuple[str, ...]] = {
    "update_error": ("reason",),
    "update_not_configured": (),
    "update_off": (),
    "update_untrusted": ("role",),
    "update_rollback": ("role",),
    "update_expired": ("role",),
    "update_inconsistent": ("role",),
    "update_tampered": ("target",),
    "update_too_large": ("what",),
    "update_unavailable": ("status",),
    "update_not_installable": ("path",),
    "update_nothing_staged": (),
    "update_while_recording": ("path",),
    "update_stage_damaged": ("path", "reason"),
    "release_exists": ("path",),
    "release_not_newer": ("version", "latest"),
    "release_key_missing": ("role", "path"),
}


class UpdateError(Exception):
    """A refused or failed update check, download, stage or apply; or a release-side refusal.

    Whatever the code, the installed version is left as it was."""

    def __init__(self, message: str, *, code: str | None = None, **fields: Any) -> None:
        super().__init__(message)
        self.message = message
        self.code: str = code or "update_error"
        self.fields: dict[str, Any] = dict(fields)

    def __repr__(self) -> str:
        return f"UpdateError({self.message!r}, code={self.code!r}, fields={self.fields!r})"
