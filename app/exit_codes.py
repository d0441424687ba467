"""`logmeets` exit statuses: one per cause, so a script can tell "sign in again" from "the
network is down" without reading the message. The table below is the only place they are
defined; `logmeets --help` prints it (`epilog`) and README.md "Exit statuses" repeats it.

An error's stable `code` picks the row (for `sync --once`, the code of the reason it stopped);
a code in no row exits 1.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["EXITS", "OK", "ExitCause", "epilog", "exit_status"]


@dataclass(frozen=True)
class ExitCause:
    """One exit status: what it means and the error codes that end in it."""

    status: int
    meaning: str
    codes: frozenset[str] = frozenset()


OK = 0
ERROR = 1
USAGE = 2
UNEXPECTED = 70
PROXY_AUTH = 12
INTERRUPTED = 130

EXITS: tuple[ExitCause, ...] = (
    ExitCause(OK, "done"),
    ExitCause(ERROR, "failed for another reason (the message says what to do)"),
    ExitCause(USAGE, "wrong command-line arguments"),
    ExitCause(
        3,
        "no usable keyring (none, locked or not answering)",
        frozenset(
            {"no_secure_keyring", "keyring_unavailable", "keyring_locked", "keyring_timeout"}
        ),
    ),
    ExitCause(4, "no server set up (sign in with `logmeets login`)", frozenset({"no_server"})),
    ExitCause(
        5,
        "sign-in needed (refused, expired or taken over by another sign-in)",
        frozenset({"auth_needed", "bad_credentials", "session_superseded"}),
    ),
    ExitCause(
        6,
        "server not reachable (offline, timed out, connection lost)",
        frozenset({"offline", "timeout", "connection_lost"}),
    ),
    ExitCause(
        7,
        "the server's certificate is not trusted or not the pinned one",
        frozenset({"tls_untrusted", "tls_pin_mismatch"}),
    ),
    ExitCause(
        8,
        "no microphone, or the device asked for (microphone or system audio) is missing or "
        "cannot be opened",
        frozenset(
            {
                "no_microphone",
                "device_not_found",
                "device_ambiguous",
                "device_gone",
                "device_open_failed",
                "system_source_not_found",
            }
        ),
    ),
    ExitCause(9, "the disk is full", frozenset({"disk_full"})),
    ExitCause(
        10, "another LogMeets Recorder holds the data directory", frozenset({"already_running"})
    ),
    ExitCause(11, "`sync --once` left something pending for another reason"),
    ExitCause(
        PROXY_AUTH,
        "the proxy asks for a sign-in (`logmeets proxy login`)",
        frozenset({"proxy_auth_needed"}),
    ),
    ExitCause(UNEXPECTED, "unexpected error (details in the log)"),
    ExitCause(INTERRUPTED, "interrupted (Ctrl+C)"),
)
SYNC_INCOMPLETE = 11

_BY_CODE = {code: cause.status for cause in EXITS for code in cause.codes}


def exit_status(error: BaseException) -> int:
    """The exit status for an explained error (one with a stable `code`)."""
    code = str(getattr(error, "code", ""))
    if code == "sync_incomplete":
        reason = str(getattr(error, "fields", {}).get("reason", ""))
        return _BY_CODE.get(reason, SYNC_INCOMPLETE)
    return _BY_CODE.get(code, ERROR)


def epilog() -> str:
    """The exit statuses as `logmeets --help` shows them."""
    rows = "\n".join(f"  {c.status:>3}  {c.meaning}" for c in EXITS)
    return f"exit statuses:\n{rows}"
