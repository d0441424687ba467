"""The chunk and recording state machines: every allowed step works through the Outbox, every
other step is refused with code illegal_transition and changes nothing."""

from __future__ import annotations

import itertools
import time

import pytest
from outbox_helpers import encode_flac

from outbox import (
    CHUNK_TRANSITIONS,
    RECORDING_TRANSITIONS,
    ChunkSealed,
    ChunkState,
    ChunkStateChanged,
    OutboxError,
    RecordingState,
    RecordingStateChanged,
    check_chunk_transition,
    check_recording_transition,
)

C = ChunkState
ALLOWED = {
    (C.SEALED, C.UPLOADING),
    (C.UPLOADING, C.UPLOADED),
    (C.UPLOADED, C.CONFIRMED),
    (C.CONFIRMED, C.ERASED),
    (C.UPLOADING, C.SEALED),
    *((s, C.QUARANTINED) for s in C if s not in (C.ERASED, C.QUARANTINED)),
}


def test_chunk_transition_table_is_exactly_the_documented_one() -> None:
    table = {(a, b) for a, targets in CHUNK_TRANSITIONS.items() for b in targets}
    assert table == ALLOWED


@pytest.mark.parametrize("current,target", list(itertools.product(C, C)))
def test_every_chunk_pair_is_allowed_or_refused(current: ChunkState, target: ChunkState) -> None:
    if (current, target) in ALLOWED:
        check_chunk_transition("c", current, target)
        return
    with pytest.raises(OutboxError) as err:
        check_chunk_transition("c", current, target)
    assert err.value.code == "illegal_transition"
    assert err.value.fields == {
        "kind": "chunk",
        "item_id": "c",
        "current": current.value,
        "target": target.value,
    }


@pytest.mark.parametrize("current,target", list(itertools.product(RecordingState, RecordingState)))
def test_every_recording_pair_is_allowed_or_refused(
    current: RecordingState, target: RecordingState
) -> None:
    R = RecordingState
    allowed = {
        (R.RECORDING, R.STOPPED),
        (R.STOPPED, R.COMPLETE),
        (R.STOPPED, R.ERASED),
        (R.COMPLETE, R.ERASED),
    }
    assert {(a, b) for a, t in RECORDING_TRANSITIONS.items() for b in t} == allowed
    if (current, target) in allowed:
        check_recording_transition("r", current, target)
    else:
        with pytest.raises(OutboxError, match="not allowed") as err:
            check_recording_transition("r", current, target)
        assert err.value.code == "illegal_transition"


def _sealed(box, tone):  # type: ignore[no-untyped-def]
    rec = box.begin_recording(
        title="t", sample_rate=48000, channels=1, subtype="PCM_16", started_at=time.time()
    )
    chunk = box.seal_chunk(rec.id, 0, encode_flac(tone), started_at=rec.started_at, duration=1.0)
    return rec, chunk


def test_full_life_cycle_through_the_outbox(open_outbox, tone_chunks, bus_events) -> None:  # type: ignore[no-untyped-def]
    bus, seen = bus_events
    box = open_outbox(events=bus)
    rec, chunk = _sealed(box, tone_chunks(1)[0])
    assert chunk.state is C.SEALED and chunk.path is not None and chunk.path.exists()
    assert box.pending_chunks() == [chunk]
    box.set_upload(chunk.id, url="https://h/files/1", offset=0)
    box.set_upload(chunk.id, url="https://h/files/1", offset=100)  # an update, not a transition
    assert box.chunk(chunk.id).upload_offset == 100
    box.record_failure(chunk.id, "timeout")
    assert (box.chunk(chunk.id).attempts, box.chunk(chunk.id).last_error) == (1, "timeout")
    box.mark_uploaded(chunk.id)
    assert box.chunk(chunk.id).upload_offset == chunk.size
    box.confirm(chunk.id, sha256=chunk.sha256, size=chunk.size)
    assert box.pending_chunks() == []
    box.finish_recording(rec.id, time.time())
    box.erase_chunk(chunk.id)
    assert not chunk.path.exists()
    after = box.chunk(chunk.id)
    assert after.state is C.ERASED and after.path is None
    assert box.recording(rec.id).state is RecordingState.ERASED
    assert box.keys.recording_identity(rec.id) is None  # crypto-erased
    states = [e.state for e in seen if isinstance(e, ChunkStateChanged)]
    assert states == ["sealed", "uploading", "uploaded", "confirmed", "erased"]
    assert [e for e in seen if isinstance(e, ChunkSealed)] == [
        ChunkSealed(chunk.id, rec.id, 0, 1.0, False)
    ]
    rec_states = [e.state for e in seen if isinstance(e, RecordingStateChanged)]
    assert rec_states == ["recording", "stopped", "erased"]


def test_discarded_upload_goes_back_to_sealed(open_outbox, tone_chunks) -> None:  # type: ignore[no-untyped-def]
    box = open_outbox()
    _, chunk = _sealed(box, tone_chunks(1)[0])
    box.set_upload(chunk.id, url="https://h/files/1", offset=4096)
    box.set_upload(chunk.id, url=None, offset=0)  # the server answered 404/410
    after = box.chunk(chunk.id)
    assert (after.state, after.upload_url, after.upload_offset) == (C.SEALED, None, 0)
    assert box.pending_chunks() == [after]


@pytest.mark.parametrize(
    "step",
    ["mark_uploaded", "confirm", "erase", "quarantine_twice", "upload_after_confirm"],
)
def test_illegal_steps_through_the_outbox_change_nothing(open_outbox, tone_chunks, step) -> None:  # type: ignore[no-untyped-def]
    box = open_outbox()
    _, chunk = _sealed(box, tone_chunks(1)[0])
    with pytest.raises(OutboxError) as err:
        if step == "mark_uploaded":
            box.mark_uploaded(chunk.id)  # sealed -> uploaded skips uploading
        elif step == "confirm":
            box.confirm(chunk.id, sha256=chunk.sha256, size=chunk.size)  # sealed -> confirmed
        elif step == "erase":
            box.erase_chunk(chunk.id)  # never erase what the server has not confirmed
        elif step == "quarantine_twice":
            box.quarantine(chunk.id, "test")
            box.quarantine(chunk.id, "again")
        else:
            box.set_upload(chunk.id, url="u", offset=0)
            box.mark_uploaded(chunk.id)
            box.confirm(chunk.id, sha256=chunk.sha256, size=chunk.size)
            box.set_upload(chunk.id, url="u2", offset=0)
    assert err.value.code == "illegal_transition"
    assert chunk.path is not None and chunk.path.read_bytes()  # the file is untouched
    assert box.chunk(chunk.id).sha256 == chunk.sha256


def test_quarantined_chunk_is_never_pending_nor_erasable(open_outbox, tone_chunks) -> None:  # type: ignore[no-untyped-def]
    box = open_outbox()
    _, chunk = _sealed(box, tone_chunks(1)[0])
    box.set_upload(chunk.id, url="u", offset=0)
    box.quarantine(chunk.id, "bad disk")
    assert box.pending_chunks() == []
    assert box.quarantine_reason(chunk.id) == "bad disk"
    with pytest.raises(OutboxError, match="not allowed"):
        box.erase_chunk(chunk.id)
    assert chunk.path is not None and chunk.path.exists()


def test_receipt_mismatch_keeps_the_chunk(open_outbox, tone_chunks) -> None:  # type: ignore[no-untyped-def]
    box = open_outbox()
    _, chunk = _sealed(box, tone_chunks(1)[0])
    box.set_upload(chunk.id, url="u", offset=0)
    box.mark_uploaded(chunk.id)
    with pytest.raises(OutboxError) as err:
        box.confirm(chunk.id, sha256="0" * 64, size=chunk.size)
    assert err.value.code == "receipt_mismatch"
    assert err.value.fields["expected_sha256"] == chunk.sha256
    assert box.chunk(chunk.id).state is C.UPLOADED
    with pytest.raises(OutboxError, match="receipt"):
        box.confirm(chunk.id, sha256=chunk.sha256, size=chunk.size + 1)


def test_recording_refuses_chunks_once_erased_and_duplicates(open_outbox, tone_chunks) -> None:  # type: ignore[no-untyped-def]
    box = open_outbox()
    rec, chunk = _sealed(box, tone_chunks(1)[0])
    flac = encode_flac(tone_chunks(1)[0])
    with pytest.raises(OutboxError) as dup:
        box.seal_chunk(rec.id, 0, flac, started_at=0.0, duration=1.0)
    assert dup.value.code == "chunk_exists"
    box.set_upload(chunk.id, url="u", offset=0)
    box.mark_uploaded(chunk.id)
    box.confirm(chunk.id, sha256=chunk.sha256, size=chunk.size)
    box.finish_recording(rec.id, time.time())
    box.erase_chunk(chunk.id)
    with pytest.raises(OutboxError) as closed:
        box.seal_chunk(rec.id, 1, flac, started_at=0.0, duration=1.0)
    assert closed.value.code == "recording_closed"
    with pytest.raises(OutboxError) as again:
        box.finish_recording(rec.id, time.time())
    assert again.value.code == "illegal_transition"
