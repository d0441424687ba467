"""Tenants, accounts, sessions, device proofs and login-throttle counters in the metadata
database (`server.db`), so that every replica sees the same: a session opened on one replica
authenticates on all, the one-live-session rule is a unique index, a lockout counted on one
replica holds on all. Same behaviour and errors as the JSON stores of one server
(`server.users`, `server.sessions`, `server.devices`, `server.throttle`)."""

from __future__ import annotations

import base64
import re
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any, TypeVar

import anyio
import anyio.to_thread

from server.db import Database
from server.devices import Devices
from server.errors import ServerError
from server.sessions import Session, Sessions
from server.throttle import LoginThrottle, ThrottleKeys, _Bucket
from server.users import Accounts, User

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


class _DbUserRows:
    """The `users` table (`server.users.UserRows`)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def get(self, name: str) -> User | None:
        r = self.db.one("SELECT user_id, salt, key, n FROM users WHERE user_id = ?", (name,))
        if r is None:
            return None
        return User(r[0], base64.b64decode(r[1]), base64.b64decode(r[2]), int(r[3]))

    def put(self, user: User, tenant: str) -> None:
        salt, key = _b64(user.salt), _b64(user.key)
        self.db.execute(
            "INSERT INTO users (user_id, tenant_id, salt, key, n) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (user_id) DO UPDATE SET salt = excluded.salt, key = excluded.key, "
            "n = excluded.n",
            (user.user_id, tenant, salt, key, user.n),
        )

    def swap(self, old: User, new: User) -> bool:
        changed = self.db.execute(
            "UPDATE users SET salt = ?, key = ?, n = ? "
            "WHERE user_id = ? AND salt = ? AND key = ? AND n = ?",
            (*_hashes(new), old.user_id, *_hashes(old)),
        )
        return bool(changed)


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def _hashes(user: User) -> tuple[str, str, int]:
    return _b64(user.salt), _b64(user.key), user.n


class SharedUsers(Accounts):
    """Accounts in the database, each in one tenant: the rules of `server.users.Accounts`."""

    def __init__(self, db: Database, *, scrypt_n: int, tenant: str = DEFAULT_TENANT) -> None:
        self.db = db
        self.tenant = tenant  # where `set_password` puts a new account
        self._rows = _DbUserRows(db)
        super().__init__(self._rows, scrypt_n=scrypt_n)

    def set_password(self, name: str, password: str, *, tenant: str | None = None) -> User:
        """Create the account `name` (in `tenant`), or change its password."""
        user = self.hashed(name, password)
        self._rows.put(user, tenant or self.tenant)
        return user


_SESSION_COLUMNS = (
    "session_id, user_id, device_id, device_name, client_version, created_at, state, "
    "access_hash, access_expires, refresh_hash, refresh_expires"
)


class _DbSessionRows:
    """The `sessions` table (`server.sessions.SessionRows`)."""

    def __init__(self, db: Database, *, keep_for: float) -> None:
        self.db = db
        self._keep_for = keep_for  # how long after its refresh expiry a session is kept

    def get(self, session_id: str) -> Session | None:
        r = self.db.one(
            f"SELECT {_SESSION_COLUMNS} FROM sessions WHERE session_id = ?", (session_id,)
        )
        return None if r is None else Session(*r)

    def open(self, session: Session) -> None:
        user_id = session.user_id
        with self.db.transaction() as tx:
            if self.db.pg:
                # Logins of one account take turns, whichever replica they reach (the unique
                # index on live sessions would otherwise fail the later one).
                tx.execute("SELECT pg_advisory_xact_lock(hashtext(?))", (f"login:{user_id}",))
            tx.execute(
                "UPDATE sessions SET state = 'superseded' WHERE user_id = ? AND state = 'live'",
                (user_id,),
            )
            tx.execute(
                "DELETE FROM sessions WHERE user_id = ? AND refresh_expires < ?",
                (user_id, time.time() - self._keep_for),
            )
            tenant = tx.query("SELECT tenant_id FROM users WHERE user_id = ?", (user_id,))
            tx.execute(
                f"INSERT INTO sessions ({_SESSION_COLUMNS}, tenant_id) VALUES "
                "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*asdict(session).values(), tenant[0][0] if tenant else DEFAULT_TENANT),
            )

    def rotate(self, session: Session, old_refresh_hash: str) -> bool:
        s = session
        return bool(
            self.db.execute(
                "UPDATE sessions SET access_hash = ?, access_expires = ?, refresh_hash = ?, "
                "refresh_expires = ? WHERE session_id = ? AND refresh_hash = ? AND state = 'live'",
                (
                    s.access_hash,
                    s.access_expires,
                    s.refresh_hash,
                    s.refresh_expires,
                    s.session_id,
                    old_refresh_hash,
                ),
            )
        )

    def end(self, session_id: str) -> None:
        self.db.execute(
            "UPDATE sessions SET state = 'ended' WHERE session_id = ? AND state = 'live'",
            (session_id,),
        )


class SharedSessions(Sessions):
    """Sessions in the database: the rules of `server.sessions.Sessions`; a session opened on
    one replica authenticates on all."""

    def __init__(self, db: Database, *, access_ttl: float, refresh_ttl: float) -> None:
        self.db = db
        rows = _DbSessionRows(db, keep_for=refresh_ttl)
        super().__init__(rows, access_ttl=access_ttl, refresh_ttl=refresh_ttl)


class _DbDeviceRows:
    """The `devices` table (`server.devices.DeviceRows`)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def get(self, user_id: str, device_id: str) -> tuple[str, float] | None:
        r = self.db.one(
            "SELECT hash, issued_at FROM devices WHERE user_id = ? AND device_id = ?",
            (user_id, device_id),
        )
        return None if r is None else (str(r[0]), float(r[1]))

    def put(self, user_id: str, device_id: str, proof_hash: str, issued_at: float) -> None:
        self.db.execute(
            "INSERT INTO devices (user_id, device_id, hash, issued_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (user_id, device_id) DO UPDATE SET hash = excluded.hash, "
            "issued_at = excluded.issued_at",
            (user_id, device_id, proof_hash, issued_at),
        )


class SharedDevices(Devices):
    """Device proofs in the database: the rules of `server.devices.Devices`."""

    def __init__(self, db: Database, *, ttl: float) -> None:
        self.db = db
        super().__init__(_DbDeviceRows(db), ttl=ttl)


class DbThrottle(LoginThrottle):
    """`LoginThrottle` whose buckets live in the database (wall-clock times), read and written
    back in one transaction per step, so that every replica counts against the same
    allowance."""

    def __init__(self, db: Database, **kwargs: Any) -> None:
        self._local = threading.local()  # each worker thread's transaction and buckets
        super().__init__(clock=time.time, **kwargs)
        self.db = db

    @property
    def _buckets(self) -> dict[str, _Bucket]:
        if not hasattr(self._local, "buckets"):
            self._local.buckets = {}
        return self._local.buckets  # type: ignore[no-any-return]

    @_buckets.setter
    def _buckets(self, value: dict[str, _Bucket]) -> None:
        self._local.buckets = value

    @property
    def _inside(self) -> bool:
        # A step calls others (admit calls retry_after): one transaction.
        return bool(getattr(self._local, "inside", False))

    @_inside.setter
    def _inside(self, value: bool) -> None:
        self._local.inside = value

    async def _step(self, step: Callable[[ThrottleKeys], T], keys: ThrottleKeys) -> T:
        # The transaction may wait on another replica's row lock: never on the event loop.
        return await anyio.to_thread.run_sync(step, keys)

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
