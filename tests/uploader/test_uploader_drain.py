"""Days of offline recording, then the network comes back: 200 pending chunks drain."""

from __future__ import annotations

import pytest
from uphelp import Box, ServerProc, make_scheduler, run_until_drained

from outbox import ChunkState
from uploader import ChunkErased


@pytest.mark.slow
def test_two_hundred_pending_chunks_drain_oldest_recording_first(server: ServerProc, box: Box):
    recordings = [box.add_recording(50, 20_000) for _ in range(4)]  # 4 meetings, 200 chunks
    assert len(box.outbox.pending_chunks()) == 200
    run_until_drained(make_scheduler(box, server.url, server.ca), box, timeout=600)
    assert all(box.state(c) is ChunkState.ERASED for c in box.ciphertexts)
    for chunk_id, data in box.ciphertexts.items():
        assert server.stored(chunk_id) == data
    order = [box.outbox.chunk(e.chunk_id).recording_id for e in box.events_of(ChunkErased)]
    assert order == [r for r in recordings for _ in range(50)]  # oldest recording first
