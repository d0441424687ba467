"""The uploader's exception root. Every error has a stable `code` (translated by `app/`) and
fields; subclasses only group codes so that the retry decision reads plainly."""

from __future__ import annotations

from typing import Any


class UploadError(Exception):
    """Root of every error the uploader raises. `code` is stable; `fields` carry the context.

    `retry_after` (seconds) is set when the server asked for a pause (`Retry-After`)."""

    code = "upload_error"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        retry_after: float | None = None,
        **fields: Any,
    ) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code
        self.retry_after = retry_after
        self.fields = fields


class NetworkError(UploadError):
    """The request did not get an HTTP answer: refused, reset, cut mid-body, timed out, DNS.
    Codes: `offline` (could not connect), `timeout`, `connection_lost`."""

    code = "offline"


class TLSError(UploadError):
    """The server's certificate was not trusted or did not match the pin. Codes:
    `tls_untrusted`, `tls_pin_mismatch`. Not retried quickly: it will not heal by itself."""

    code = "tls_untrusted"


class ProxyError(UploadError):
    """The proxy stands in the way. Codes: `proxy_auth_needed` (it answered 407: sign in to it
    with `logmeets proxy login`; field `proxy`), `proxy_pac_failed` (the PAC file could not be
    fetched or run; fields `url`, `reason`). Not retried soon: only the user or IT can fix it."""

    code = "proxy_auth_needed"


class InsecureURLError(UploadError):
    """A plain `http://` URL to a host other than loopback, refused. Code `insecure_url`."""

    code = "insecure_url"


class ForeignOriginError(UploadError):
    """A URL on an origin other than the tus endpoint's, refused before anything (the bearer
    token above all) is sent to it. Codes: `foreign_location` (the server's Location),
    `foreign_upload_url` (a stored upload URL of a chunk already uploaded), `foreign_origin` (any
    other request). Not retried soon: only a fix of the server's configuration helps."""

    code = "foreign_origin"


class HTTPStatusError(UploadError):
    """The server answered with a status the caller did not expect. `status` is the HTTP
    status; `error` is the JSON body's `error` code when the server sent one."""

    code = "http_status"

    def __init__(
        self,
        message: str,
        *,
        status: int,
        error: str | None = None,
        code: str | None = None,
        retry_after: float | None = None,
        **fields: Any,
    ) -> None:
        super().__init__(
            message, code=code, retry_after=retry_after, status=status, error=error, **fields
        )
        self.status = status
        self.error = error


class ClientTooOld(HTTPStatusError):
    """`426 client_too_old`: the server needs a newer LogMeets (field `min_version`, "" when it
    did not say). Not retried until the app is updated; every chunk stays on this computer."""

    code = "client_too_old"


class AuthError(UploadError):
    """Signing in is needed. Codes: `auth_needed` (no session or the refresh token was
    refused), `bad_credentials` (login refused), `session_superseded` (another login of the
    same account replaced this one: stop uploading, keep everything, sign in again)."""

    code = "auth_needed"


class CustodyError(UploadError):
    """Nothing may be uploaded because the organisation could not decrypt it. Codes:
    `org_recipient_unknown` (no recipient configured or announced yet), `org_recipient_changed`
    (the server announces another recipient than the one the administrator pinned; fields
    `pinned`, `announced`). Not retried: only signing in or a configuration change helps."""

    code = "org_recipient_unknown"


class ProtocolError(UploadError):
    """The server broke the tus protocol or the upload API (missing Location, offset out of
    range, unreadable receipt). Code `protocol_error`."""

    code = "protocol_error"


class SyncIncomplete(UploadError):
    """`sync --once` ended with chunks still pending. Code `sync_incomplete`, fields
    `pending` (count) and `reason` (why the last one could not go)."""

    code = "sync_incomplete"
