"""Tenants, accounts, sessions, device proofs and login-throttle counters in the metadata
database (`server.db`), so that every replica sees the same: a session opened on one replica
authenticates on all, the one-live-session rule is a unique index, a lockout counted on one
replica holds on all. Same behaviour and errors as the JSON stores of one server
(`server.users`, `server.sessions`, `server.devices`, `server.throttle`)."""

from __future__ import annotations

import base64
import hmac
import os
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from typing import Any, Literal, TypeVar

from server.db import Database, Row, Tx
from server.devices import _hash as _proof_hash
from server.errors import ServerError
from server.sessions import _STATE_ERRORS, Session, Tokens, _hash, _new_secret, _unauthorized
from server.throttle import LoginThrottle, ThrottleKeys, _Bucket
from server.users import _DKLEN, User, _scrypt
from server.validate import USER_RE

T = TypeVar("T")
TENANT_RE = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")
DEFAULT_TENANT = "default"


@dataclass(frozen=True)
class Tenant:
    """One organisation: its age recipient and the key prefix of its objects."""

    tenant_id: str
    recipient: str
    prefix: str


class Tenants:
    """The tenant table."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def put(self, tenant_id: str, recipient: str, prefix: str | None = None) -> Tenant:
        """Create a tenant or change its recipient."""
        if not TENANT_RE.fullmatch(tenant_id):
            raise ServerError(
                "A tenant id has 1 to 63 characters of a-z 0-9 -, starting with a letter or digit.",
                code="invalid_tenant",
                field="tenant",
            )
        prefix = prefix or tenant_id
        self.db.execute(
            "INSERT INTO tenants (tenant_id, recipient, prefix, created_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (tenant_id) DO UPDATE SET recipient = excluded.recipient",
            (tenant_id, recipient, prefix, time.time()),
        )
        got = self.get(tenant_id)
        assert got is not None
        return got

    def get(self, tenant_id: str) -> Tenant | None:
        """The tenant, or None."""
        r = self.db.one(
            "SELECT tenant_id, recipient, prefix FROM tenants WHERE tenant_id = ?", (tenant_id,)
        )
        return None if r is None else Tenant(*r)

    def of_user(self, user_id: str) -> Tenant:
        """The tenant of an account."""
        r = self.db.one(
            "SELECT t.tenant_id, t.recipient, t.prefix FROM users u JOIN tenants t "
            "ON t.tenant_id = u.tenant_id WHERE u.user_id = ?",
            (user_id,),
        )
        if r is None:
            raise ServerError("No such account.", code="not_found", status=404)
        return Tenant(*r)


class SharedUsers:
    """Accounts (scrypt hashes), each in one tenant; the same API as `server.users.UserStore`."""

    def __init__(self, db: Database, *, scrypt_n: int, tenant: str = DEFAULT_TENANT) -> None:
        self.db = db
        self._scrypt_n = scrypt_n
        self.tenant = tenant  # where `set_password` puts a new account
        self._decoy = User("", b"\0" * 16, b"\0" * _DKLEN, scrypt_n)

    def set_password(self, name: str, password: str, *, tenant: str | None = None) -> User:
        """Create the account `name` (in `tenant`), or change its password."""
        if not USER_RE.fullmatch(name):
            raise ServerError(
                "A user name has 1 to 64 characters of A-Z a-z 0-9 . _ @ -",
                code="invalid_user_name",
                field="user",
            )
        if not 1 <= len(password) <= 1024:
            raise ServerError(
                "A password has 1 to 1024 characters", code="invalid_password", field="password"
            )
        salt = os.urandom(16)
        user = User(name, salt, _scrypt(password, salt, self._scrypt_n), self._scrypt_n)
        self._write(user, tenant or self.tenant)
        return user

    def _write(self, user: User, tenant: str) -> None:
        salt, key = base64.b64encode(user.salt).decode(), base64.b64encode(user.key).decode()
        self.db.execute(
            "INSERT INTO users (user_id, tenant_id, salt, key, n) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (user_id) DO UPDATE SET salt = excluded.salt, key = excluded.key, "
            "n = excluded.n",
            (user.user_id, tenant, salt, key, user.n),
        )

    def _get(self, name: str) -> User | None:
        r = self.db.one("SELECT user_id, salt, key, n FROM users WHERE user_id = ?", (name,))
        if r is None:
            return None
        return User(r[0], base64.b64decode(r[1]), base64.b64decode(r[2]), int(r[3]))

    def verify(self, name: str, password: str) -> User | None:
        """The account if `password` is right, else None. Costs one scrypt either way."""
        user = self._get(name)
        candidate = user or self._decoy
        ok = hmac.compare_digest(_scrypt(password, candidate.salt, candidate.n), candidate.key)
        if not ok or user is None:
            return None
        return user

    def exists(self, name: str) -> bool:
        """Whether the account `name` exists."""
        return self._get(name) is not None


_SESSION_COLUMNS = (
    "session_id, user_id, device_id, device_name, client_version, created_at, state, "
    "access_hash, access_expires, refresh_hash, refresh_expires"
)


def _session(r: Row) -> Session:
    return Session(*r)


class SharedSessions:
    """Sessions in the database; the same API as `server.sessions.SessionStore`."""

    def __init__(self, db: Database, *, access_ttl: float, refresh_ttl: float) -> None:
        self.db = db
        self._access_ttl = access_ttl
        self._refresh_ttl = refresh_ttl

    def _tokens(self, tx: Tx, base: Session, *, insert: bool, old_refresh: str = "") -> Tokens:
        now = time.time()
        access, refresh = _new_secret(), _new_secret()
        s = replace(
            base,
            access_hash=_hash(access),
            access_expires=now + self._access_ttl,
            refresh_hash=_hash(refresh),
            refresh_expires=now + self._refresh_ttl,
        )
        if insert:
            tenant = tx.query("SELECT tenant_id FROM users WHERE user_id = ?", (s.user_id,))
            values = tuple(asdict(s).values())
            tx.execute(
                f"INSERT INTO sessions ({_SESSION_COLUMNS}, tenant_id) VALUES "
                "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*values, tenant[0][0] if tenant else DEFAULT_TENANT),
            )
        else:
            changed = tx.execute(
                "UPDATE sessions SET access_hash = ?, access_expires = ?, refresh_hash = ?, "
                "refresh_expires = ? WHERE session_id = ? AND refresh_hash = ? AND state = 'live'",
                (
                    s.access_hash,
                    s.access_expires,
                    s.refresh_hash,
                    s.refresh_expires,
                    s.session_id,
                    old_refresh,
                ),
            )
            if not changed:  # a concurrent refresh or login won the race
                raise ServerError(
                    "Sign in again: the refresh token was already used.",
                    code="invalid_refresh_token",
                    status=401,
                )
        return Tokens(s, f"{s.session_id}.{access}", f"{s.session_id}.{refresh}")

    def login(
        self, user_id: str, *, device_id: str, device_name: str, client_version: str
    ) -> Tokens:
        """Open a session for `user_id`, superseding the account's live one (on any replica:
        the unique index on live sessions makes concurrent logins take turns)."""
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
        with self.db.transaction() as tx:
            if self.db.pg:
                # Logins of one account take turns, whichever replica they reach.
                tx.execute("SELECT pg_advisory_xact_lock(hashtext(?))", (f"login:{user_id}",))
            tx.execute(
                "UPDATE sessions SET state = 'superseded' WHERE user_id = ? AND state = 'live'",
                (user_id,),
            )
            tx.execute(
                "DELETE FROM sessions WHERE user_id = ? AND refresh_expires < ?",
                (user_id, time.time() - self._refresh_ttl),
            )
            return self._tokens(tx, base, insert=True)

    def _lookup(self, token: str, which: Literal["access", "refresh"]) -> Session:
        sid, dot, secret = token.partition(".")
        if not dot or not sid or not secret or len(token) > 200 or not secret.isascii():
            sid = ""
        r = self.db.one(f"SELECT {_SESSION_COLUMNS} FROM sessions WHERE session_id = ?", (sid,))
        session = None if r is None else _session(r)
        stored = None
        if session is not None:
            stored = session.access_hash if which == "access" else session.refresh_hash
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
        with self.db.transaction() as tx:
            return self._tokens(tx, session, insert=False, old_refresh=session.refresh_hash)

    def logout(self, session_id: str) -> None:
        """End a session: its tokens then get 401 session_ended."""
        self.db.execute(
            "UPDATE sessions SET state = 'ended' WHERE session_id = ? AND state = 'live'",
            (session_id,),
        )


class SharedDevices:
    """Device proofs in the database; the same API as `server.devices.DeviceProofs`."""

    def __init__(self, db: Database, *, ttl: float) -> None:
        self.db = db
        self._ttl = ttl

    def check(self, user_id: str, device_id: str, proof: str) -> bool:
        """Whether `proof` is the live proof last issued to this device of this account."""
        r = self.db.one(
            "SELECT hash, issued_at FROM devices WHERE user_id = ? AND device_id = ?",
            (user_id, device_id),
        )
        live = r is not None and float(r[1]) + self._ttl > time.time()
        stored = r[0] if r is not None and live else "0" * 64
        return hmac.compare_digest(_proof_hash(proof), stored) and live

    def issue(self, user_id: str, device_id: str) -> str:
        """A fresh proof for the device (the previous one dies)."""
        proof = base64.urlsafe_b64encode(secrets.token_bytes(32)).rstrip(b"=").decode("ascii")
        self.db.execute(
            "INSERT INTO devices (user_id, device_id, hash, issued_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (user_id, device_id) DO UPDATE SET hash = excluded.hash, "
            "issued_at = excluded.issued_at",
            (user_id, device_id, _proof_hash(proof), time.time()),
        )
        return proof


class DbThrottle(LoginThrottle):
    """`LoginThrottle` whose buckets live in the database (wall-clock times), read and written
    back in one transaction per step, so that every replica counts against the same
    allowance."""

    def __init__(self, db: Database, **kwargs: Any) -> None:
        super().__init__(clock=time.time, **kwargs)
        self.db = db
        self._inside = False  # a step calls others (admit calls retry_after): one transaction

    def _with(self, keys: ThrottleKeys, step: Callable[[], T]) -> T:
        if self._inside:
            return step()
        self._inside = True
        try:
            return self._transaction(keys, step)
        finally:
            self._inside = False

    def _transaction(self, keys: ThrottleKeys, step: Callable[[], T]) -> T:
        names = [k for k, _allowed in keys.keys]
        lock = " FOR UPDATE" if self.db.pg else ""
        with self.db.transaction() as tx:
            self._buckets = {}
            for name in names:
                rows = tx.query(
                    "SELECT attempts, lockouts, locked_until, last FROM throttle WHERE key = ?"
                    + lock,
                    (name,),
                )
                if rows:
                    a, lo, until, last = rows[0]
                    self._buckets[name] = _Bucket(int(a), int(lo), float(until), float(last))
            try:
                return step()
            finally:
                for name in names:
                    b = self._buckets.get(name)
                    if b is None:
                        tx.execute("DELETE FROM throttle WHERE key = ?", (name,))
                        continue
                    tx.execute(
                        "INSERT INTO throttle (key, attempts, lockouts, locked_until, last) "
                        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET "
                        "attempts = excluded.attempts, lockouts = excluded.lockouts, "
                        "locked_until = excluded.locked_until, last = excluded.last",
                        (name, b.attempts, b.lockouts, b.locked_until, b.last),
                    )
                self._buckets = {}

    def retry_after(self, keys: ThrottleKeys) -> int:
        """As `LoginThrottle.retry_after`, over the shared counters."""
        return self._with(keys, lambda: LoginThrottle.retry_after(self, keys))

    def _in_flight_only(self, keys: ThrottleKeys) -> bool:
        return self._with(keys, lambda: LoginThrottle._in_flight_only(self, keys))

    def admit(self, keys: ThrottleKeys) -> None:
        """As `LoginThrottle.admit`, over the shared counters."""
        self._with(keys, lambda: LoginThrottle.admit(self, keys))

    def failed(self, keys: ThrottleKeys) -> None:
        """As `LoginThrottle.failed`, over the shared counters."""
        self._with(keys, lambda: LoginThrottle.failed(self, keys))

    def succeeded(self, keys: ThrottleKeys) -> None:
        """As `LoginThrottle.succeeded`, over the shared counters."""
        self._with(keys, lambda: LoginThrottle.succeeded(self, keys))
