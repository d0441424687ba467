"""The exception root of `server`: every error carries a stable `code`, an HTTP `status` and
extra `fields` that go into the JSON error body (docs/protocol.md §2)."""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger("server")


class ServerError(Exception):
    """An error the server reports to a client (or to the `logmeets-server` command line).

    `code` is the stable machine code of docs/protocol.md §2; `fields` are added to the JSON
    body; `headers` are added to the HTTP response (for example `Retry-After`).
    """

    def __init__(
        self,
        message: str,
        *,
        code: str = "bad_request",
        status: int = 400,
        headers: dict[str, str] | None = None,
        **fields: Any,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status
        self.headers = dict(headers or {})
        self.fields = fields

    def body(self) -> dict[str, Any]:
        """The JSON error body: `{"error": code, "message": text, **fields}`."""
        return {"error": self.code, "message": self.message, **self.fields}


def invalid(field: str, message: str) -> ServerError:
    """A 400 `invalid_field` naming the field at fault."""
    return ServerError(message, code="invalid_field", status=400, field=field)


def unavailable(code: str, what: str, exc: BaseException) -> ServerError:
    """A 503 with `Retry-After` for a backend the server cannot reach now (`database_unavailable`,
    `store_unavailable`). The detail goes to the log only (it names internal hosts); clients retry
    later (docs/protocol.md §2)."""
    log.warning("%s: %s", what, str(exc).strip() or type(exc).__name__)
    return ServerError(
        f"{what} (the server's log says why); retry later.",
        code=code,
        status=503,
        headers={"Retry-After": "5"},
    )
