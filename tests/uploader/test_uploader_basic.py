"""Happy paths against the real server over HTTPS: chunks go, receipts match, files are erased
only after their receipt, the manifest completes the recording."""

from __future__ import annotations

from uphelp import Box, ServerProc, make_scheduler, run_until_drained

from outbox import ChunkState, RecordingState
from uploader.events import (
    ChunkConfirmed,
    ChunkErased,
    ManifestSent,
    RecordingProgress,
    SyncState,
    SyncStatus,
    UploadProgress,
)


def test_chunks_reach_the_server_byte_identical_and_are_erased(server: ServerProc, box: Box):
    rec = box.add_recording(3, 700_000)
    sched = make_scheduler(box, server.url, server.ca)
    run_until_drained(sched, box)
    for chunk_id, data in box.ciphertexts.items():
        assert server.stored(chunk_id) == data
        assert box.state(chunk_id) is ChunkState.ERASED
        assert box.outbox.chunk(chunk_id).path is None
    assert box.outbox.recording(rec).state in (RecordingState.COMPLETE, RecordingState.ERASED)
    confirmed = [e.chunk_id for e in box.events_of(ChunkConfirmed)]
    erased = [e.chunk_id for e in box.events_of(ChunkErased)]
    assert sorted(confirmed) == sorted(box.ciphertexts) == sorted(erased)
    assert [e.recording_id for e in box.events_of(ManifestSent)] == [rec]
    for chunk_id, data in box.ciphertexts.items():
        progress = [e for e in box.events_of(UploadProgress) if e.chunk_id == chunk_id]
        assert progress[-1].sent == progress[-1].total == len(data)
        assert [p.sent for p in progress] == sorted(p.sent for p in progress)
    last = box.events_of(RecordingProgress)[-1]
    assert (last.confirmed_chunks, last.total_chunks) == (3, 3)
    assert last.sent_bytes == last.total_bytes == sum(map(len, box.ciphertexts.values()))
    states = [e.state for e in box.events_of(SyncStatus)]
    assert SyncState.all_confirmed in states
