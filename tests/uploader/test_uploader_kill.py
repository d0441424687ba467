"""A client process SIGKILLed mid-PATCH and started again re-sends none of the bytes the
server already had: it resumes from the URL and offset persisted in the outbox, after a HEAD."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from client_proc import open_box
from faultproxy import Fault, FaultProxy, Request
from uphelp import PASSWORD, USER, ServerProc

from outbox import ChunkState
from uploader import HTTPTransport, SignInSession

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]


def child(home: Path, proxy: FaultProxy, service: str, kbps: int) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": f"{REPO}{os.pathsep}{HERE}"}
    cmd = [sys.executable, str(HERE / "client_proc.py"), str(home), proxy.url,
           str(proxy.ca_file), service, str(256 * 1024), str(kbps)]  # fmt: skip
    return subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, text=True, cwd=REPO)


@pytest.mark.slow
@pytest.mark.realkeyring
@pytest.mark.parametrize("checksum", [True, False], ids=["checksum", "no-checksum"])
def test_sigkill_mid_patch_resends_nothing_the_server_had(
    server: ServerProc, proxy: FaultProxy, tmp_path: Path, real_keyring: object, checksum: bool
):
    service = f"LogMeets kill test {uuid.uuid4()}"
    home = tmp_path / "home"
    box, store = open_box(home, service)
    rec = box.begin_recording(
        title="k", sample_rate=48000, channels=1, subtype="PCM_16", started_at=time.time()
    )
    chunk = box.seal_chunk(rec.id, 0, os.urandom(2_000_000), started_at=time.time(), duration=30)
    data = box.read_ciphertext(chunk.id)
    box.finish_recording(rec.id, time.time())
    box.close()
    SignInSession(HTTPTransport(ca_file=proxy.ca_file), proxy.url, store).login(USER, PASSWORD)
    if not checksum:
        # Without Upload-Checksum the server keeps a cut body's bytes at any offset.
        def strip(r: Request) -> None:
            r.headers = [(k, v) for k, v in r.headers if k.lower() != "upload-checksum"]

        proxy.add(Fault(lambda r: r.target.startswith("/files"), rewrite=strip, times=10**6))

    first = child(home, proxy, service, kbps=2000)  # 250 kB/s: a PATCH takes about a second
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        done = [r for r in proxy.requests("PATCH") if r.status == 204]
        flying = [r for r in proxy.requests("PATCH") if r.status is None and r.forwarded > 0]
        if done and flying:
            break
        time.sleep(0.01)
    assert done and flying, "no PATCH in flight to kill"
    first.send_signal(signal.SIGKILL)
    first.wait(10)
    killed_at = time.monotonic()
    time.sleep(1.0)  # the proxy notices the dead client and cuts the server's side too
    (up,) = server.uploads()
    server_had = up["offset"]
    assert 0 < server_had < len(data)
    acked = [r.upload_offset + r.forwarded for r in proxy.requests("PATCH") if r.status == 204]
    acked += [r.forwarded for r in proxy.requests("POST", "/files") if r.status == 201]
    if checksum:
        assert server_had == max(acked)  # the cut, checksummed piece was dropped whole
    else:
        assert server_had >= max(acked)  # what arrived of the cut piece was kept

    second = child(home, proxy, service, kbps=0)
    out, _ = second.communicate(timeout=120)
    assert second.returncode == 0, out
    after = [r for r in proxy.requests() if r.at > killed_at]
    assert not [r for r in after if r.method == "POST" and r.target.startswith("/files")]
    assert after[0].method in ("POST", "HEAD", "OPTIONS")  # session refresh, then HEAD
    resent = 0
    for r in after:
        if r.method == "PATCH" and r.upload_offset is not None:
            resent += max(0, min(r.upload_offset + r.forwarded, server_had) - r.upload_offset)
    print(f"\nserver had {server_had} of {len(data)} bytes at the kill; bytes re-sent: {resent}")
    assert resent == 0
    assert server.stored(chunk.id) == data
    box, _ = open_box(home, service)
    try:
        assert box.chunk(chunk.id).state is ChunkState.ERASED
    finally:
        box.close()
