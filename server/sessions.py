"""Sessions and tokens: one live session per account, short-lived access tokens, rotating
single-use refresh tokens. Tokens are `<session_id>.<secret>`; only sha256(secret) is stored and
it is compared with `hmac.compare_digest` (docs/protocol.md §3, §4).

The rules are `Sessions`, written once over `SessionRows`, the small interface of where the rows
live: `SessionStore` keeps them in `DATA/sessions.json` (one server), `server.shared_accounts`
in the metadata database (replicas)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import threading
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Literal, Protocol

from server.errors import ServerError
from server.storage import read_json, write_json

SessionState = Literal["live", "superseded", "ended"]


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("ascii")).hexdigest()


def new_secret() -> str:
    """32 random bytes, URL-safe base64 without padding (token secrets, device proofs)."""
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


class SessionRows(Protocol):
    """Where sessions are kept. Each call is atomic on its own."""

    def get(self, session_id: str) -> Session | None:
        """The session, or None."""
        ...

    def open(self, session: Session) -> None:
        """Store a new live session, superseding the live one of its account (in the same
        step, so that an account never has two)."""
        ...

    def rotate(self, session: Session, old_refresh_hash: str) -> bool:
        """Store `session`'s new token hashes and expiries if the stored one is still live
        with `old_refresh_hash`; False if not (a concurrent refresh or login won)."""
        ...

    def end(self, session_id: str) -> None:
        """Mark the session ended if it is live."""
        ...


def _refresh_used() -> ServerError:
    return ServerError(
        "Sign in again: the refresh token was already used.",
        code="invalid_refresh_token",
        status=401,
    )


def _not_live(session: Session) -> ServerError:
    code, message = _STATE_ERRORS[session.state]
    return ServerError(message, code=code, status=401)


class Sessions:
    """The session rules over `rows`: login supersedes, tokens expire, refresh rotates."""

    def __init__(self, rows: SessionRows, *, access_ttl: float, refresh_ttl: float) -> None:
        self.rows = rows
        self._access_ttl = access_ttl
        self._refresh_ttl = refresh_ttl

    def _issue(self, base: Session) -> tuple[Session, Tokens]:
        now = time.time()
        access, refresh = new_secret(), new_secret()
        session = replace(
            base,
            access_hash=_hash(access),
            access_expires=now + self._access_ttl,
            refresh_hash=_hash(refresh),
            refresh_expires=now + self._refresh_ttl,
        )
        sid = session.session_id
        return session, Tokens(session, f"{sid}.{access}", f"{sid}.{refresh}")

    def login(
        self, user_id: str, *, device_id: str, device_name: str, client_version: str
    ) -> Tokens:
        """Open a session for `user_id`, superseding the account's live one."""
        session, tokens = self._issue(
            Session(
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
        )
        self.rows.open(session)
        return tokens

    def _lookup(self, token: str, which: Literal["access", "refresh"]) -> Session:
        sid, dot, secret = token.partition(".")
        if not dot or not sid or not secret or len(token) > 200 or not secret.isascii():
            sid = ""  # malformed: handled like an unknown session below
        session = self.rows.get(sid) if sid else None
        stored = None
        if session is not None:
            stored = session.access_hash if which == "access" else session.refresh_hash
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
            raise _not_live(session)
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
        rotated, tokens = self._issue(session)
        if not self.rows.rotate(rotated, session.refresh_hash):
            # A concurrent refresh or login won the race meanwhile.
            current = self.rows.get(session.session_id)
            if current is None or current.refresh_hash != session.refresh_hash:
                raise _refresh_used()
            raise _not_live(current)
        return tokens

    def logout(self, session_id: str) -> None:
        """End a session: its tokens then get 401 session_ended."""
        self.rows.end(session_id)


class _JsonRows:
    """Thread-safe session table persisted to `DATA/sessions.json` (so restarts keep sessions).
    Sessions whose refresh token expired `keep_for` seconds ago are forgotten when it is
    written."""

    def __init__(self, data_dir: Path, *, keep_for: float) -> None:
        self._path = data_dir / "sessions.json"
        self._keep_for = keep_for
        self._lock = threading.Lock()
        self._sessions: dict[str, Session] = {}
        if self._path.exists():
            for rec in read_json(self._path).get("sessions", []):
                s = Session(**rec)
                self._sessions[s.session_id] = s

    def _save(self) -> None:
        now = time.time()
        # They can never be used again.
        self._sessions = {
            k: s for k, s in self._sessions.items() if s.refresh_expires > now - self._keep_for
        }
        write_json(
            self._path, {"version": 1, "sessions": [asdict(s) for s in self._sessions.values()]}
        )

    def get(self, session_id: str) -> Session | None:
        with self._lock:
            return self._sessions.get(session_id)

    def open(self, session: Session) -> None:
        with self._lock:
            for sid, s in list(self._sessions.items()):
                if s.user_id == session.user_id and s.state == "live":
                    self._sessions[sid] = replace(s, state="superseded")
            self._sessions[session.session_id] = session
            self._save()

    def rotate(self, session: Session, old_refresh_hash: str) -> bool:
        with self._lock:
            current = self._sessions.get(session.session_id)
            if current is None or current.refresh_hash != old_refresh_hash:
                return False
            if current.state != "live":
                return False
            self._sessions[session.session_id] = session
            self._save()
            return True

    def end(self, session_id: str) -> None:
        with self._lock:
            s = self._sessions.get(session_id)
            if s is not None and s.state == "live":
                self._sessions[session_id] = replace(s, state="ended")
                self._save()


class SessionStore(Sessions):
    """The sessions of one server, in `DATA/sessions.json`."""

    def __init__(self, data_dir: Path, *, access_ttl: float, refresh_ttl: float) -> None:
        rows = _JsonRows(data_dir, keep_for=refresh_ttl)
        super().__init__(rows, access_ttl=access_ttl, refresh_ttl=refresh_ttl)
