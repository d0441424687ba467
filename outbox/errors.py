"""The outbox's exception root. Every error has a stable `code` (translated by `app/`) and fields."""

from __future__ import annotations

from typing import Any


class OutboxError(Exception):
    """Root of every error the outbox raises. `code` is stable; `fields` carry the context."""

    code = "outbox_error"

    def __init__(self, message: str, *, code: str | None = None, **fields: Any) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code
        self.fields = fields
