"""A user behind a proxy that asks for a password, on the command line: `sync --once` stops with
exit status 12 and says to sign in to the proxy; after `logmeets proxy login` the same sync
uploads everything through the tunnel and the server confirms it. Real proxy, real keyring,
real server over HTTPS, the real `logmeets` in subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from authproxy import AuthProxy
from uphelp import PASSWORD, USER, ServerProc

from app.context import Context
from app.core.proxy import PROXY_CREDENTIALS_KEY
from app.exit_codes import PROXY_AUTH
from app.settings import save_user_settings
from crypto.keystore import DEFAULT_SERVICE, KeyStore
from outbox import ChunkState

REPO = Path(__file__).resolve().parents[2]


def logmeets(home: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LOGMEETS_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args], input=stdin, capture_output=True, text=True,
        env=env, cwd=REPO, timeout=180,
    )  # fmt: skip


def add_chunks(home: Path, n: int) -> list[str]:
    box = Context.create(home).open_outbox(exclusive=True)
    try:
        rec = box.begin_recording(
            title="proxy", sample_rate=48000, channels=1, subtype="PCM_16", started_at=time.time()
        )
        ids = [
            box.seal_chunk(rec.id, i, os.urandom(100_000), started_at=time.time(), duration=30.0).id
            for i in range(n)
        ]
        box.finish_recording(rec.id, time.time())
        return ids
    finally:
        box.close()


@pytest.fixture()
def app_store(real_keyring: object) -> Iterator[KeyStore]:
    store = KeyStore(real_keyring, service=DEFAULT_SERVICE)  # type: ignore[arg-type]
    store.delete(PROXY_CREDENTIALS_KEY)
    yield store
    store.delete(PROXY_CREDENTIALS_KEY)


@pytest.mark.slow
@pytest.mark.realkeyring
def test_sync_through_a_proxy_that_asks_for_a_password(
    server: ServerProc, data_dir: Path, app_store: KeyStore
):
    ok = logmeets(
        data_dir, "login", "--server", server.url, "--user", USER, "--password-stdin",
        "--ca-file", str(server.ca), stdin=f"{PASSWORD}\n",
    )  # fmt: skip
    assert ok.returncode == 0, ok.stderr
    ids = add_chunks(data_dir, 2)
    proxy = AuthProxy().start()
    try:
        save_user_settings(data_dir, proxy_mode="manual", proxy_server=proxy.address)
        stopped = logmeets(data_dir, "sync", "--once", "--json")
        assert stopped.returncode == PROXY_AUTH == 12, stopped.stderr
        last = json.loads(stopped.stdout.strip().splitlines()[-1])
        assert last["event"] == "error" and last["exit"] == 12
        assert f"The proxy {proxy.address} asks for a user name" in stopped.stderr
        assert "logmeets proxy login" in stopped.stderr and "Traceback" not in stopped.stderr
        assert not proxy.tunnels() and proxy.connects  # it asked, nothing went through

        login = logmeets(
            data_dir, "proxy", "login", "--user", "proxyuser", "--password-stdin",
            stdin="proxy-pass\n",
        )  # fmt: skip
        assert login.returncode == 0, login.stderr
        assert proxy.address in login.stdout
        done = logmeets(data_dir, "sync", "--once")
        assert done.returncode == 0, done.stderr
        assert set(proxy.tunnels()) == {f"127.0.0.1:{server.port}"}
        box = Context.create(data_dir).open_outbox(exclusive=False)
        try:
            assert {box.chunk(i).state for i in ids} == {ChunkState.ERASED}
        finally:
            box.close()
        test = logmeets(data_dir, "proxy", "test", server.url + "/files/")
        assert test.returncode == 0, test.stderr
        assert f"PROXY {proxy.address}" in test.stdout
        secret = b"proxy-pass"
        assert not any(secret in p.read_bytes() for p in data_dir.rglob("*") if p.is_file())
    finally:
        proxy.stop()
