"""The session and account rules (`server.sessions.Sessions`, `server.users.Accounts`) are one
set over several row stores: the JSON files of one server, and the metadata database of
replicas (SQLite here; real PostgreSQL with the realpg mark). Each test runs on every store, so
a rule that holds on one holds on all."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from backends import fresh_database

from server.db import Database
from server.errors import ServerError
from server.sessions import Sessions, SessionStore
from server.shared_accounts import SharedSessions, SharedUsers, Tenants
from server.users import Accounts, UserStore

STORES = ["json", "sqlite", pytest.param("pg", marks=pytest.mark.realpg)]
LOW_N, HIGH_N = 2**10, 2**12  # cheap scrypt costs: the rules, not the cost, are under test


class Stores:
    """Factories of the stores of one kind, over the same rows."""

    def __init__(self, kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
        self.kind = kind
        self.dir = tmp_path
        self.db: Database | None = None
        if kind == "sqlite":
            self.db = Database(f"sqlite:///{tmp_path}/meta.db", pool_size=4)
        elif kind == "pg":
            self.db = Database(fresh_database(request.getfixturevalue("real_pg")), pool_size=4)
        if self.db is not None:
            Tenants(self.db).put("default", "age1none")

    def users(self, scrypt_n: int) -> UserStore | SharedUsers:
        if self.db is None:
            return UserStore(self.dir, scrypt_n=scrypt_n)
        return SharedUsers(self.db, scrypt_n=scrypt_n)

    def sessions(self, access_ttl: float = 60, refresh_ttl: float = 600) -> Sessions:
        if self.db is None:
            return SessionStore(self.dir, access_ttl=access_ttl, refresh_ttl=refresh_ttl)
        return SharedSessions(self.db, access_ttl=access_ttl, refresh_ttl=refresh_ttl)


@pytest.fixture(params=STORES)
def stores(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Stores]:
    s = Stores(request.param, tmp_path, request)
    s.users(LOW_N).set_password("alice", "pw")
    yield s
    if s.db is not None:
        s.db.close()


def _code(call: object) -> str:
    assert callable(call)
    with pytest.raises(ServerError) as err:
        call()
    assert err.value.status == 401
    return err.value.code


def _login(sessions: Sessions, device: str = "d1"):  # type: ignore[no-untyped-def]
    return sessions.login("alice", device_id=device, device_name="", client_version="1.0")


def test_a_login_supersedes_the_live_session_and_logout_ends_one(stores: Stores) -> None:
    sessions = stores.sessions()
    first = _login(sessions)
    assert sessions.authenticate(first.access_token).session_id == first.session.session_id
    second = _login(sessions, "d2")
    assert _code(lambda: sessions.authenticate(first.access_token)) == "session_superseded"
    assert _code(lambda: sessions.refresh(first.refresh_token)) == "session_superseded"
    # A fresh store over the same rows sees the same (a restart, another replica).
    again = stores.sessions()
    assert again.authenticate(second.access_token).user_id == "alice"
    again.logout(second.session.session_id)
    assert _code(lambda: again.authenticate(second.access_token)) == "session_ended"


def test_refresh_rotates_once_and_tokens_are_checked(stores: Stores) -> None:
    sessions = stores.sessions()
    tokens = _login(sessions)
    new = sessions.refresh(tokens.refresh_token)
    assert new.access_token != tokens.access_token
    assert sessions.authenticate(new.access_token).session_id == tokens.session.session_id
    assert _code(lambda: sessions.refresh(tokens.refresh_token)) == "invalid_refresh_token"
    assert _code(lambda: sessions.authenticate(tokens.access_token)) == "unauthorized"
    sid = tokens.session.session_id
    for bad in ("", "no-dot", f"{sid}.", f"{sid}.wrong", f"{sid}.\u00e9", "x" * 300):
        assert _code(lambda bad=bad: sessions.authenticate(bad)) == "unauthorized"
    expired = stores.sessions(access_ttl=-1)
    late = _login(expired)
    assert _code(lambda: expired.authenticate(late.access_token)) == "token_expired"


def test_concurrent_refreshes_rotate_only_once(stores: Stores) -> None:
    sessions = stores.sessions()
    tokens = _login(sessions)
    outcomes: list[str] = []
    go = threading.Barrier(4)

    def one() -> None:
        go.wait()
        try:
            sessions.refresh(tokens.refresh_token)
            outcomes.append("ok")
        except ServerError as exc:
            outcomes.append(exc.code)

    threads = [threading.Thread(target=one) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["invalid_refresh_token"] * 3 + ["ok"], outcomes


def test_a_password_stored_at_a_lower_cost_is_rehashed_at_sign_in(stores: Stores) -> None:
    users: Accounts = stores.users(HIGH_N)
    assert users.verify("alice", "wrong") is None
    assert users.verify("nobody", "pw") is None
    assert not users.exists("nobody")
    upgraded = users.verify("alice", "pw")
    assert upgraded is not None and upgraded.n == HIGH_N
    stored = users.rows.get("alice")
    assert stored == upgraded
    # A password changed meanwhile is not overwritten by the upgrade of the old one.
    old = stores.users(LOW_N)
    old.set_password("alice", "new")
    before = users.rows.get("alice")
    assert before is not None and not users.rows.swap(upgraded, upgraded)
    assert users.rows.get("alice") == before
    assert users.verify("alice", "new") is not None


def test_bad_names_and_passwords_are_refused(stores: Stores) -> None:
    users = stores.users(LOW_N)
    for name, password, code in (
        ("bad name", "pw", "invalid_user_name"),
        ("ok", "", "invalid_password"),
    ):
        with pytest.raises(ServerError) as err:
            users.set_password(name, password)
        assert err.value.code == code
