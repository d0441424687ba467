"""`serve --min-client-version`: clients older than the minimum get `426 client_too_old`
(docs/protocol.md §8). The client's version is its `LogMeets-Client-Version` header, else the
`client_version` it signed in with."""

from __future__ import annotations

from packaging.version import InvalidVersion, Version

from server.errors import ServerError

#: The request header a client states its version in, and the answer's header naming the minimum
#: (a HEAD answer has no body to carry it).
CLIENT_VERSION_HEADER = "LogMeets-Client-Version"
MIN_VERSION_HEADER = "LogMeets-Min-Client-Version"


def check_minimum(minimum: str) -> str:
    """`minimum` if it is a version (PEP 440), else a ServerError for the command line."""
    try:
        Version(minimum)
    except InvalidVersion:
        raise ServerError(
            f"--min-client-version {minimum!r} is not a version such as 0.2.0.",
            code="bad_min_client_version",
        ) from None
    return minimum


def require_client(version: str | None, minimum: str | None) -> None:
    """Raises 426 client_too_old when `version` is older than `minimum` (or unreadable)."""
    if minimum is None or version is None:
        return
    try:
        old = Version(version) < Version(minimum)
    except InvalidVersion:
        old = True
    if old:
        raise ServerError(
            f"This server needs LogMeets {minimum} or newer; this is {version}. Update the app.",
            code="client_too_old",
            status=426,
            headers={MIN_VERSION_HEADER: minimum},
            min_version=minimum,
        )
