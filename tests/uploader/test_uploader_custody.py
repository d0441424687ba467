"""Custody: a chunk is erased only once the server holds a copy the organisation can decrypt.

Issue 13 item 1: audio recorded before the organisation's recipient is known (a fresh install,
offline, nobody signed in) was sealed to the recording's key only, uploaded, erased, its key
forgotten, and `logmeets-server export` could not decrypt it. Here that path runs end to end on
the real server: record with no recipient, sign in, sync, export with the organisation identity.
"""

from __future__ import annotations

import io
import json
import subprocess
import time
from pathlib import Path

import numpy as np
import pyrage
import pytest
import soundfile as sf
from uphelp import (
    PASSWORD,
    SERVER_BIN,
    USER,
    Box,
    ServerProc,
    make_scheduler,
    open_box,
    run_until_drained,
)

from app.messages import describe
from app.settings import load_settings
from crypto.container import unseal
from outbox import ChunkState
from uploader import CustodyError, SyncState, UploadJob
from uploader.engine import chunk_metadata

RATE = 16_000


def flac_chunk(index: int, seconds: float = 1.0) -> tuple[bytes, np.ndarray]:
    """A real FLAC chunk (a tone whose pitch depends on `index`) and its samples."""
    t = np.arange(int(RATE * seconds)) / RATE
    samples = (np.sin(2 * np.pi * (220 + 110 * index) * t) * 12_000).astype(np.int16)
    out = io.BytesIO()
    sf.write(out, samples, RATE, format="FLAC", subtype="PCM_16")
    return out.getvalue(), samples


def record(box: Box, chunks: int) -> tuple[str, np.ndarray]:
    """A stopped recording of `chunks` real FLAC chunks; the rid and every sample in order."""
    rec = box.outbox.begin_recording(
        title="offline", sample_rate=RATE, channels=1, subtype="PCM_16", started_at=time.time()
    )
    parts = []
    for i in range(chunks):
        flac, samples = flac_chunk(i)
        info = box.outbox.seal_chunk(rec.id, i, flac, started_at=time.time(), duration=1.0)
        box.ciphertexts[info.id] = box.outbox.read_ciphertext(info.id)
        parts.append(samples)
    box.outbox.finish_recording(rec.id, time.time())
    return rec.id, np.concatenate(parts)


def export(server: ServerProc, rid: str, out: Path) -> subprocess.CompletedProcess[str]:
    """`logmeets-server export` with the demo organisation identity beside the data dir."""
    return subprocess.run(
        [str(SERVER_BIN), "export", rid, "--data", str(server.data), "--out", str(out)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_recorded_before_sign_in_is_exportable_by_the_organisation(
    server: ServerProc, tmp_path: Path
) -> None:
    box = open_box(tmp_path, org_recipient=None)  # a fresh install: no recipient known yet
    try:
        rid, source = record(box, 3)
        assert {c.org_recipient for c in box.outbox.chunks(rid)} == {None}
        sched = make_scheduler(box, server.url, server.ca)  # signs in
        run_until_drained(sched, box)
        assert {c.state for c in box.outbox.chunks(rid)} == {ChunkState.ERASED}
    finally:
        box.outbox.close()
    out = tmp_path / "export.flac"
    done = export(server, rid, out)
    assert done.returncode == 0, done.stderr
    exported, rate = sf.read(out, dtype="int16")
    assert rate == RATE
    assert np.array_equal(exported, source)


def test_resealed_chunk_keeps_its_plaintext_and_gets_a_new_file(tmp_path: Path) -> None:
    box = open_box(tmp_path, org_recipient=None)
    try:
        rid, _ = record(box, 1)
        (before,) = box.outbox.chunks(rid)
        org = pyrage.x25519.Identity.generate()
        after = box.outbox.reseal_chunk(before.id, str(org.to_public()))
        assert after.id == before.id and after.state is ChunkState.SEALED
        assert after.org_recipient == str(org.to_public())
        assert after.path is not None and before.path is not None
        assert after.path.name == f"000000.{after.sha256[:16]}.flac.age"
        assert not before.path.exists()  # the old file is erased once the row points away
        new = after.path.read_bytes()
        identity = box.outbox.keys.recording_identity(rid)
        # Byte-identical plaintext, readable by the organisation and by the recording's key.
        old_plain = unseal(box.ciphertexts[before.id], [identity])
        assert unseal(new, [org]) == old_plain == unseal(new, [identity])
        assert box.outbox.read_ciphertext(after.id) == new
        lines = box.outbox.audit.path.read_text().splitlines()
        assert "chunk_resealed" in [json.loads(line)["action"] for line in lines]
    finally:
        box.outbox.close()


def test_no_organisation_recipient_nothing_is_uploaded_or_erased(
    server: ServerProc, tmp_path: Path
) -> None:
    from test_uploader_plain_tus import static_token

    from uploader import STATIC_TOKEN_KEY

    box = open_box(tmp_path, org_recipient=None)
    try:
        rid, _ = record(box, 2)
        box.keystore.set(STATIC_TOKEN_KEY, static_token(server))
        # A plain tus server announces no recipient, and none is configured.
        sched = make_scheduler(
            box, server.url, server.ca, server_url=None, tus_endpoint=server.url + "/files/"
        )
        summary = sched.run_once()
        assert not summary.drained
        assert set(summary.failures.values()) == {"org_recipient_unknown"}
        assert sched.status is not None and sched.status.state is SyncState.waiting
        assert sched.status.reason == "org_recipient_unknown"
        chunks = box.outbox.chunks(rid)
        assert {c.state for c in chunks} == {ChunkState.SEALED}
        assert all(c.path is not None and c.path.exists() for c in chunks)
        assert server.uploads() == []
    finally:
        box.outbox.close()


@pytest.mark.parametrize("left", [ChunkState.UPLOADING, ChunkState.UPLOADED])
def test_an_upload_of_the_old_bytes_is_ended_before_the_reseal_goes(
    server: ServerProc, tmp_path: Path, left: ChunkState
) -> None:
    """Sealed to another recipient and already sent whole (the process died before the
    receipt): the server's upload of those bytes is terminated, the chunk resealed to the
    recipient the server announces, sent again, and only that copy is confirmed."""
    other = str(pyrage.x25519.Identity.generate().to_public())
    box = open_box(tmp_path, org_recipient=other)
    try:
        rid, source = record(box, 1)
        (chunk,) = box.outbox.chunks(rid)
        sched = make_scheduler(box, server.url, server.ca)
        assert sched.signin is not None
        sched.tus.endpoint = sched.signin.ensure().tus_endpoint
        job = UploadJob(chunk.id, rid, box.ciphertexts[chunk.id], chunk_metadata(chunk, "d"))
        sched.tus.on_persist = lambda j: box.outbox.set_upload(chunk.id, url=j.url, offset=j.offset)
        sched.tus.upload(job)
        if left is ChunkState.UPLOADED:
            box.outbox.mark_uploaded(chunk.id)
        assert box.state(chunk.id) is left
        assert [u["sha256"] for u in server.uploads()] == [chunk.sha256]
        box.outbox.set_org_recipient(None)  # as after a restart: the server's is taken
        summary = make_scheduler(box, server.url, server.ca).run_once()
        assert summary.drained, summary.failures
        (after,) = box.outbox.chunks(rid)
        assert after.state is ChunkState.ERASED and after.sha256 != chunk.sha256
        assert [u["sha256"] for u in server.uploads()] == [after.sha256]
    finally:
        box.outbox.close()
    out = tmp_path / "export.flac"
    done = export(server, rid, out)
    assert done.returncode == 0, done.stderr
    assert np.array_equal(sf.read(out, dtype="int16")[0], source)


def _server_recipient(server: ServerProc) -> str:
    """The recipient of the demo organisation identity the server keeps beside its data."""
    from server.orgkey import demo_identity_path, load_identity

    return str(load_identity(demo_identity_path(server.data)).to_public())


def test_sign_in_refuses_a_server_whose_recipient_is_not_the_pinned_one(
    server: ServerProc, data_dir: Path, tmp_path: Path
) -> None:
    """An administrator pinned the organisation's recipient (managed config, locked): a server
    announcing another is refused at sign-in, and nothing is kept of that sign-in."""
    from app.context import Context
    from app.core import Core

    managed = tmp_path / "managed.toml"
    pinned = str(pyrage.x25519.Identity.generate().to_public())
    managed.write_text(f'org_recipient = "{pinned}"\n')
    ctx = Context.create(data_dir, managed=managed)
    assert ctx.settings.org_recipient == pinned and "org_recipient" in ctx.settings.locked
    with Core(ctx) as core:
        with pytest.raises(CustodyError) as err:
            core.log_in(server.url, USER, PASSWORD, str(server.ca))
        assert err.value.code == "org_recipient_changed"
        assert err.value.fields == {"pinned": pinned, "announced": _server_recipient(server)}
        assert ctx.settings.server_url is None and ctx.settings.org_recipient == pinned
        text = describe(err.value)
        assert "administrator set" in text and "IT support" in text

        managed.write_text(f'org_recipient = "{_server_recipient(server)}"\n')
        ctx.settings = load_settings(data_dir, managed)
        login = core.log_in(server.url, USER, PASSWORD, str(server.ca))  # the same: accepted
        assert login.info.org_recipient == ctx.settings.org_recipient


def test_the_sync_engine_refuses_a_server_whose_recipient_is_not_the_pinned_one(
    server: ServerProc, box: Box
) -> None:
    """The same check on every session refresh: a server that changes its recipient after the
    sign-in gets nothing."""
    box.add_recording(1, 10_000)
    pinned = box.outbox.org_recipient
    sched = make_scheduler(box, server.url, server.ca, pinned_org_recipient=pinned)
    summary = sched.run_once()
    assert set(summary.failures.values()) == {"org_recipient_changed"}
    assert {c.state for c in box.outbox.chunks()} == {ChunkState.SEALED}
    assert server.uploads() == []
