"""Plain tus mode (`tus_endpoint`, no session or receipt API): a static bearer token from the
key store, confirmation by a fresh HEAD (weaker, and said so), and a server that does not offer
the checksum extension. The real server's tus endpoint stands in for "any tus server"."""

from __future__ import annotations

import re

import requests
from faultproxy import Fault, FaultProxy, on
from uphelp import PASSWORD, USER, Box, ServerProc, make_scheduler, run_until_drained

from outbox import ChunkState
from uploader.events import ChunkConfirmed, SyncStatus
from uploader.session import STATIC_TOKEN_KEY


def static_token(server: ServerProc) -> str:
    r = requests.post(
        f"{server.url}/api/v1/session",
        json={"user": USER, "password": PASSWORD, "device_id": "proxy", "client_version": "1"},
        verify=str(server.ca),
        timeout=10,
    )
    assert r.status_code == 201
    return str(r.json()["access_token"])


def test_plain_tus_upload_with_weaker_confirmation(server: ServerProc, proxy: FaultProxy, box: Box):
    box.add_recording(3, 400_000)
    box.keystore.set(STATIC_TOKEN_KEY, static_token(server))

    def no_checksum(h: bytes) -> bytes:  # a tus server without the checksum extension
        return re.sub(rb"(Tus-Extension: [^\r\n]*)checksum,", rb"\1", h, flags=re.I)

    proxy.add(Fault(on("OPTIONS"), rewrite_response=no_checksum))
    proxy.add(Fault(on("PATCH"), cut_after=50_000))
    sched = make_scheduler(
        box, proxy.url, proxy.ca_file, server_url=None, tus_endpoint=proxy.url + "/files/"
    )
    assert sched.session is None and sched.config.plain_tus
    run_until_drained(sched, box)
    for chunk_id, data in box.ciphertexts.items():
        assert server.stored(chunk_id) == data
        assert box.state(chunk_id) is ChunkState.ERASED
    confirmed = box.events_of(ChunkConfirmed)
    assert len(confirmed) == 3 and all(e.weaker for e in confirmed)
    assert all(e.weaker_confirmation for e in box.events_of(SyncStatus))
    sent = proxy.requests("PATCH") + proxy.requests("POST", "/files")
    assert sent and all(r.checksum is None for r in sent)  # none offered: none sent
    # No receipt API was used; each chunk was confirmed by a HEAD after its last byte.
    assert not proxy.requests("GET", "/api/v1/chunks")
    assert len(proxy.requests("HEAD")) >= 3


def test_plain_tus_without_token_asks_for_one(server: ServerProc, proxy: FaultProxy, box: Box):
    box.add_recording(1, 100_000)
    sched = make_scheduler(
        box, proxy.url, proxy.ca_file, server_url=None, tus_endpoint=proxy.url + "/files/"
    )
    summary = sched.run_once()
    assert not summary.drained
    assert sched.status is not None and sched.status.reason == "auth_needed"
    (chunk_id,) = box.ciphertexts
    assert box.state(chunk_id) is ChunkState.SEALED
