"""The `logmeets-server` command line: adduser, export (the organisation's round trip), TLS
options, the organisation identity, and a clean stop on SIGTERM."""

from __future__ import annotations

import asyncio
import io
import os
import socket
import subprocess
import uuid
from pathlib import Path

import numpy as np
import pyrage
import pytest
import soundfile as sf
from serverkit import (
    SERVER_BIN,
    Chunk,
    Client,
    RawPatch,
    Server,
    ServerProc,
    launch,
    random_bytes,
    secret_files,
)

from server.cli import listening_socket
from server.tls import ensure_self_signed


def adduser(data: Path, name: str, password: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SERVER_BIN), "adduser", name, "--data", str(data)],
        input=password + "\n",
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_adduser_then_login_and_chunk_ids_are_per_account(start_server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "srv"
    r = adduser(data, "alice", "alice secret ü")
    assert r.returncode == 0, r.stderr
    assert adduser(data, "bad name!", "x").returncode == 1
    s = start_server()
    alice, demo = Client(s), Client(s)
    assert alice.login("alice", "alice secret ü").status_code == 201
    assert alice.login_body["user_id"] == "alice"
    assert demo.login().status_code == 201
    chunk = Chunk(random_bytes(1000))
    url_a = alice.upload(chunk)
    # demo uses the same chunk id: a separate upload, and alice's is invisible to demo.
    r = demo.create(chunk)
    assert r.status_code == 201 and r.headers["Location"] != url_a
    assert demo.head(url_a).status_code == 404
    assert demo.receipt(chunk.chunk_id).json()["complete"] is False
    assert alice.receipt(chunk.chunk_id).json()["complete"] is True
    # An account added while the server runs can sign in at once.
    assert adduser(data, "bob", "bob-pw").returncode == 0
    assert Client(s).login("bob", "bob-pw").status_code == 201


def flac_chunk(samples: np.ndarray, rate: int) -> bytes:
    buf = io.BytesIO()
    sf.write(buf, samples, rate, format="FLAC", subtype="PCM_16")
    return buf.getvalue()


def test_export_decrypts_and_joins_a_complete_recording(start_server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    s = start_server()
    c = Client(s)
    c.login()
    org = c.login_body["org_recipient"]
    device = pyrage.x25519.Identity.generate()
    rate = 48000
    t = np.arange(rate * 3) / rate
    signal = (np.sin(2 * np.pi * 440 * t) * 12000).astype(np.int16)
    rid = str(uuid.uuid4())
    chunks = []
    for i in range(3):
        flac = flac_chunk(signal[i * rate : (i + 1) * rate], rate)
        sealed = pyrage.encrypt(flac, [pyrage.x25519.Recipient.from_str(org), device.to_public()])
        chunks.append(Chunk(sealed, recording_id=rid, index=i))
    for ch in reversed(chunks):  # order of arrival does not matter
        c.upload(ch)
    doc = {
        "title": "t",
        "chunks": [
            {"chunk_id": ch.chunk_id, "index": ch.index, "sha256": ch.sha256, "size": len(ch.data)}
            for ch in chunks
        ],
    }
    assert c.http.put(c.api(f"recordings/{rid}"), json=doc, headers=c.headers()).status_code == 201
    out = tmp_path / "out.flac"
    r = subprocess.run(
        [str(SERVER_BIN), "export", rid, "--data", str(s.data), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    got, got_rate = sf.read(out, dtype="int16")
    assert got_rate == rate
    assert np.array_equal(got, signal)
    # An unknown recording is a clear error, not a traceback.
    r = subprocess.run(
        [str(SERVER_BIN), "export", str(uuid.uuid4()), "--data", str(s.data), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 1
    assert "No complete recording" in r.stderr and "Traceback" not in r.stderr


def test_given_org_recipient_and_tls_cert(tmp_path: Path) -> None:
    identity = pyrage.x25519.Identity.generate()
    pub_file = tmp_path / "org.pub"
    pub_file.write_text(f"# a comment\n{identity.to_public()}\n")
    ca, cert, key = ensure_self_signed(tmp_path / "certs")
    data = tmp_path / "data"
    s = launch(
        data,
        "--tls-cert", str(cert), "--tls-key", str(key), "--org-recipient-file", str(pub_file),
        tls_self_signed=False,
    )  # fmt: skip
    try:
        assert s.url.startswith("https://127.0.0.1:")
        s.ca = ca
        c = Client(s)
        assert c.login().status_code == 201
        assert c.login_body["org_recipient"] == str(identity.to_public())
        assert not (data / "org-identity.txt").exists()
        assert not (data / "tls").exists()
    finally:
        assert s.stop() == 0


def test_refuses_plain_http_off_loopback_and_bad_options(tmp_path: Path) -> None:
    base = [str(SERVER_BIN), "serve", "--data", str(tmp_path / "d"), "--port", "0"]
    for extra in (
        ["--host", "0.0.0.0"],
        ["--tls-cert", "x.pem"],
        ["--tls-self-signed", "--tls-cert", "a", "--tls-key", "b"],
        ["--demo-user", "no-colon"],
        ["--org-identity", "org.txt"],  # the ingest server never reads the identity
    ):
        r = subprocess.run(base + extra, capture_output=True, text=True, timeout=60)
        assert r.returncode == 1, extra
        assert r.stderr.startswith("logmeets-server: "), r.stderr
        assert "Traceback" not in r.stderr
    # An empty backend URL (an unset shell variable) never falls back to the data dir.
    for option in ("--database", "--store"):
        r = subprocess.run([*base, option, ""], capture_output=True, text=True, timeout=60)
        assert r.returncode == 2, option
        assert f"argument {option}: is empty" in r.stderr, r.stderr


def test_plain_http_on_loopback_prints_listening(tmp_path: Path) -> None:
    s = launch(tmp_path / "plain", tls_self_signed=False)
    try:
        assert s.url.startswith("http://127.0.0.1:")
        import requests

        r = requests.options(f"{s.url}/files/", timeout=10)
        assert r.status_code == 204
    finally:
        assert s.stop() == 0


@pytest.mark.slow
def test_sigterm_during_a_patch_keeps_its_bytes_and_exits_0(tmp_path: Path) -> None:
    s = launch(tmp_path / "term")
    c = Client(s)
    c.login()
    chunk = Chunk(random_bytes(500_000))
    url = c.create(chunk).headers["Location"]
    raw = RawPatch(c, url, 0, len(chunk.data))
    raw.send(chunk.data[:77_777])
    from serverkit import wait_locked

    wait_locked(c, url, raw)
    assert s.stop() == 0
    raw.close()
    s2 = launch(tmp_path / "term")
    try:
        c.server = s2
        url2 = url.replace(s.url, s2.url)
        offset = int(c.head(url2).headers["Upload-Offset"])
        assert offset == 77_777
        assert c.patch(url2, offset, chunk.data[offset:]).status_code == 204
        assert c.receipt(chunk.chunk_id).json()["sha256"] == chunk.sha256
    finally:
        assert s2.stop() == 0


@pytest.mark.one_process
def test_data_dir_secrets_are_private(client: Client, shared_server: Server) -> None:
    if os.name != "posix":
        return
    for path in secret_files(shared_server):
        mode = path.stat().st_mode & 0o777
        assert mode == 0o600, (path, oct(mode))
    assert shared_server.demo_identity.stat().st_mode & 0o777 == 0o600
    assert not (shared_server.data / "org-identity.txt").exists()


def test_export_refuses_a_chunk_not_sealed_to_the_organisation(
    start_server,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    s = start_server()
    c = Client(s)
    c.login()
    stranger = pyrage.x25519.Identity.generate().to_public()
    sealed = pyrage.encrypt(flac_chunk(np.zeros(4800, dtype=np.int16), 48000), [stranger])
    rid = str(uuid.uuid4())
    ch = Chunk(sealed, recording_id=rid)
    c.upload(ch)
    doc = {
        "chunks": [{"chunk_id": ch.chunk_id, "index": 0, "sha256": ch.sha256, "size": len(sealed)}]
    }
    assert c.http.put(c.api(f"recordings/{rid}"), json=doc, headers=c.headers()).status_code == 201
    out = tmp_path / "x.flac"
    r = subprocess.run(
        [str(SERVER_BIN), "export", rid, "--data", str(s.data), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 1
    assert "cannot be decrypted with the organisation identity" in r.stderr
    assert not out.exists() and not (tmp_path / "x.flac.part").exists()


@pytest.mark.one_process
def test_a_second_server_on_the_same_data_dir_is_refused(
    shared_server: Server,
) -> None:
    assert isinstance(shared_server, ServerProc)
    r = subprocess.run(
        [str(SERVER_BIN), "serve", "--data", str(shared_server.data), "--port", "0"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 1
    assert "Another logmeets-server is using" in r.stderr
    assert shared_server.proc.poll() is None


def test_sigkill_mid_patch_restarts_at_the_last_durable_offset(tmp_path: Path) -> None:
    from serverkit import stored_bytes, wait_locked

    s = launch(tmp_path / "kill")
    c = Client(s)
    c.login()
    chunk = Chunk(random_bytes(400_000))
    url = c.create(chunk).headers["Location"]
    assert c.patch(url, 0, chunk.data[:100_000]).status_code == 204  # durable
    raw = RawPatch(c, url, 100_000, 300_000)
    raw.send(chunk.data[100_000:250_000])
    wait_locked(c, url, raw)
    s.proc.kill()  # a crash: no chance to commit the PATCH in progress
    s.proc.wait()
    raw.close()
    s2 = launch(tmp_path / "kill")
    try:
        c.server = s2
        url2 = url.replace(s.url, s2.url)
        offset = int(c.head(url2).headers["Upload-Offset"])
        assert offset == 100_000
        assert stored_bytes(s2, url2) == chunk.data[:offset]  # unacknowledged bytes dropped
        assert c.patch(url2, offset, chunk.data[offset:]).status_code == 204
        assert stored_bytes(s2, url2) == chunk.data
    finally:
        assert s2.stop() == 0


def metaflac_tags(path: Path) -> list[str]:
    """The Vorbis comments `metaflac --list` shows (real libFLAC reading the file), in order."""
    shown = subprocess.run(
        ["metaflac", "--list", "--block-type=VORBIS_COMMENT", str(path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [line.split(": ", 1)[1] for line in shown.splitlines() if "comment[" in line]


def test_export_carries_the_manifests_title_date_chapters_and_ids(
    start_server, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from crypto.binding import bind_flac

    s = start_server()
    c = Client(s)
    c.login()
    org = pyrage.x25519.Recipient.from_str(c.login_body["org_recipient"])
    rid = str(uuid.uuid4())
    signal = (np.arange(48000 * 2) % 200 - 100).astype(np.int16)
    chunks = []
    for i in range(2):  # chunks carry their binding: it must not reach the export
        flac = bind_flac(flac_chunk(signal[i * 48000 : (i + 1) * 48000], 48000), rid, i)
        chunks.append(Chunk(pyrage.encrypt(flac, [org]), recording_id=rid, index=i))
        c.upload(chunks[-1])
    doc = {
        "title": "Q4 planning – 東京",
        "started_at": 1795000000.75,
        "chunks": [
            {"chunk_id": ch.chunk_id, "index": ch.index, "sha256": ch.sha256, "size": len(ch.data)}
            for ch in chunks
        ],
        # Markers sit on the timeline, pauses included; the export holds audio only, so the
        # marker set at 11.654 s, after a 10 s pause, is 1.654 s into the exported audio.
        "markers": [{"at": 0.25, "label": "start"}, {"at": 11.654, "label": "budget"}],
        "gaps": [{"start": 0.5, "end": 10.5, "reason": "paused"}],
    }
    assert c.http.put(c.api(f"recordings/{rid}"), json=doc, headers=c.headers()).status_code == 201
    out = tmp_path / "out.flac"
    r = subprocess.run(
        [str(SERVER_BIN), "export", rid, "--data", str(s.data), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    assert metaflac_tags(out) == [
        "TITLE=Q4 planning – 東京",
        "DATE=2026-11-18T11:06:40Z",
        "CHAPTER001=00:00:00.250",
        "CHAPTER001NAME=start",
        "CHAPTER002=00:00:01.654",
        "CHAPTER002NAME=budget",
        "LOGMEETS_DEVICE_ID=test-device",
        f"LOGMEETS_RECORDING_ID={rid}",
    ]
    assert np.array_equal(sf.read(out, dtype="int16")[0], signal)
    assert os.stat(out).st_mode & 0o777 == 0o600
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("out")) == ["out.flac"]


def test_connections_to_the_listening_socket_send_without_delay() -> None:
    # Without TCP_NODELAY every JSON answer's body waited ~40 ms for the client's delayed ACK
    # (bench/RESULTS.md). asyncio, which uvicorn serves with, accepts the connection here.
    sock = listening_socket("127.0.0.1", 0)
    seen: list[int] = []

    class Accept(asyncio.Protocol):
        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            raw = transport.get_extra_info("socket")
            seen.append(raw.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            transport.close()

    async def connect_once() -> None:
        server = await asyncio.get_running_loop().create_server(Accept, sock=sock)
        reader, writer = await asyncio.open_connection(*sock.getsockname())
        assert await reader.read() == b""  # closed by the server once accepted
        writer.close()
        server.close()
        await server.wait_closed()

    asyncio.run(connect_once())
    assert seen == [1]
