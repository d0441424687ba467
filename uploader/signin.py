"""Signing in to a LogMeets server (docs/protocol.md §3), and the static-token alternative for a
plain tus server behind an auth proxy.

The refresh token lives in the OS keyring only (through `crypto.keystore.KeyStore`); the access
token only in memory. Refresh tokens are single use: each refresh stores the new one before the
old one is forgotten. A `session_superseded` answer (the account signed in elsewhere) stops
uploads and asks the user to sign in again; nothing local is deleted.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from crypto import KeyStore
from uploader.errors import AuthError, ProtocolError
from uploader.transport import Reply, Transport, check_url, status_error

log = logging.getLogger(__name__)

REFRESH_TOKEN_KEY = "uploader/refresh_token"  # noqa: S105  (a keyring entry name)
STATIC_TOKEN_KEY = "uploader/tus_token"  # noqa: S105  (a keyring entry name)
API = "/api/v1"
EARLY_REFRESH = 30.0  # refresh this many seconds before the access token expires


@dataclass(frozen=True)
class SessionInfo:
    """What login and refresh return that the client keeps (no secrets)."""

    user_id: str
    session_id: str
    org_recipient: str | None
    tus_endpoint: str


class SignInSession:
    """A signed-in session with one server. An `AuthProvider` for the tus client, and the
    helper that sends authenticated API requests (receipts, manifests)."""

    def __init__(
        self,
        transport: Transport,
        server_url: str,
        keystore: KeyStore,
        *,
        device_id: str = "",
        device_name: str = "",
        client_version: str = "0.1.0",
    ) -> None:
        check_url(server_url)
        self.transport = transport
        self.server_url = server_url.rstrip("/")
        self.keystore = keystore
        self.device_id = device_id or "unknown-device"  # the API wants 1-64 characters
        self.device_name = device_name
        self.client_version = client_version
        self.info: SessionInfo | None = None
        self.superseded = False
        self._access: str | None = None
        self._expires_at = 0.0
        self._lock = threading.RLock()

    # -- login, refresh, logout ----------------------------------------------------------

    def login(self, user: str, password: str) -> SessionInfo:
        """POST /api/v1/session. Stores the refresh token in the keyring. A wrong user or
        password raises AuthError(code="bad_credentials"); too many tries, HTTPStatusError 429
        with `retry_after`."""
        body = {
            "user": user,
            "password": password,
            "device_id": self.device_id,
            "device_name": self.device_name,
            "client_version": self.client_version,
        }
        reply = self._post_json(f"{API}/session", body)
        if reply.status == 401:
            raise AuthError("wrong user name or password", code="bad_credentials", user=user)
        if reply.status != 201:
            raise status_error(reply, "login")
        with self._lock:
            self.superseded = False
            return self._accept(reply)

    def refresh(self) -> SessionInfo:
        """Trades the stored refresh token for new tokens. Raises AuthError: `auth_needed` when
        there is no usable refresh token, `session_superseded` when another login replaced
        this one."""
        with self._lock:
            token = self.keystore.get(REFRESH_TOKEN_KEY)
            if not token:
                raise AuthError("not signed in", code="auth_needed", server=self.server_url)
            reply = self._post_json(f"{API}/session/refresh", {"refresh_token": token})
            if reply.status == 200:
                return self._accept(reply)
            code = reply.error_code
            if reply.status == 401:
                self._access = None
                if code == "session_superseded":
                    self.superseded = True
                    raise AuthError("this account signed in elsewhere", code="session_superseded")
                # Dead for good (used, expired, logged out): forget it, ask for a sign-in.
                self.keystore.delete(REFRESH_TOKEN_KEY)
                raise AuthError("the session has ended", code="auth_needed", reason=code or "")
            raise status_error(reply, "refresh")

    def logout(self) -> None:
        """Ends the session at the server (best effort) and forgets both tokens."""
        with self._lock:
            try:
                if self._access is None and self.keystore.get(REFRESH_TOKEN_KEY):
                    self.refresh()
                if self._access is not None:
                    reply = self.transport.request(
                        "DELETE", self.server_url + f"{API}/session", headers=self._auth_headers()
                    )
                    if reply.status not in (204, 401):
                        log.warning("logout answered HTTP %s", reply.status)
            except AuthError:
                pass  # already ended or superseded: nothing to end at the server
            finally:
                self._access = None
                self.info = None
                self.keystore.delete(REFRESH_TOKEN_KEY)

    def ensure(self) -> SessionInfo:
        """A valid access token and the session's info (refreshing when needed)."""
        with self._lock:
            if self._access is None or time.monotonic() >= self._expires_at:
                self.refresh()
            assert self.info is not None
            return self.info

    # -- AuthProvider ----------------------------------------------------------------------

    def authorization(self) -> str | None:
        """`Bearer <access token>`, refreshed first when it is about to expire."""
        self.ensure()
        return f"Bearer {self._access}"

    def unauthorized(self, reply: Reply) -> None:
        """A 401: refresh once; `session_superseded` stops at once. HEAD answers carry no body,
        so a superseded HEAD is only recognised by the refresh that follows."""
        code = reply.error_code
        with self._lock:
            if code == "session_superseded":
                self.superseded = True
                self._access = None
                raise AuthError("this account signed in elsewhere", code="session_superseded")
            self._access = None
            self.refresh()

    # -- authenticated API calls ---------------------------------------------------------

    def api(self, method: str, path: str, body: Mapping[str, Any] | None = None) -> Reply:
        """Sends an API request with the access token; on 401 refreshes once and retries."""
        for attempt in (1, 2):
            self.ensure()
            headers = self._auth_headers()
            data = None
            if body is not None:
                headers["Content-Type"] = "application/json"
                data = json.dumps(body).encode("utf-8")
            reply = self.transport.request(
                method, self.server_url + path, headers=headers, body=data
            )
            if reply.status != 401 or attempt == 2:
                if reply.status == 401:
                    self.unauthorized(reply)  # raises for superseded/ended
                return reply
            self.unauthorized(reply)
        raise AssertionError("unreachable")

    def chunk_path(self, chunk_id: str) -> str:
        """The receipt path of a chunk."""
        return f"{API}/chunks/{quote(chunk_id, safe='')}"

    def recording_path(self, recording_id: str) -> str:
        """The manifest path of a recording."""
        return f"{API}/recordings/{quote(recording_id, safe='')}"

    # -- internals -----------------------------------------------------------------------

    def _auth_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self._access}"} if self._access else {}

    def _post_json(self, path: str, body: Mapping[str, Any]) -> Reply:
        return self.transport.request(
            "POST",
            self.server_url + path,
            headers={"Content-Type": "application/json"},
            body=json.dumps(body).encode("utf-8"),
        )

    def _accept(self, reply: Reply) -> SessionInfo:
        data = reply.json()
        try:
            access = str(data["access_token"])
            refresh = str(data["refresh_token"])
            expires_in = float(data.get("expires_in", 900))
            info = SessionInfo(
                user_id=str(data["user_id"]),
                session_id=str(data.get("session_id", "")),
                org_recipient=data.get("org_recipient"),
                tus_endpoint=str(data["tus_endpoint"]),
            )
        except (TypeError, KeyError, ValueError) as exc:
            raise ProtocolError("the server's session answer is unreadable") from exc
        check_url(info.tus_endpoint)
        # The new refresh token first: the old one is already dead at the server.
        self.keystore.set(REFRESH_TOKEN_KEY, refresh)
        self._access = access
        # Refresh a little early, but never so early that a short-lived token is refreshed
        # before every request.
        self._expires_at = time.monotonic() + expires_in - min(EARLY_REFRESH, expires_in / 4)
        self.info = info
        self.superseded = False
        return info


class StaticToken:
    """AuthProvider for a plain tus server: an optional bearer token from the keyring (for a
    server behind an auth proxy). A 401 cannot be repaired by the client."""

    def __init__(self, keystore: KeyStore | None) -> None:
        self.keystore = keystore

    def authorization(self) -> str | None:
        """`Bearer <token>` when one is stored, else None."""
        token = self.keystore.get(STATIC_TOKEN_KEY) if self.keystore else None
        return f"Bearer {token}" if token else None

    def unauthorized(self, reply: Reply) -> None:
        """Always raises: only a new token (from the administrator) helps."""
        raise AuthError(
            "the tus server refused the configured token", code="auth_needed", url=reply.url
        )
