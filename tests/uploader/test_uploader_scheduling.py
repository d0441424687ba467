"""Scheduling: chunks go while the recording is still running, oldest recording first; the
bandwidth limit paces the bytes."""

from __future__ import annotations

import os
import time

from uphelp import Box, ServerProc, make_scheduler

from outbox import ChunkState, RecordingState
from uploader.events import ChunkErased, ManifestSent


def wait_for(cond, timeout: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return
        time.sleep(0.02)
    raise AssertionError("condition not met in time")


def test_chunks_go_while_recording_and_the_manifest_after_the_stop(server: ServerProc, box: Box):
    sched = make_scheduler(box, server.url, server.ca)
    sched.start()
    try:
        rec = box.outbox.begin_recording(
            title="live", sample_rate=48000, channels=1, subtype="PCM_16", started_at=time.time()
        )
        for i in range(3):
            info = box.outbox.seal_chunk(
                rec.id, i, os.urandom(50_000), started_at=time.time(), duration=30.0
            )
            box.ciphertexts[info.id] = box.outbox.read_ciphertext(info.id)
            # Sealed during the recording: it goes without waiting for the stop.
            wait_for(lambda cid=info.id: box.state(cid) is ChunkState.ERASED)
            assert box.outbox.recording(rec.id).state is RecordingState.RECORDING
        assert not box.events_of(ManifestSent)
        box.outbox.finish_recording(rec.id, time.time())
        wait_for(lambda: bool(box.events_of(ManifestSent)))
    finally:
        sched.stop()
    for chunk_id, data in box.ciphertexts.items():
        assert server.stored(chunk_id) == data


def test_oldest_recording_goes_first(server: ServerProc, box: Box):
    new_first = box.add_recording(2, 30_000)  # sealed first...
    old = box.outbox.begin_recording(  # ...but this one started earlier
        title="old", sample_rate=48000, channels=1, subtype="PCM_16", started_at=time.time() - 3600
    )
    for i in range(2):
        info = box.outbox.seal_chunk(old.id, i, os.urandom(30_000), started_at=0, duration=30)
        box.ciphertexts[info.id] = box.outbox.read_ciphertext(info.id)
    box.outbox.finish_recording(old.id, time.time())
    summary = make_scheduler(box, server.url, server.ca).run_once()
    assert summary.drained
    order = [box.outbox.chunk(e.chunk_id).recording_id for e in box.events_of(ChunkErased)]
    assert order == [old.id, old.id, new_first, new_first]


def test_bandwidth_limit_paces_the_upload(server: ServerProc, box: Box):
    box.add_recording(1, 300_000)
    (data,) = box.ciphertexts.values()
    sched = make_scheduler(box, server.url, server.ca, bandwidth_limit_kbps=800)  # 100 kB/s
    t0 = time.monotonic()
    assert sched.run_once().drained
    elapsed = time.monotonic() - t0
    # A lower bound only: a busy machine can make it slower, never faster than the limit
    # (minus the bucket's initial burst of a quarter second's worth).
    assert elapsed >= (len(data) - 25_000) / 100_000 * 0.95, elapsed


def test_a_refused_chunk_waits_while_the_others_go(server: ServerProc, proxy, box: Box):
    """A chunk the server refuses (400) is kept and retried later; it does not hold up the
    chunks sealed after it."""
    import base64
    import json

    from faultproxy import Fault
    from uphelp import make_scheduler as mk

    rec = box.add_recording(2, 40_000, stop=False)
    bad, good = list(box.ciphertexts)
    tag = base64.b64encode(bad.encode()).decode()
    refused = json.dumps({"error": "invalid_field", "field": "x", "message": "x"}).encode()
    proxy.add(
        Fault(
            lambda r: r.method == "POST" and tag in (r.header("Upload-Metadata") or ""),
            respond=(400, {}, refused),
            times=10**6,
        )
    )
    sched = mk(box, proxy.url, proxy.ca_file)
    sched.start()
    try:
        wait_for(lambda: box.state(good) is ChunkState.ERASED)
        wait_for(lambda: sched.status is not None and sched.status.reason == "http_status")
        assert (sched.status.retry_in or 0) > 60  # parked for a long while...
        info = box.outbox.seal_chunk(rec, 2, os.urandom(40_000), started_at=0, duration=30)
        wait_for(lambda: box.state(info.id) is ChunkState.ERASED, 30)  # ...others still go
        assert box.state(bad) is ChunkState.SEALED
        kept = box.outbox.chunk(bad)
        assert kept.path is not None and kept.attempts >= 1 and kept.last_error == "http_status"
    finally:
        sched.stop()


def test_refused_manifest_is_sent_again_on_retry_now(server: ServerProc, proxy, box: Box):
    import json

    from faultproxy import Fault, on
    from uphelp import make_scheduler as mk

    rec = box.add_recording(1, 30_000)
    (chunk_id,) = box.ciphertexts
    body = json.dumps({"error": "missing_chunks", "missing": [chunk_id], "mismatched": []})
    proxy.add(Fault(on("PUT", "/api/v1/recordings/"), respond=(409, {}, body.encode())))
    sched = mk(box, proxy.url, proxy.ca_file)
    sched.start()
    try:
        wait_for(lambda: sched.status is not None and sched.status.reason == "missing_chunks")
        assert not box.events_of(ManifestSent)
        assert box.state(chunk_id) is ChunkState.ERASED
        sched.network_changed()  # the user's "retry now"
        wait_for(lambda: [e.recording_id for e in box.events_of(ManifestSent)] == [rec], 30)
    finally:
        sched.stop()
    assert [r.status for r in proxy.requests("PUT")] == [409, 201]
