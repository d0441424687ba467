"""A chunk's place is bound inside its sealed FLAC (docs/file-format.md §2.1): a chunk swapped
with another, or copied over another, with the index rewritten to match, is reported by verify
(`chunk_misplaced`) and refused by export; export also checks the index's size and hash.
Chunks sealed before bindings existed stay readable."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from outbox_helpers import encode_flac, plant_chunk

from crypto.binding import read_binding
from crypto.container import seal, unseal
from outbox import ChunkState, ExportGap, Outbox, OutboxError, export_recording, verify_chunks


def _recording(box: Outbox, tones: list[np.ndarray]) -> tuple[str, list]:  # type: ignore[type-arg]
    rec = box.begin_recording(
        title="t", sample_rate=48000, channels=1, subtype="PCM_16", started_at=time.time()
    )
    chunks = [
        box.seal_chunk(rec.id, i, encode_flac(t), started_at=float(i), duration=len(t) / 48000)
        for i, t in enumerate(tones)
    ]
    return rec.id, chunks


def test_sealed_chunks_carry_their_place(open_outbox, tone_chunks) -> None:  # type: ignore[no-untyped-def]
    box = open_outbox()
    rid, chunks = _recording(box, tone_chunks(2, 0.25))
    identity = box.keys.recording_identity(rid)
    for c in chunks:
        binding = read_binding(unseal(c.path.read_bytes(), [identity]))
        assert binding is not None and (binding.recording_id, binding.index) == (rid, c.index)


def test_swapped_chunks_with_the_index_rewritten_are_misplaced(
    open_outbox, tone_chunks, data_dir: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    box = open_outbox()
    rid, c = _recording(box, tone_chunks(4, 0.25))
    a, b = c[0].path.read_bytes(), c[1].path.read_bytes()
    plant_chunk(data_dir, c[0].id, c[0].path, b)
    plant_chunk(data_dir, c[1].id, c[1].path, a)
    plant_chunk(data_dir, c[3].id, c[3].path, c[2].path.read_bytes())  # a duplicate
    with pytest.raises(OutboxError) as refused:
        export_recording(box, rid, tmp_path / "x.flac")
    assert refused.value.code == "export_chunk_misplaced"
    assert refused.value.fields["index"] == 0
    assert "sealed as chunk 1 of recording" in refused.value.fields["reason"]
    assert not (tmp_path / "x.flac").exists()
    results = {r.index: r for r in verify_chunks(box)}
    assert {i: r.problem for i, r in results.items()} == {
        0: "chunk_misplaced",
        1: "chunk_misplaced",
        2: None,
        3: "chunk_misplaced",
    }
    assert "sealed as chunk 2" in results[3].detail
    assert [box.chunk(x.id).state for x in c] == [ChunkState.QUARANTINED] * 2 + [
        ChunkState.SEALED,
        ChunkState.QUARANTINED,
    ]
    # Set aside by verify, the rest exports, the misplaced ones as gaps.
    report = export_recording(box, rid, tmp_path / "x.flac")
    assert report.chunks == (2,)


def test_export_checks_the_index_hash(open_outbox, tone_chunks, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    tones = tone_chunks(3, 0.25)
    box = open_outbox()
    rid, c = _recording(box, tones)
    c[1].path.write_bytes(c[2].path.read_bytes())  # the index is left as it was
    report = export_recording(box, rid, tmp_path / "x.flac")
    assert report.chunks == (0, 2)
    assert list(report.gaps) == [ExportGap(1, "hash_mismatch")]
    got, _ = sf.read(tmp_path / "x.flac", dtype="int16")
    assert np.array_equal(got, np.concatenate([tones[0], tones[2]]))


def test_chunks_sealed_before_bindings_stay_readable(
    open_outbox, tone_chunks, data_dir: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    tones = tone_chunks(2, 0.25)
    box = open_outbox()
    rid, c = _recording(box, tones)
    recipient = str(box.keys.recording_identity(rid).to_public())
    legacy = seal(encode_flac(tones[1]), [recipient])  # as sealed before this release
    plant_chunk(data_dir, c[1].id, c[1].path, legacy)
    assert [r.problem for r in verify_chunks(box)] == [None, None]
    report = export_recording(box, rid, tmp_path / "x.flac")
    assert report.chunks == (0, 1) and report.gaps == ()
    got, _ = sf.read(tmp_path / "x.flac", dtype="int16")
    assert np.array_equal(got, np.concatenate(tones))
