"""Chunks found in odd states at start-up: damaged on disk, or sent but not yet confirmed."""

from __future__ import annotations

from uphelp import Box, ServerProc, make_scheduler

from outbox import ChunkState
from uploader.engine import chunk_metadata
from uploader.events import ChunkErased
from uploader.tus import UploadJob


def test_damaged_local_chunk_is_quarantined_not_sent(server: ServerProc, box: Box):
    box.add_recording(3, 50_000)
    damaged, *others = list(box.ciphertexts)
    path = box.outbox.chunk(damaged).path
    assert path is not None
    raw = bytearray(path.read_bytes())
    raw[100] ^= 0xFF
    path.write_bytes(bytes(raw))
    summary = make_scheduler(box, server.url, server.ca).run_once()
    assert summary.failures == {damaged: "local_chunk_damaged"}
    assert box.state(damaged) is ChunkState.QUARANTINED
    assert path.exists()  # kept for the user, never erased
    assert not [u for u in server.uploads() if u["chunk_id"] == damaged]  # never sent
    for chunk_id in others:
        assert server.stored(chunk_id) == box.ciphertexts[chunk_id]
        assert box.state(chunk_id) is ChunkState.ERASED


def test_chunk_sent_but_unconfirmed_is_confirmed_without_sending_again(
    server: ServerProc, box: Box
):
    """A crash after the last byte but before the receipt: the next run asks for the receipt
    (and HEADs) instead of uploading again."""
    box.add_recording(1, 300_000)
    (chunk_id,) = box.ciphertexts
    sched = make_scheduler(box, server.url, server.ca)
    assert sched.session is not None
    sched.tus.endpoint = sched.session.ensure().tus_endpoint
    chunk = box.outbox.chunk(chunk_id)
    job = UploadJob(chunk_id, chunk.recording_id, box.ciphertexts[chunk_id],
                    chunk_metadata(chunk, "d"))  # fmt: skip
    sched.tus.on_persist = lambda j: box.outbox.set_upload(chunk_id, url=j.url, offset=j.offset)
    sched.tus.upload(job)  # every byte sent, the process "dies" before the receipt
    assert box.state(chunk_id) is ChunkState.UPLOADING
    fresh = make_scheduler(box, server.url, server.ca)
    summary = fresh.run_once()
    assert summary.drained and summary.bytes_sent == 0  # nothing sent twice
    assert [e.chunk_id for e in box.events_of(ChunkErased)] == [chunk_id]
    assert server.stored(chunk_id) == box.ciphertexts[chunk_id]
