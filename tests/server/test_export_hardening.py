"""`export` and passwords (issue 13, item 15): no guessing between accounts, ids validated
before they become paths, a private output file, and scrypt at N=2^17 with old hashes
upgraded at the next sign-in."""

from __future__ import annotations

import json
import os
import subprocess
import uuid
from pathlib import Path

import numpy as np
import pyrage
from serverkit import SERVER_BIN, Chunk, Client, ServerProc
from test_cli import adduser, flac_chunk

from server.config import ServerConfig
from server.users import UserStore


def _export(s: ServerProc, rid: str, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    args = [str(SERVER_BIN), "export", rid, "--data", str(s.data), "--out", str(out), *extra]
    args += ["--org-identity", str(s.org_identity)] if s.org_identity else []
    return subprocess.run(args, capture_output=True, text=True, timeout=120)


def _record(c: Client, rid: str, value: int) -> None:
    org = pyrage.x25519.Recipient.from_str(c.login_body["org_recipient"])
    flac = flac_chunk(np.full(4800, value, dtype=np.int16), 48000)
    ch = Chunk(pyrage.encrypt(flac, [org]), recording_id=rid)
    c.upload(ch)
    doc = {
        "chunks": [{"chunk_id": ch.chunk_id, "index": 0, "sha256": ch.sha256, "size": len(ch.data)}]
    }
    assert c.http.put(c.api(f"recordings/{rid}"), json=doc, headers=c.headers()).status_code == 201


def test_export_needs_user_when_two_accounts_have_the_id(start_server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "srv"
    assert adduser(data, "alice", "alice-pw").returncode == 0
    s = start_server()
    alice, demo = Client(s), Client(s)
    assert alice.login("alice", "alice-pw").status_code == 201
    assert demo.login().status_code == 201
    rid = str(uuid.uuid4())
    _record(alice, rid, 1000)
    _record(demo, rid, -1000)
    out = tmp_path / "out.flac"
    r = _export(s, rid, out)
    assert r.returncode == 1 and "--user" in r.stderr and "alice" in r.stderr, r.stderr
    assert not out.exists()
    r = _export(s, rid, out, "--user", "demo")
    assert r.returncode == 0, r.stderr
    import soundfile as sf

    assert int(sf.read(out, dtype="int16")[0][0]) == -1000
    assert os.stat(out).st_mode & 0o777 == 0o600


def test_export_validates_ids_before_joining_paths(start_server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    s = start_server()
    planted = {"complete": True, "user_id": "demo", "manifest": {"chunks": []}}
    (s.data / "planted.json").write_text(json.dumps(planted))
    out = tmp_path / "x.flac"
    r = _export(s, "../../planted", out, "--user", "demo")
    assert r.returncode == 1 and "UUID" in r.stderr, r.stderr
    r = _export(s, str(uuid.uuid4()), out, "--user", "../demo")
    assert r.returncode == 1 and "user" in r.stderr.lower() and "Traceback" not in r.stderr


def test_export_output_is_private_whatever_the_umask(start_server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    s = start_server()
    c = Client(s)
    c.login()
    rid = str(uuid.uuid4())
    _record(c, rid, 7)
    out = tmp_path / "private.flac"
    out.write_bytes(b"old")
    os.chmod(out, 0o644)
    r = _export(s, rid, out)
    assert r.returncode == 0, r.stderr
    assert os.stat(out).st_mode & 0o777 == 0o600


def test_scrypt_is_2_17_and_old_hashes_are_upgraded_at_login(tmp_path: Path) -> None:
    assert ServerConfig(data_dir=tmp_path).scrypt_n == 2**17
    old = UserStore(tmp_path, scrypt_n=2**14)
    old.set_password("alice", "pw")
    assert json.loads((tmp_path / "users.json").read_text())["users"]["alice"]["n"] == 2**14
    store = UserStore(tmp_path)
    assert store.verify("alice", "wrong") is None
    assert json.loads((tmp_path / "users.json").read_text())["users"]["alice"]["n"] == 2**14
    assert store.verify("alice", "pw") is not None
    assert json.loads((tmp_path / "users.json").read_text())["users"]["alice"]["n"] == 2**17
    assert UserStore(tmp_path).verify("alice", "pw") is not None


def test_export_refuses_a_chunk_sealed_for_another_place(start_server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A client whose data directory was tampered with (two chunks swapped, the local index
    rewritten to match) uploads and lists them in the wrong order: the binding inside each
    sealed FLAC says where it belongs, and export refuses instead of joining them."""
    from crypto.binding import bind_flac

    s = start_server()
    c = Client(s)
    c.login()
    org = pyrage.x25519.Recipient.from_str(c.login_body["org_recipient"])
    rid = str(uuid.uuid4())
    flacs = [flac_chunk(np.full(4800, v, dtype=np.int16), 48000) for v in (100, 200)]
    sealed = [pyrage.encrypt(bind_flac(f, rid, i), [org]) for i, f in enumerate(flacs)]
    chunks = [
        Chunk(sealed[1], recording_id=rid, index=0),
        Chunk(sealed[0], recording_id=rid, index=1),
    ]
    for ch in chunks:
        c.upload(ch)
    doc = {
        "chunks": [
            {"chunk_id": ch.chunk_id, "index": ch.index, "sha256": ch.sha256, "size": len(ch.data)}
            for ch in chunks
        ]
    }
    assert c.http.put(c.api(f"recordings/{rid}"), json=doc, headers=c.headers()).status_code == 201
    out = tmp_path / "out.flac"
    r = _export(s, rid, out)
    assert r.returncode == 1, r.stderr
    assert "Chunk 0" in r.stderr and "sealed as chunk 1" in r.stderr, r.stderr
    assert "Traceback" not in r.stderr and not out.exists()
