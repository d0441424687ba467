"""Accounts: names and scrypt password hashes. The rules (`Accounts`: what a name and a
password may be, one scrypt per attempt whether the name exists or not, re-hashing a password
stored at a lower cost) are written once over `UserRows`, where the accounts live: `UserStore`
keeps them in `DATA/users.json` (one server), `server.shared_accounts` in the metadata database
(replicas)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from server.errors import ServerError
from server.storage import read_json, write_json
from server.validate import USER_RE

_R = 8
_P = 1
_DKLEN = 32
SCRYPT_N = 2**17  # OWASP's scrypt cost (with r=8, p=1): 128 MiB per hash


def _scrypt(password: str, salt: bytes, n: int) -> bytes:
    # maxmem must exceed 128 * n * r bytes, or OpenSSL refuses.
    return hashlib.scrypt(
        password.encode("utf-8"),
        salt=salt,
        n=n,
        r=_R,
        p=_P,
        dklen=_DKLEN,
        maxmem=256 * n * _R,
    )


@dataclass(frozen=True)
class User:
    """One account: `user_id` equals the account name (stable, unique)."""

    user_id: str
    salt: bytes
    key: bytes
    n: int


class UserRows(Protocol):
    """Where accounts are kept. Each call is atomic on its own."""

    def get(self, name: str) -> User | None:
        """The account, or None."""
        ...

    def swap(self, old: User, new: User) -> bool:
        """Replace `old` by `new` unless the account changed meanwhile; whether it did."""
        ...


class Accounts:
    """The account rules over `rows`; `scrypt_n` is the cost of new hashes."""

    def __init__(self, rows: UserRows, *, scrypt_n: int) -> None:
        self.rows = rows
        self._scrypt_n = scrypt_n
        # A fixed decoy so that an unknown name costs one scrypt like a known one (no timing
        # oracle for which names exist).
        self._decoy = User("", b"\0" * 16, b"\0" * _DKLEN, scrypt_n)

    def hashed(self, name: str, password: str) -> User:
        """The account `name` with `password` hashed at the current cost (not yet stored);
        400 for a bad name or password."""
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
        return User(name, salt, _scrypt(password, salt, self._scrypt_n), self._scrypt_n)

    def verify(self, name: str, password: str) -> User | None:
        """The account if `password` is right, else None. Costs one scrypt either way."""
        user = self.rows.get(name)
        candidate = user or self._decoy
        key = _scrypt(password, candidate.salt, candidate.n)
        ok = hmac.compare_digest(key, candidate.key)
        if not ok or user is None:
            return None
        if user.n < self._scrypt_n:
            user = self._upgrade(user, password)
        return user

    def _upgrade(self, old: User, password: str) -> User:
        """Re-hash a password stored at a lower cost, now that it is known to be right."""
        salt = os.urandom(16)
        new = User(old.user_id, salt, _scrypt(password, salt, self._scrypt_n), self._scrypt_n)
        # Unless the password changed meanwhile (adduser while the server runs).
        self.rows.swap(old, new)
        return new

    def exists(self, name: str) -> bool:
        """Whether the account `name` exists."""
        return self.rows.get(name) is not None


class _JsonRows:
    """Thread-safe account table; every change is written atomically to `users.json`, which is
    read again when it changed on disk (`adduser` works while the server runs)."""

    def __init__(self, data_dir: Path) -> None:
        self._path = data_dir / "users.json"
        self._lock = threading.Lock()
        self._users: dict[str, User] = {}
        self._stamp: tuple[int, int, int] | None = None
        self._reload_if_changed()

    def _reload_if_changed(self) -> None:
        try:
            st = self._path.stat()
        except FileNotFoundError:
            return
        stamp = (st.st_ino, st.st_mtime_ns, st.st_size)  # a new file at each write (replace)
        if stamp == self._stamp:
            return
        doc = read_json(self._path)
        users = {
            name: User(
                user_id=name,
                salt=base64.b64decode(rec["salt"]),
                key=base64.b64decode(rec["key"]),
                n=int(rec["n"]),
            )
            for name, rec in doc.get("users", {}).items()
        }
        self._users, self._stamp = users, stamp

    def _save(self) -> None:
        write_json(
            self._path,
            {
                "version": 1,
                "users": {
                    u.user_id: {
                        "salt": base64.b64encode(u.salt).decode(),
                        "key": base64.b64encode(u.key).decode(),
                        "n": u.n,
                        "r": _R,
                        "p": _P,
                    }
                    for u in self._users.values()
                },
            },
        )

    def get(self, name: str) -> User | None:
        with self._lock:
            self._reload_if_changed()
            return self._users.get(name)

    def put(self, user: User) -> None:
        with self._lock:
            self._reload_if_changed()
            self._users[user.user_id] = user
            self._save()

    def swap(self, old: User, new: User) -> bool:
        with self._lock:
            self._reload_if_changed()
            if self._users.get(old.user_id) != old:
                return False
            self._users[old.user_id] = new
            self._save()
            return True


class UserStore(Accounts):
    """The accounts of one server, in `DATA/users.json`."""

    def __init__(self, data_dir: Path, *, scrypt_n: int = SCRYPT_N) -> None:
        self._rows = _JsonRows(data_dir)
        super().__init__(self._rows, scrypt_n=scrypt_n)

    def set_password(self, name: str, password: str) -> User:
        """Create the account `name`, or change its password."""
        user = self.hashed(name, password)
        self._rows.put(user)
        return user
