"""Faults between the client and the real server, injected by the fault proxy. Each test ends
with every chunk on the server byte-identical, erased locally only after its receipt, and no
chunk uploaded twice to completion."""

from __future__ import annotations

import json
import re
import signal
import threading
import time

import pytest
import requests
from faultproxy import Fault, FaultProxy, Request, on
from uphelp import PASSWORD, USER, Box, ServerProc, make_scheduler, run_until_drained

from outbox import ChunkState
from uploader import ChunkErased, ReceiptMismatch, SyncState, SyncStatus

MiB = 1024 * 1024


def check_all_delivered(server: ServerProc, proxy: FaultProxy, box: Box) -> None:
    """Every chunk byte-identical on the server, one upload each, erased locally, and erased
    only after a 200 receipt for it had passed the proxy."""
    complete = [u for u in server.uploads() if u["state"] == "complete"]
    for chunk_id, data in box.ciphertexts.items():
        assert server.stored(chunk_id) == data  # also asserts exactly one upload record
        assert box.state(chunk_id) is ChunkState.ERASED
    assert len(complete) == len(box.ciphertexts)
    erased_at = {e.chunk_id: t for t, e in box.seen if isinstance(e, ChunkErased)}
    for chunk_id in box.ciphertexts:
        receipts = [
            r.at
            for r in proxy.requests("GET", f"/api/v1/chunks/{chunk_id}")
            if r.status == 200 and not r.fault
        ]
        assert receipts and min(receipts) < erased_at[chunk_id], chunk_id


def patches(proxy: FaultProxy) -> list:
    return proxy.requests("PATCH")


def test_connection_cut_mid_body_resumes_from_the_servers_offset(
    server: ServerProc, proxy: FaultProxy, box: Box
):
    box.add_recording(2, MiB)
    proxy.add(Fault(on("PATCH"), cut_after=100_000, times=2))
    proxy.add(Fault(on("POST", "/files"), cut_after=50_000))
    run_until_drained(make_scheduler(box, proxy.url, proxy.ca_file), box)
    check_all_delivered(server, proxy, box)
    cut = [r for r in proxy.requests() if r.fault.startswith("cut")]
    assert len(cut) == 3
    # After each cut the client asked the server where to resume (HEAD) or re-created
    # idempotently (POST), and never PATCHed from a guessed offset.
    for c in cut:
        later = [r for r in proxy.requests() if r.at > c.at and r.client_port != c.client_port]
        assert later[0].method in ("HEAD", "POST", "GET", "OPTIONS"), later[0]


@pytest.mark.slow
def test_stalled_body_times_out_and_resumes(server: ServerProc, proxy: FaultProxy, box: Box):
    box.add_recording(1, MiB)
    proxy.add(Fault(on("PATCH"), stall=6.0, stall_after=10_000))
    run_until_drained(make_scheduler(box, proxy.url, proxy.ca_file), box)
    check_all_delivered(server, proxy, box)
    stalled = [r for r in patches(proxy) if r.fault == "stall"]
    assert len(stalled) == 1
    waits = [e for e in box.events_of(SyncStatus) if e.state is SyncState.waiting]
    assert "timeout" in [e.reason for e in waits]  # the client gave up waiting for an answer
    after = [r for r in proxy.requests() if r.at > stalled[0].at]
    assert after[0].method == "HEAD"  # and asked the server where to resume


@pytest.mark.slow
@pytest.mark.parametrize(
    ("status", "headers"),
    [(500, {}), (503, {"Retry-After": "2"}), (429, {"Retry-After": "2"})],
)
def test_server_errors_back_off_and_honour_retry_after(
    server: ServerProc, proxy: FaultProxy, box: Box, status: int, headers: dict[str, str]
):
    box.add_recording(1, MiB)
    body = json.dumps({"error": "injected", "message": "x"}).encode()
    proxy.add(Fault(on("PATCH"), respond=(status, headers, body), times=2))
    run_until_drained(make_scheduler(box, proxy.url, proxy.ca_file), box)
    check_all_delivered(server, proxy, box)
    log = proxy.requests()
    injected = [i for i, r in enumerate(log) if r.fault.startswith("respond")]
    assert len(injected) == 2
    waits = [e for e in box.events_of(SyncStatus) if e.state is SyncState.waiting]
    assert len([e for e in waits if e.reason == "http_status"]) >= 2
    if "Retry-After" in headers:
        for i in injected:
            gap = log[i + 1].at - log[i].at
            assert gap >= 1.9, f"retried after {gap:.2f}s despite Retry-After: 2"
            assert [e.retry_in for e in waits if e.retry_in and e.retry_in >= 2.0]


def test_server_restart_mid_upload(server: ServerProc, proxy: FaultProxy, box: Box):
    box.add_recording(3, MiB)
    # Hold the third PATCH so that the restart happens while the upload is in progress.
    proxy.add(Fault(lambda r: r.method == "PATCH" and len(patches(proxy)) >= 3, stall=1.5))
    sched = make_scheduler(box, proxy.url, proxy.ca_file)
    restarted = threading.Event()

    def restart() -> None:
        while not [r for r in patches(proxy) if r.fault == "stall"]:
            time.sleep(0.02)
        server.stop(signal.SIGKILL)  # a crash, not a clean stop
        time.sleep(1.0)
        server.start()  # same port, same data: the proxy reaches it again
        restarted.set()

    t = threading.Thread(target=restart)
    t.start()
    run_until_drained(sched, box)
    t.join()
    assert restarted.is_set()
    check_all_delivered(server, proxy, box)
    waits = [e for e in box.events_of(SyncStatus) if e.state in (SyncState.waiting,)]
    assert waits


def test_offset_conflict_409_heads_and_resumes(server: ServerProc, proxy: FaultProxy, box: Box):
    box.add_recording(1, MiB)

    def wrong_offset(r: Request) -> None:
        r.set_header("Upload-Offset", str(int(r.header("Upload-Offset") or 0) + 1))

    proxy.add(Fault(on("PATCH"), rewrite=wrong_offset))
    run_until_drained(make_scheduler(box, proxy.url, proxy.ca_file), box)
    check_all_delivered(server, proxy, box)
    log = proxy.requests()
    i = next(i for i, r in enumerate(log) if r.fault == "rewrite")
    assert log[i].status == 409  # the real server's answer
    assert log[i + 1].method == "HEAD"
    assert log[i + 2].method == "PATCH" and log[i + 2].upload_offset == log[i].upload_offset


@pytest.mark.slow
def test_expired_upload_410_is_created_again(server_factory, tmp_path, box: Box):
    server = server_factory("--upload-expiry", "1")
    proxy = FaultProxy(server.port, server.ca, tmp_path / "pca").start()
    try:
        box.add_recording(1, MiB)
        # After the first piece, a pause (503 + Retry-After) longer than the expiry.
        proxy.add(Fault(on("PATCH"), respond=(503, {"Retry-After": "3"}, b"{}")))
        run_until_drained(make_scheduler(box, proxy.url, proxy.ca_file), box)
        heads = proxy.requests("HEAD")
        assert 410 in [h.status for h in heads]  # the real server's expiry
        assert len(proxy.requests("POST", "/files")) == 2  # created again
        check_all_delivered(server, proxy, box)
    finally:
        proxy.stop()


def test_checksum_mismatch_460_resends_that_patch(server: ServerProc, proxy: FaultProxy, box: Box):
    box.add_recording(1, MiB)
    proxy.add(Fault(on("PATCH"), corrupt_at=1234))
    run_until_drained(make_scheduler(box, proxy.url, proxy.ca_file), box)
    check_all_delivered(server, proxy, box)
    log = patches(proxy)
    i = next(i for i, r in enumerate(log) if r.fault.startswith("corrupt"))
    assert log[i].status == 460  # the real server's checksum check
    assert log[i + 1].upload_offset == log[i].upload_offset  # the same PATCH again
    assert log[i + 1].status == 204


def test_server_that_ignores_upload_checksum_is_caught_by_the_receipt(
    server: ServerProc, proxy: FaultProxy, box: Box
):
    """A server that drops Upload-Checksum stores a damaged body; the sha256 computed at
    completion (422) makes the client send the chunk again; nothing is erased before."""
    box.add_recording(1, 300_000)

    def strip(r: Request) -> None:
        r.headers = [(k, v) for k, v in r.headers if k.lower() != "upload-checksum"]

    proxy.add(Fault(on("POST", "/files"), rewrite=strip, corrupt_at=777))
    proxy.add(Fault(on("PATCH"), rewrite=strip))
    run_until_drained(make_scheduler(box, proxy.url, proxy.ca_file), box)
    statuses = [r.status for r in proxy.requests() if r.method in ("PATCH", "POST")]
    assert 422 in statuses
    check_all_delivered(server, proxy, box)


def test_receipt_mismatch_keeps_the_chunk_and_sends_it_again(
    server: ServerProc, proxy: FaultProxy, box: Box
):
    box.add_recording(1, 500_000)
    (chunk_id,) = box.ciphertexts
    fake = {"chunk_id": chunk_id, "complete": True, "sha256": "0" * 64, "size": 500_000}
    state_at_mismatch: list[ChunkState] = []
    box.events.subscribe(
        lambda e: (
            state_at_mismatch.append(box.state(chunk_id))
            if isinstance(e, ReceiptMismatch)
            else None
        )
    )
    proxy.add(Fault(on("GET", "/api/v1/chunks/"), respond=(200, {}, json.dumps(fake).encode())))
    run_until_drained(make_scheduler(box, proxy.url, proxy.ca_file), box)
    assert state_at_mismatch == [ChunkState.UPLOADING]  # kept, not erased
    assert len(box.events_of(ReceiptMismatch)) == 1
    assert [r.status for r in proxy.requests("DELETE")] == [204]  # their copy discarded
    assert len(proxy.requests("POST", "/files")) == 2
    check_all_delivered(server, proxy, box)


def test_lost_answers_do_not_upload_twice(server: ServerProc, proxy: FaultProxy, box: Box):
    """'100 % sent' with the answer lost: the creation is idempotent and HEAD shows the bytes."""
    box.add_recording(1, 600_000)
    proxy.add(Fault(on("POST", "/files"), drop_response=True))
    proxy.add(Fault(on("PATCH"), drop_response=True, times=2))
    run_until_drained(make_scheduler(box, proxy.url, proxy.ca_file), box)
    check_all_delivered(server, proxy, box)
    sent = sum(r.forwarded for r in proxy.requests() if r.target.startswith("/files"))
    assert sent == len(
        box.ciphertexts[next(iter(box.ciphertexts))]
    )  # not one byte twice: each lost answer was followed by a HEAD


def test_relative_and_plain_http_locations(server: ServerProc, proxy: FaultProxy, box: Box):
    box.add_recording(2, 300_000)
    port = proxy.port

    def relative(h: bytes) -> bytes:
        return re.sub(rb"Location: https://127\.0\.0\.1:\d+", b"Location: ", h, flags=re.I)

    def plain_http(h: bytes) -> bytes:
        return re.sub(rb"Location: https://", b"Location: http://", h, flags=re.I)

    proxy.add(Fault(on("POST", "/files"), rewrite_response=relative))
    proxy.add(Fault(on("POST", "/files"), rewrite_response=plain_http))
    run_until_drained(make_scheduler(box, proxy.url, proxy.ca_file), box)
    check_all_delivered(server, proxy, box)
    assert all(r.target.startswith("/files/") for r in proxy.requests("PATCH")), port


def test_superseded_session_stops_and_keeps_everything(
    server: ServerProc, proxy: FaultProxy, box: Box
):
    box.add_recording(2, 300_000)
    sched = make_scheduler(box, proxy.url, proxy.ca_file)
    # The same account signs in elsewhere: this client's session is superseded.
    r = requests.post(
        f"{server.url}/api/v1/session",
        json={"user": USER, "password": PASSWORD, "device_id": "other", "client_version": "1"},
        verify=str(server.ca),
        timeout=10,
    )
    assert r.status_code == 201
    sched.start()
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            st = sched.status
            if st is not None and st.state is SyncState.superseded:
                break
            time.sleep(0.05)
        assert sched.status is not None and sched.status.state is SyncState.superseded
        for chunk_id in box.ciphertexts:
            assert box.state(chunk_id) in (ChunkState.SEALED, ChunkState.UPLOADING)
            assert box.outbox.chunk(chunk_id).path is not None
        assert not [x for x in proxy.requests("PATCH") if x.status == 204]
        # Signing in again resumes at once.
        assert sched.signin is not None
        sched.signin.login(USER, PASSWORD)
        sched.network_changed()  # as the app does after a sign-in: retry at once
        deadline = time.monotonic() + 60
        while box.outbox.pending_chunks() and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        sched.stop()
    check_all_delivered(server, proxy, box)


def test_offline_then_connectivity_returns(server: ServerProc, proxy: FaultProxy, box: Box):
    box.add_recording(1, 300_000)
    sched = make_scheduler(box, proxy.url, proxy.ca_file, backoff_cap=120.0, backoff_base=60.0)
    proxy.go_offline()
    sched.monitor.interval = 0.2
    sched.start()
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            st = sched.status
            if st is not None and st.state is SyncState.offline and (st.retry_in or 0) > 15:
                break
            time.sleep(0.02)
        st = sched.status
        assert st is not None and st.state is SyncState.offline
        assert (st.retry_in or 0) > 15  # a long backoff is ahead...
        proxy.go_online()
        t0 = time.monotonic()
        while box.outbox.pending_chunks() and time.monotonic() - t0 < 12:
            time.sleep(0.05)
        assert not box.outbox.pending_chunks()  # ...but connectivity cut it short
    finally:
        sched.stop()
    check_all_delivered(server, proxy, box)


def test_401_refreshes_and_keeps_the_upload_url(server: ServerProc, proxy: FaultProxy, box: Box):
    box.add_recording(1, MiB)
    expired = json.dumps({"error": "token_expired", "message": "x"}).encode()
    proxy.add(Fault(on("PATCH"), respond=(401, {}, expired)))
    run_until_drained(make_scheduler(box, proxy.url, proxy.ca_file), box)
    check_all_delivered(server, proxy, box)
    log = proxy.requests()
    i = next(i for i, r in enumerate(log) if r.fault.startswith("respond 401"))
    assert log[i + 1].method == "POST" and log[i + 1].target == "/api/v1/session/refresh"
    assert log[i + 1].status == 200
    assert log[i + 2].method == "PATCH" and log[i + 2].target == log[i].target  # same URL
    assert len(proxy.requests("POST", "/files")) == 1  # not created again


@pytest.mark.slow
def test_short_lived_access_tokens_are_refreshed_before_they_expire(
    server_factory, tmp_path, box: Box
):
    server = server_factory("--access-ttl", "2")
    proxy = FaultProxy(server.port, server.ca, tmp_path / "pca").start()
    try:
        box.add_recording(3, 300_000)
        proxy.add(Fault(on("PATCH"), respond=(503, {"Retry-After": "3"}, b"{}")))
        run_until_drained(make_scheduler(box, proxy.url, proxy.ca_file), box)
        check_all_delivered(server, proxy, box)
        assert proxy.requests("POST", "/api/v1/session/refresh")
        assert not [r for r in proxy.requests() if r.status == 401]
    finally:
        proxy.stop()
