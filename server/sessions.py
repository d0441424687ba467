"""Sessions and tokens: one live session per account, short-lived access tokens, rotating
single-use refresh tokens. Tokens are `<session_id>.<secret>`; only sha256(secret) is stored and
it is compared with `hmac.compare_digest` (docs/protocol.md §3, §4)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import threading
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Literal

from server.errors import ServerError
from server.storage import read_json, write_json

SessionState = Literal["live", "superseded", "ended"]


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("ascii")).hexdigest()


def _new_secret() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).rstrip(b"=").decode("ascii")


@dataclass(frozen=True)
class Session:
    """One login of one account on one device."""

    session_id: str
    user_id: str
    device_id: str
    device_name: str
    client_version: str
    created_at: float
    state: SessionState
    access_hash: str
    access_expires: float
    refresh_hash: str
    refresh_expires: float


@dataclass(frozen=True)
class Tokens:
    """A freshly issued token pair (the only time the secrets exist in clear)."""

    session: Session
    access_token: str
    refresh_token: str


def _unauthorized(
    message: str = "Sign in again: the access token is missing or unknown.",
) -> ServerError:
    return ServerError(
        message, code="unauthorized", status=401, headers={"WWW-Authenticate": "Bearer"}
    )


_STATE_ERRORS: dict[str, tuple[str, str]] = {
    "superseded": (
        "session_superseded",
        "This account signed in on another device; sign in again to continue uploading.",
    ),
    "ended": ("session_ended", "This session was signed out; sign in again."),
}


class SessionStore:
    """Thread-safe session table persisted to `DATA/sessions.json` (so restarts keep sessions)."""

    def __init__(self, data_dir: Path, *, access_ttl: float, refresh_ttl: float) -> None:
        self._path = data_dir / "sessions.json"
        self._access_ttl = access_ttl
        self._refresh_ttl = refresh_ttl
        self._lock = threading.Lock()
        self._sessions: dict[str, Session] = {}
        if self._path.exists():
            for rec in read_json(self._path).get("sessions", []):
                s = Session(**rec)
                self._sessions[s.session_id] = s

    def _save(self) -> None:
        now = time.time()
        # Forget sessions whose refresh token has long expired: they can never be used again.
        self._sessions = {
            k: s for k, s in self._sessions.items() if s.refresh_expires > now - self._refresh_ttl
        }
        write_json(
            self._path, {"version": 1, "sessions": [asdict(s) for s in self._sessions.values()]}
        )

    def _issue(self, base: Session) -> Tokens:
        now = time.time()
        access, refresh = _new_secret(), _new_secret()
        session = replace(
            base,
            access_hash=_hash(access),
            access_expires=now + self._access_ttl,
            refresh_hash=_hash(refresh),
            refresh_expires=now + self._refresh_ttl,
        )
        self._sessions[session.session_id] = session
        self._save()
        sid = session.session_id
        return Tokens(session, f"{sid}.{access}", f"{sid}.{refresh}")

    def login(
        self, user_id: str, *, device_id: str, device_name: str, client_version: str
    ) -> Tokens:
        """Open a session for `user_id`, superseding the account's live one."""
        with self._lock:
            for sid, s in list(self._sessions.items()):
                if s.user_id == user_id and s.state == "live":
                    self._sessions[sid] = replace(s, state="superseded")
            base = Session(
                session_id=secrets.token_hex(16),
                user_id=user_id,
                device_id=device_id,
                device_name=device_name,
                client_version=client_version,
                created_at=time.time(),
                state="live",
                access_hash="",
                access_expires=0.0,
                refresh_hash="",
                refresh_expires=0.0,
            )
            return self._issue(base)

    def _lookup(self, token: str, which: Literal["access", "refresh"]) -> Session:
        sid, dot, secret = token.partition(".")
        if not dot or not sid or not secret or len(token) > 200 or not secret.isascii():
            sid = ""  # malformed: handled like an unknown session below
        with self._lock:
            session = self._sessions.get(sid)
        stored = session.access_hash if session and which == "access" else None
        if session and which == "refresh":
            stored = session.refresh_hash
        # Constant-time comparison of the hashes, done even for an unknown session.
        ok = bool(sid) and hmac.compare_digest(_hash(secret if sid else ""), stored or "0" * 64)
        if session is None or not ok:
            if which == "refresh":
                raise ServerError(
                    "Sign in again: the refresh token is unknown or was already used.",
                    code="invalid_refresh_token",
                    status=401,
                )
            raise _unauthorized()
        if session.state != "live":
            code, message = _STATE_ERRORS[session.state]
            raise ServerError(message, code=code, status=401)
        return session

    def authenticate(self, token: str) -> Session:
        """The live session of an access token, or 401 with the reason."""
        session = self._lookup(token, "access")
        if session.access_expires <= time.time():
            raise ServerError(
                "The access token expired; refresh it.",
                code="token_expired",
                status=401,
                headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
            )
        return session

    def refresh(self, token: str) -> Tokens:
        """Rotate both tokens of a live session (the old refresh token dies)."""
        session = self._lookup(token, "refresh")
        if session.refresh_expires <= time.time():
            raise ServerError(
                "Sign in again: the refresh token expired.",
                code="invalid_refresh_token",
                status=401,
            )
        with self._lock:
            current = self._sessions.get(session.session_id)
            # A concurrent refresh or login may have won the race meanwhile.
            if current is None or current.refresh_hash != session.refresh_hash:
                raise ServerError(
                    "Sign in again: the refresh token was already used.",
                    code="invalid_refresh_token",
                    status=401,
                )
            if current.state != "live":
                code, message = _STATE_ERRORS[current.state]
                raise ServerError(message, code=code, status=401)
            return self._issue(current)

    def logout(self, session_id: str) -> None:
        """End a session: its tokens then get 401 session_ended."""
        with self._lock:
            s = self._sessions.get(session_id)
            if s is not None and s.state == "live":
                self._sessions[session_id] = replace(s, state="ended")
                self._save()
