"""Replicas over shared backends (docs/deploy.md): two `logmeets-server` processes on the same
database and blob store behave as one server. Run on SQLite + a directory (one machine) and on
real PostgreSQL + Ceph RGW."""

from __future__ import annotations

import json
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pyrage
import pytest
from backends import shared_urls
from conftest import backend_urls
from serverkit import (
    DEMO,
    SERVER_BIN,
    Chunk,
    Client,
    RawPatch,
    ServerProc,
    launch,
    random_bytes,
    stored_bytes,
    wait_locked,
)

from server.blobs import open_store
from server.db import Database
from server.schema import MIGRATIONS

MiB = 1024 * 1024
DEMO_ARGS = ("--port", "0", "--demo-user", "demo:demo-password")
SHARED = [
    "sqlite+dir",
    pytest.param("pg+s3", marks=[pytest.mark.realpg, pytest.mark.realceph]),
]


@pytest.fixture(params=SHARED)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, str]:
    """A fresh database and blob store of each shared kind."""
    shared = backend_urls(request, request.param, tmp_path)
    assert shared is not None
    return shared


def _pair(tmp_path: Path, shared: tuple[str, str], *extra: str) -> list[ServerProc]:
    return [launch(tmp_path / f"r{i}", *extra, shared=shared) for i in (1, 2)]


@pytest.fixture()
def replicas(backend: tuple[str, str], tmp_path: Path) -> Iterator[list[ServerProc]]:
    """Two replicas on one database and one blob store."""
    servers = _pair(tmp_path, backend, "--lock-steal-after", "4")
    yield servers
    for s in servers:
        assert s.stop() == 0, s.stderr_path.read_text()


def on(client: Client, server: ServerProc) -> Client:
    """The same signed-in client, talking to another replica."""
    other = Client(server)
    other.login_body = {
        **client.login_body,
        "tus_endpoint": client.tus.replace(client.server.url, server.url),
    }
    return other


def moved(url: str, a: ServerProc, b: ServerProc) -> str:
    return url.replace(a.url, b.url)


def _row(server: ServerProc, sql: str, *params: object) -> tuple[object, ...] | None:
    assert server.shared is not None
    db = Database(server.shared[0], pool_size=1)
    try:
        return db.one(sql, params)
    finally:
        db.close()


def test_small_pieces_wait_as_pending_objects_and_resume_on_another_replica(
    replicas: list[ServerProc],
) -> None:
    a, b = replicas
    ca = Client(a)
    assert ca.login().status_code == 201
    chunk = Chunk(random_bytes(7 * MiB + 12345), index=3)
    url = ca.create(chunk).headers["Location"]
    upload_id = url.rsplit("/", 1)[1]
    # Two pieces of 2 MiB: under S3's 5 MiB minimum part, they wait as one pending object.
    for off in (0, 2 * MiB):
        assert ca.patch(url, off, chunk.data[off : off + 2 * MiB]).status_code == 204
    row = _row(
        a, "SELECT parts, pending_part, pending_size FROM uploads WHERE upload_id = ?", upload_id
    )
    assert row is not None
    parts, pending, pending_size = row
    min_part = open_store(a.shared[1]).min_part if a.shared else 0
    if min_part:
        assert (json.loads(str(parts)), pending_size) == ([], 4 * MiB)
        assert pending is not None
    else:
        assert len(json.loads(str(parts))) == 2 and pending is None
    assert stored_bytes(a, url) == chunk.data[: 4 * MiB]
    # The rest goes to the other replica: HEAD there, resume, the receipt is right.
    cb = on(ca, b)
    url_b = moved(url, a, b)
    assert cb.head(url_b).headers["Upload-Offset"] == str(4 * MiB)
    assert cb.patch(url_b, 4 * MiB, chunk.data[4 * MiB : 6 * MiB]).status_code == 204
    assert cb.patch(url_b, 6 * MiB, chunk.data[6 * MiB :]).status_code == 204
    receipt = ca.receipt(chunk.chunk_id).json()
    assert (receipt["complete"], receipt["sha256"]) == (True, chunk.sha256)
    # The object is where docs/protocol.md §9 says, byte-identical; nothing else is left.
    key = f"default/{DEMO[0]}/{chunk.recording_id}/3-{chunk.chunk_id}.flac.age"
    assert a.shared is not None
    store = open_store(a.shared[1])
    assert store.read(key) == chunk.data
    assert [k for k in store.keys("") if not k.startswith(".uploads/")] == [key]
    assert [k for k in store.keys(".uploads/") if "pending" in k] == []


def test_one_writer_per_upload_across_replicas(replicas: list[ServerProc]) -> None:
    a, b = replicas
    ca = Client(a)
    ca.login()
    chunk = Chunk(random_bytes(300_000))
    url = ca.create(chunk).headers["Location"]
    raw = RawPatch(ca, url, 0, len(chunk.data))
    raw.send(chunk.data[:100_000])
    wait_locked(ca, url, raw)
    # The other replica refuses a second writer while the first one is sending.
    cb = on(ca, b)
    r = cb.patch(moved(url, a, b), 0, chunk.data)
    assert (r.status_code, r.headers.get("LogMeets-Error")) == (423, "upload_locked")
    raw.send(chunk.data[100_000:])
    status, _ = raw.read_response()
    raw.close()
    assert status == 204
    assert ca.receipt(chunk.chunk_id).json()["sha256"] == chunk.sha256


def test_a_silent_holder_on_one_replica_is_taken_over_on_the_other(
    replicas: list[ServerProc],
) -> None:
    a, b = replicas
    ca = Client(a)
    ca.login()
    chunk = Chunk(random_bytes(200_000))
    url = ca.create(chunk).headers["Location"]
    raw = RawPatch(ca, url, 0, len(chunk.data))
    raw.send(chunk.data[:50_000])
    wait_locked(ca, url, raw)
    cb = on(ca, b)
    url_b = moved(url, a, b)
    deadline = time.monotonic() + 20
    while (r := cb.patch(url_b, 0, chunk.data)).status_code == 423:
        assert time.monotonic() < deadline, "the lease of a silent holder never expired"
        time.sleep(0.3)
    assert r.status_code == 204, r.text
    # The silent holder's bytes, if it ever finishes, are fenced out.
    raw.send(chunk.data[50_000:])
    status, _ = raw.read_response()
    raw.close()
    assert status in (204, 409, 423)
    assert cb.receipt(chunk.chunk_id).json()["sha256"] == chunk.sha256
    assert stored_bytes(b, url_b) == chunk.data


def test_creation_is_idempotent_across_replicas(replicas: list[ServerProc]) -> None:
    a, b = replicas
    ca = Client(a)
    ca.login()
    chunk = Chunk(random_bytes(1000))
    first = ca.create(chunk).headers["Location"]
    second = on(ca, b).create(chunk).headers["Location"]
    assert first.rsplit("/", 1)[1] == second.rsplit("/", 1)[1]
    other = Chunk(random_bytes(1001), chunk_id=chunk.chunk_id)
    r = on(ca, b).create(other)
    assert (r.status_code, r.json()["error"]) == (409, "chunk_conflict")


def test_one_session_per_account_and_shared_lockouts(replicas: list[ServerProc]) -> None:
    a, b = replicas
    ca, cb = Client(a), Client(b)
    assert ca.login().status_code == 201
    assert cb.login().status_code == 201
    r = ca.http.get(ca.api("session"), headers=ca.headers())
    assert (r.status_code, r.json()["error"]) == (401, "session_superseded")
    r = on(ca, b).http.get(cb.api("session"), headers=ca.headers())
    assert (r.status_code, r.json()["error"]) == (401, "session_superseded")
    # Failed sign-ins counted on one replica lock the account on the other.
    for _ in range(5):
        assert ca.login(password="wrong", device_id="dev-9").status_code == 401
    r = cb.login(device_id="dev-9")
    assert r.status_code == 429 and int(r.headers["Retry-After"]) > 1


def test_expired_uploads_are_swept_without_being_touched(
    backend: tuple[str, str], tmp_path: Path
) -> None:
    a = launch(tmp_path / "r1", "--upload-expiry", "2", "--sweep-interval", "0.5", shared=backend)
    try:
        _swept(a)
    finally:
        assert a.stop() == 0


def _swept(a: ServerProc) -> None:
    ca = Client(a)
    ca.login()
    chunk = Chunk(random_bytes(100_000))
    url = ca.create(chunk).headers["Location"]
    assert ca.patch(url, 0, chunk.data[:40_000]).status_code == 204
    upload_id = url.rsplit("/", 1)[1]
    assert a.shared is not None
    store = open_store(a.shared[1])
    assert store.keys(".uploads/") != []
    deadline = time.monotonic() + 20
    while _row(a, "SELECT state FROM uploads WHERE upload_id = ?", upload_id) != ("expired",):
        assert time.monotonic() < deadline, "the sweeper never expired the upload"
        time.sleep(0.3)
    # Its bytes are gone with it.
    assert [k for k in store.keys(".uploads/") if not k.endswith("/")] == []
    assert ca.head(url).status_code == 410


def test_the_json_server_sweeps_expired_uploads_too(start_server) -> None:  # type: ignore[no-untyped-def]
    s = start_server("--upload-expiry", "1", "--sweep-interval", "0.5")
    c = Client(s)
    c.login()
    chunk = Chunk(random_bytes(10_000))
    url = c.create(chunk).headers["Location"]
    assert c.patch(url, 0, chunk.data[:5000]).status_code == 204
    upload_id = url.rsplit("/", 1)[1]
    record = s.data / "uploads" / f"{upload_id}.json"
    deadline = time.monotonic() + 20
    while json.loads(record.read_text())["state"] != "expired":
        assert time.monotonic() < deadline, "the sweeper never expired the upload"
        time.sleep(0.3)
    assert not (s.data / "uploads" / f"{upload_id}.bin").exists()


def test_migrations_are_versioned_and_a_newer_schema_is_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/meta.db"
    db = Database(url, pool_size=1)
    assert db.one("SELECT version FROM schema_version") == (len(MIGRATIONS),)
    Database(url, pool_size=1)  # a second start migrates nothing and fails nothing
    db.execute("UPDATE schema_version SET version = ?", (len(MIGRATIONS) + 1,))
    db.close()
    r = subprocess.run(
        [str(SERVER_BIN), "serve", "--data", str(tmp_path / "d"), "--database", url, *DEMO_ARGS],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 1
    assert "newer than this server knows" in r.stderr and "Traceback" not in r.stderr


def test_bad_backend_urls_are_explained(tmp_path: Path) -> None:
    for option, url, hint in (
        ("--database", "mysql://x", "sqlite:///PATH"),
        ("--store", "ftp://x", "dir:///PATH"),
    ):
        r = subprocess.run(
            [str(SERVER_BIN), "serve", "--data", str(tmp_path), option, url, *DEMO_ARGS],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert r.returncode == 1 and hint in r.stderr, r.stderr
        assert "Traceback" not in r.stderr


def _adduser(server: ServerProc, tenant: str, name: str, password: str) -> None:
    assert server.shared is not None
    r = subprocess.run(
        [
            *(str(SERVER_BIN), "adduser", name, "--data", str(server.data), "--tenant", tenant),
            *("--database", server.shared[0], "--store", server.shared[1]),
        ],
        input=password + "\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 0, r.stderr


def test_no_token_of_one_tenant_reaches_anything_of_another(replicas: list[ServerProc]) -> None:
    a, b = replicas
    assert a.shared is not None
    recipient_b = str(pyrage.x25519.Identity.generate().to_public())
    r = subprocess.run(
        [
            *(str(SERVER_BIN), "tenant", "acme", "--recipient", recipient_b),
            *("--data", str(a.data), "--database", a.shared[0], "--store", a.shared[1]),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 0, r.stderr
    _adduser(a, "acme", "bob", "bob-password")
    # Tenant "default": the demo user; tenant "acme": bob, with its own recipient and prefix.
    alice = Client(a)
    alice.login()
    bob = Client(b)
    assert bob.login("bob", "bob-password").status_code == 201
    assert bob.login_body["org_recipient"] == recipient_b != alice.login_body["org_recipient"]
    chunk = Chunk(random_bytes(5000))
    url = bob.upload(chunk)
    manifest = {
        "chunks": [{"chunk_id": chunk.chunk_id, "index": 0, "sha256": chunk.sha256, "size": 5000}]
    }
    rec = bob.api(f"recordings/{chunk.recording_id}")
    assert bob.http.put(rec, json=manifest, headers=bob.headers()).status_code == 201
    store = open_store(a.shared[1])
    assert store.keys("acme/bob/") == [f"acme/bob/{chunk.recording_id}/0-{chunk.chunk_id}.flac.age"]
    # Every endpoint that names bob's things answers alice (on either replica) as if they
    # did not exist, and changes nothing.
    for c in (alice, on(alice, b)):
        url_c = url.replace(b.url, c.server.url)
        assert c.head(url_c).status_code == 404
        assert c.patch(url_c, 5000, b"x").status_code == 404
        assert c.http.delete(url_c, headers=c.headers()).status_code == 404
        assert c.receipt(chunk.chunk_id).status_code == 404
        rec_c = c.api(f"recordings/{chunk.recording_id}")
        assert c.http.get(rec_c, headers=c.headers()).status_code == 404
        r = c.http.put(rec_c, json=manifest, headers=c.headers())
        assert (r.status_code, r.json()["error"]) == (409, "missing_chunks")
    # Creating the same chunk id makes alice's own upload, not a handle on bob's.
    r = alice.create(chunk)
    assert r.status_code == 201
    assert r.headers["Location"].rsplit("/", 1)[1] != url.rsplit("/", 1)[1]
    # Bob's things are intact.
    assert bob.receipt(chunk.chunk_id).json()["sha256"] == chunk.sha256
    assert bob.http.get(rec, headers=bob.headers()).status_code == 200


def test_purge_tenant_deletes_its_objects_and_accounts_only(replicas: list[ServerProc]) -> None:
    a, _b = replicas
    assert a.shared is not None
    base = ("--data", str(a.data), "--database", a.shared[0], "--store", a.shared[1])
    recipient = str(pyrage.x25519.Identity.generate().to_public())
    r = subprocess.run(
        [str(SERVER_BIN), "tenant", "acme", "--recipient", recipient, *base],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 0, r.stderr
    _adduser(a, "acme", "bob", "bob-password")
    alice, bob = Client(a), Client(a)
    alice.login()
    bob.login("bob", "bob-password")
    mine, theirs = Chunk(random_bytes(3000)), Chunk(random_bytes(4000))
    alice.upload(mine)
    bob.upload(theirs)
    store = open_store(a.shared[1])
    assert len(store.keys("acme/")) == 1
    purge = [str(SERVER_BIN), "purge-tenant", "acme", *base]
    r = subprocess.run(purge, capture_output=True, text=True, timeout=60)
    assert r.returncode == 1 and "--yes" in r.stderr  # never by accident
    r = subprocess.run([*purge, "--yes"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert "1 objects, 1 accounts, 1 uploads" in r.stdout
    assert store.keys("acme/") == []
    assert Client(a).login("bob", "bob-password").status_code == 401
    assert alice.receipt(mine.chunk_id).json()["sha256"] == mine.sha256
    assert len(store.keys("default/")) == 1


@pytest.mark.realpg
@pytest.mark.realceph
def test_a_sign_in_waiting_on_a_lock_of_another_replica_does_not_stall_this_one(
    real_pg: str, real_rgw: tuple[str, str, str], tmp_path: Path
) -> None:
    import psycopg

    shared = shared_urls("pg+s3", tmp_path, real_pg, real_rgw)
    assert shared is not None
    s = launch(tmp_path / "r1", shared=shared)
    try:
        assert Client(s).login().status_code == 201
        answers: list[int] = []
        with psycopg.connect(shared[0]) as held:
            # Another replica's sign-in holds the throttle's rows (a burst from one office).
            held.execute("LOCK TABLE throttle IN ACCESS EXCLUSIVE MODE")
            waiting = threading.Thread(target=lambda: answers.append(Client(s).login().status_code))
            waiting.start()
            time.sleep(1)
            assert waiting.is_alive()  # it waits on the lock...
            start = time.monotonic()
            probe = Client(s).http.options(f"{s.url}/files/", timeout=10)
            assert probe.status_code == 204  # ...while the replica answers everyone else
            assert time.monotonic() - start < 5
            held.rollback()
        waiting.join(30)
        assert answers == [201]
    finally:
        assert s.stop() == 0, s.stderr_path.read_text()
