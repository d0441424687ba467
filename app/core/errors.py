"""The facade's own error: a stable `code` and fields, turned into text by `app.messages`."""

from __future__ import annotations

from typing import Any


class CoreError(Exception):
    """A request the facade refuses (the core packages raise their own roots)."""

    def __init__(self, message: str, *, code: str, **fields: Any) -> None:
        super().__init__(message)
        self.code = code
        self.fields = fields
