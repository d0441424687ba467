"""verify_chunks() finds every kind of damage to a local chunk and quarantines it;
export_recording() joins the local chunks bit-exactly and reports what is missing."""

from __future__ import annotations

import io
import sqlite3
import tempfile
import time
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from outbox_helpers import encode_flac, plant_chunk

from crypto.container import seal
from crypto.keys import DeviceKeys
from crypto.keystore import MemoryKeyStore
from outbox import (
    AuditLog,
    ChunkState,
    ExportGap,
    Gap,
    Outbox,
    OutboxError,
    export_recording,
    verify_chunks,
)


def _recording(box, n: int, tones: list[np.ndarray], subtype: str = "PCM_16"):  # type: ignore[no-untyped-def]
    rec = box.begin_recording(
        title="t", sample_rate=48000, channels=1, subtype=subtype, started_at=time.time()
    )
    chunks = [
        box.seal_chunk(
            rec.id,
            i,
            encode_flac(tones[i], subtype=subtype),
            started_at=float(i),
            duration=len(tones[i]) / 48000,
        )
        for i in range(n)
    ]
    return rec, chunks


def test_verify_ok_then_each_kind_of_damage(open_outbox, tone_chunks) -> None:  # type: ignore[no-untyped-def]
    box = open_outbox()
    _, c = _recording(box, 6, tone_chunks(6, 0.5))
    assert [(r.chunk_id, r.ok) for r in verify_chunks(box)] == [(x.id, True) for x in c]

    data = bytearray(c[0].path.read_bytes())
    data[len(data) // 2] ^= 0x04  # one flipped bit
    c[0].path.write_bytes(bytes(data))
    c[1].path.write_bytes(c[1].path.read_bytes()[:-1])  # truncated by one byte
    a, b = c[2].path.read_bytes(), c[3].path.read_bytes()  # two chunk files swapped
    c[2].path.write_bytes(b)
    c[3].path.write_bytes(a)
    c[4].path.unlink()
    results = {r.index: r for r in verify_chunks(box)}
    assert {i: r.problem for i, r in results.items()} == {
        0: "hash_mismatch",
        1: "hash_mismatch",
        2: "hash_mismatch",
        3: "hash_mismatch",
        4: "file_missing",
        5: None,
    }
    assert all(box.chunk(x.id).state is ChunkState.QUARANTINED for x in c[:5])
    assert [x.id for x in box.pending_chunks()] == [c[5].id]
    again = {r.index: r.problem for r in verify_chunks(box)}  # reported again, not re-quarantined
    assert again == {
        0: "quarantined",
        1: "quarantined",
        2: "quarantined",
        3: "quarantined",
        4: "quarantined",
        5: None,
    }


def test_verify_sealed_garbage_and_lost_key(open_outbox, tone_chunks) -> None:  # type: ignore[no-untyped-def]
    box = open_outbox()
    rec = box.begin_recording(
        title="t", sample_rate=48000, channels=1, subtype="PCM_16", started_at=0.0
    )
    bad = box.seal_chunk(rec.id, 0, b"not audio at all" * 100, started_at=0.0, duration=1.0)
    wrong_rate = box.seal_chunk(
        rec.id, 1, encode_flac(tone_chunks(1)[0], rate=44100), started_at=1.0, duration=1.0
    )
    results = {r.index: r.problem for r in verify_chunks(box)}
    assert results == {0: "not_flac", 1: "not_flac"}
    other, (good,) = _recording(box, 1, tone_chunks(1))
    box.keys.forget_recording(other.id)  # e.g. a keyring restored from an old backup
    assert {r.chunk_id: r.problem for r in verify_chunks(box)}[good.id] == "key_missing"
    assert box.chunk(bad.id).state is box.chunk(wrong_rate.id).state is ChunkState.QUARANTINED


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_tampering_is_caught_even_if_the_index_is_edited_to_match(data, tone_chunks) -> None:  # type: ignore[no-untyped-def]
    """An attacker who flips bits, truncates, or splices another chunk's bytes in AND rewrites
    the index's hash still fails: age authenticates the header and every payload chunk, and
    marks the last one."""
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        keys = DeviceKeys(MemoryKeyStore())
        audit = AuditLog(home / "audit.log", b"k" * 32, device_id="d")
        with Outbox.open(home, keys=keys, audit=audit) as box:
            _, (c0, c1) = _recording(box, 2, tone_chunks(2, 2.0))
            blob = bytearray(c0.path.read_bytes())
            # Positions are drawn independently of the sizes (which differ per run: every
            # seal has its own random header), then folded into range.
            kind = data.draw(st.sampled_from(["flip", "truncate", "splice"]))
            where = data.draw(st.integers(0, 2**32))
            bit = data.draw(st.integers(0, 7))
            if kind == "flip":
                blob[where % len(blob)] ^= 1 << bit
            elif kind == "truncate":
                blob = blob[: where % len(blob)]
            else:
                other = c1.path.read_bytes()
                cut = 1 + where % (min(len(blob), len(other)) - 1)
                blob = blob[:cut] + other[cut:]
            # A splice inside the common "age-encryption.org/v1" prefix is just the other
            # chunk, genuine audio of this recording: the binding inside it names its own place
            # (docs/file-format.md §2.1), so it is caught as misplaced.
            assume(bytes(blob) != c0.path.read_bytes())
            whole_other = bytes(blob) == c1.path.read_bytes()
            c0.path.write_bytes(bytes(blob))
            import hashlib

            conn = sqlite3.connect(home / "index.sqlite3")
            conn.execute(
                "UPDATE chunks SET sha256 = ?, size = ? WHERE id = ?",
                (hashlib.sha256(blob).hexdigest(), len(blob), c0.id),
            )
            conn.commit()
            conn.close()
            results = {r.index: r.problem for r in verify_chunks(box)}
            expected = {"chunk_misplaced"} if whole_other else {"decrypt_failed", "not_flac"}
            assert results[0] in expected
            assert results[1] is None


@pytest.mark.parametrize("subtype", ["PCM_16", "PCM_24"])
def test_export_joins_chunks_bit_exactly(open_outbox, tmp_path: Path, subtype: str) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(5)
    if subtype == "PCM_16":
        tones = [rng.integers(-32768, 32767, n, dtype=np.int16) for n in (48000, 30000, 12345)]
    else:  # 24-bit samples, as soundfile hands them over in int32 (left-justified)
        tones = [rng.integers(-(2**23), 2**23 - 1, n, dtype=np.int32) << 8 for n in (48000, 777)]
    box = open_outbox()
    rec, _ = _recording(box, len(tones), tones, subtype)
    out = tmp_path / "export" / "meeting.flac"
    report = export_recording(box, rec.id, out)
    got, rate = sf.read(out, dtype="int16" if subtype == "PCM_16" else "int32")
    assert rate == 48000 and sf.info(str(out)).subtype == subtype
    assert np.array_equal(got, np.concatenate(tones))
    assert report.frames == sum(len(t) for t in tones) and report.gaps == ()
    assert report.chunks == tuple(range(len(tones)))


def test_export_of_two_channels_whole_or_mixed(open_outbox, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A recording with system audio (2 channels) exports both, or their average with `mix`."""
    rng = np.random.default_rng(7)
    frames = rng.integers(-20000, 20000, (4800, 2), dtype=np.int16)
    box = open_outbox()
    rec = box.begin_recording(
        title="t", sample_rate=48000, channels=2, subtype="PCM_16", started_at=time.time()
    )
    box.seal_chunk(rec.id, 0, encode_flac(frames), started_at=0.0, duration=0.1)
    both = export_recording(box, rec.id, tmp_path / "both.flac")
    got, _ = sf.read(tmp_path / "both.flac", dtype="int16", always_2d=True)
    assert both.channels == 2 and np.array_equal(got, frames)
    mixed = export_recording(box, rec.id, tmp_path / "mix.flac", mix=True)
    got, _ = sf.read(tmp_path / "mix.flac", dtype="int16", always_2d=True)
    assert mixed.channels == 1 and got.shape == (4800, 1)
    want = frames.mean(axis=1, keepdims=True).round().astype(np.int16)
    assert np.array_equal(got, want)


def test_export_reports_what_is_missing(
    open_outbox, tone_chunks, tmp_path: Path, data_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    tones = tone_chunks(6, 0.25)
    box = open_outbox()
    rec = box.begin_recording(
        title="t", sample_rate=48000, channels=1, subtype="PCM_16", started_at=0.0
    )
    c = {
        i: box.seal_chunk(rec.id, i, encode_flac(tones[i]), started_at=i * 0.25, duration=0.25)
        for i in (0, 1, 2, 4, 5)
    }  # 3 never sealed
    box.set_upload(c[1].id, url="u", offset=0)
    box.mark_uploaded(c[1].id)
    box.confirm(c[1].id, sha256=c[1].sha256, size=c[1].size)
    box.erase_chunk(c[1].id)
    box.quarantine(c[2].id, "test")
    garbage = seal(b"garbage", [str(box.keys.recording_identity(rec.id).to_public())])
    plant_chunk(data_dir, c[5].id, c[5].path, garbage)  # the index matches: not a hash gap
    box.add_gap(rec.id, Gap(0.1, 0.2, "device_lost"))
    report = export_recording(box, rec.id, tmp_path / "x.flac")
    assert report.chunks == (0, 4)
    assert list(report.gaps) == [
        ExportGap(None, "device_lost", 0.1, 0.2),
        ExportGap(1, "erased"),
        ExportGap(2, "quarantined"),
        ExportGap(3, "missing"),
        ExportGap(5, "unreadable"),
    ]
    got, _ = sf.read(tmp_path / "x.flac", dtype="int16")
    assert np.array_equal(got, np.concatenate([tones[0], tones[4]]))


def test_export_of_nothing_is_an_error_with_a_code(open_outbox, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    box = open_outbox()
    rec = box.begin_recording(
        title="t", sample_rate=48000, channels=1, subtype="PCM_16", started_at=0.0
    )
    with pytest.raises(OutboxError) as err:
        export_recording(box, rec.id, tmp_path / "x.flac")
    assert err.value.code == "nothing_to_export"
    assert not (tmp_path / "x.flac").exists()
    with pytest.raises(OutboxError) as unknown:
        export_recording(box, "no-such-recording", tmp_path / "x.flac")
    assert unknown.value.code == "unknown_recording"


def test_every_verify_problem_has_a_user_message() -> None:
    from app.messages.outbox import MESSAGES

    for problem in (
        "file_missing",
        "hash_mismatch",
        "key_missing",
        "decrypt_failed",
        "not_flac",
        "chunk_misplaced",
        "index_path_invalid",
        "quarantined",
    ):
        assert MESSAGES[f"verify.{problem}"].format(detail="d")


def test_flac_helper_round_trip() -> None:
    pcm = np.arange(-100, 100, dtype=np.int16)
    got, _ = sf.read(io.BytesIO(encode_flac(pcm)), dtype="int16")
    assert np.array_equal(got, pcm)
