"""The recorder's writer thread and the uploader's threads use one Outbox at the same time."""

from __future__ import annotations

import threading
import time

from outbox_helpers import encode_flac

from outbox import ChunkState, OutboxError, RecordingState, verify_audit_log


def test_writer_and_uploaders_in_parallel(open_outbox, tone_chunks, audit_key) -> None:  # type: ignore[no-untyped-def]
    box = open_outbox()
    rec = box.begin_recording(
        title="t", sample_rate=48000, channels=1, subtype="PCM_16", started_at=time.time()
    )
    flacs = [encode_flac(t) for t in tone_chunks(40, 0.1)]
    errors: list[BaseException] = []
    writing = threading.Event()
    writing.set()

    def writer() -> None:
        try:
            for i, flac in enumerate(flacs):
                box.seal_chunk(rec.id, i, flac, started_at=float(i), duration=0.1)
            box.finish_recording(rec.id, time.time())
        except BaseException as exc:
            errors.append(exc)
        finally:
            writing.clear()

    def uploader() -> None:
        try:
            while writing.is_set() or box.pending_chunks():
                for chunk in box.pending_chunks():
                    try:
                        data = box.read_ciphertext(chunk.id)
                        box.set_upload(chunk.id, url=f"https://h/{chunk.id}", offset=len(data))
                        box.mark_uploaded(chunk.id)
                        box.confirm(chunk.id, sha256=chunk.sha256, size=chunk.size)
                        box.erase_chunk(chunk.id)
                    except OutboxError as exc:
                        # The other uploader took this chunk first: a refused step, never damage.
                        assert exc.code in ("illegal_transition", "chunk_file_missing"), exc.code
                        assert box.chunk(chunk.id).state is not ChunkState.QUARANTINED
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=writer)] + [
        threading.Thread(target=uploader) for _ in range(2)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    chunks = box.chunks(rec.id)
    assert len(chunks) == 40 and all(c.state is ChunkState.ERASED for c in chunks)
    assert box.recording(rec.id).state is RecordingState.ERASED
    assert verify_audit_log(box.audit.path, audit_key) == []
