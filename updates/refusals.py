"""python-tuf's and tufup's exceptions turned into our codes: one per attack TUF stops, so the
user (and the audit of a refused update) sees which one it was."""

from __future__ import annotations

from tuf.api import exceptions as tuf_errors

from updates.errors import UpdateError
from uploader import NetworkError, UploadError

_ROLES = ("timestamp", "snapshot", "targets", "root")


def _role(message: str) -> str:
    """The first TUF role a tuf message names ("" when none)."""
    found = [(message.find(r), r) for r in _ROLES if r in message]
    return min(found)[1] if found else ""


def refusal(
    exc: BaseException, *, target: str = "", fetching: str = ""
) -> UpdateError | UploadError:
    """The coded error for a failed refresh or download. `target` names the file being
    downloaded when a target (not metadata) was; `fetching` the last file asked for."""
    for cause in _causes(exc):
        if isinstance(cause, UploadError):
            return cause  # offline, tls_untrusted, tls_pin_mismatch, ...: the uploader's texts
    msg = str(exc)
    role = _role(msg)
    if isinstance(exc, tuf_errors.DownloadLengthMismatchError):
        what = target or fetching.removesuffix(".json") or role or "metadata"
        return UpdateError(msg, code="update_too_large", what=what)
    if isinstance(exc, tuf_errors.DownloadHTTPError):
        return UpdateError(msg, code="update_unavailable", status=exc.status_code)
    if isinstance(exc, tuf_errors.DownloadError):
        return NetworkError(f"update download failed: {msg}", code="connection_lost")
    if isinstance(exc, tuf_errors.UnsignedMetadataError):
        return UpdateError(msg, code="update_untrusted", role=role or "root")
    if isinstance(exc, tuf_errors.ExpiredMetadataError):
        return UpdateError(msg, code="update_expired", role=role or "timestamp")
    if isinstance(exc, tuf_errors.BadVersionNumberError):
        # "Expected targets v3, got v2": a file that does not match what snapshot (or
        # timestamp) says: mix-and-match. Otherwise a version older than one already seen.
        code = "update_inconsistent" if msg.startswith("Expected") else "update_rollback"
        return UpdateError(msg, code=code, role=role)
    if isinstance(exc, tuf_errors.LengthOrHashMismatchError):
        if target:
            return UpdateError(msg, code="update_tampered", target=target)
        return UpdateError(msg, code="update_inconsistent", role=role)
    if isinstance(exc, tuf_errors.RepositoryError):
        return UpdateError(msg, code="update_untrusted", role=role or "root")
    return UpdateError(msg or type(exc).__name__, code="update_error", reason=msg)


def _causes(exc: BaseException) -> list[BaseException]:
    out: list[BaseException] = []
    cur: BaseException | None = exc
    while cur is not None and len(out) < 10:
        out.append(cur)
        cur = cur.__cause__ or cur.__context__
    return out
