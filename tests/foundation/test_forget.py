"""Forgetting a recording that a quarantined chunk would otherwise keep with its key forever:
`Core.forget_recording` and `logmeets forget RID` erase the key from the real keyring (the
erased siblings' old copies can no longer be opened) and mark the recording erased; a recording
with chunks still to upload is refused, and the CLI asks first unless --yes."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.context import Context
from app.core import Core, forgettable
from outbox import ChunkState, RecordingState

LOGMEETS = [sys.executable, "-m", "app.cli"]
REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.realkeyring


def stuck_recording(home: Path, *, pending: bool = False) -> tuple[str, list[str]]:
    """A stopped recording of three chunks: #0 quarantined, #1 uploaded, confirmed and erased,
    #2 erased too (or, with `pending`, still waiting to upload). Its id and chunk ids."""
    ctx = Context.create(home, home / "no-managed.toml")
    box = ctx.open_outbox(exclusive=True)
    try:
        rec = box.begin_recording(
            title="stuck", sample_rate=48000, channels=1, subtype="PCM_16", started_at=time.time()
        )
        ids = [
            box.seal_chunk(rec.id, i, os.urandom(5000), started_at=time.time(), duration=5.0).id
            for i in range(3)
        ]
        box.quarantine(ids[0], "test: damaged")
        for cid in ids[1:] if not pending else ids[1:2]:
            info = box.chunk(cid)
            box.set_upload(cid, url="https://server.invalid/files/x", offset=0)
            box.mark_uploaded(cid)
            box.confirm(cid, sha256=info.sha256, size=info.size)
            box.erase_chunk(cid)
        box.finish_recording(rec.id, time.time())
        return rec.id, ids
    finally:
        box.close()


def has_key(home: Path, rid: str) -> bool:
    """Whether the keyring holds the recording's identity, read afresh (no cached identity)."""
    return (
        Context.create(home, home / "no-managed.toml").keystore().get(f"recording/{rid}")
        is not None
    )


def logmeets(home: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LOGMEETS_HOME": str(home)}
    return subprocess.run(
        [*LOGMEETS, *args], input=stdin, capture_output=True, text=True, env=env, cwd=REPO,
        timeout=120,
    )  # fmt: skip


def test_a_quarantined_chunk_no_longer_keeps_the_key(data_dir: Path, real_keyring: object) -> None:
    rid, ids = stuck_recording(data_dir)
    ctx = Context.create(data_dir, data_dir / "no-managed.toml")
    keys = ctx.device_keys()
    # The bug: every other chunk is erased, yet the key stays because of chunk #0.
    assert keys.recording_identity(rid) is not None
    with Core(ctx) as core:
        snapshot = core.open()
        assert forgettable(snapshot) == [rid]
        quarantined = core.outbox.chunk(ids[0]).path  # type: ignore[union-attr]
        assert quarantined is not None and quarantined.exists()
        changes = core.forget_recording(rid)
        assert changes.recordings and changes.chunks
        snapshot = core.snapshot()
        [rec] = snapshot.recordings
        assert rec.state is RecordingState.ERASED
        assert forgettable(snapshot) == []
    assert keys.recording_identity(rid) is None and not has_key(data_dir, rid)
    assert not quarantined.exists()
    assert not (data_dir / "chunks" / rid).exists() and not (data_dir / "journal" / rid).exists()
    audit = (data_dir / "audit.log").read_text()
    assert '"recording_forgotten"' in audit


def test_a_recording_with_chunks_to_upload_is_not_forgotten(
    data_dir: Path, real_keyring: object
) -> None:
    rid, ids = stuck_recording(data_dir, pending=True)
    ctx = Context.create(data_dir, data_dir / "no-managed.toml")
    with Core(ctx) as core:
        assert forgettable(core.open()) == []
        with pytest.raises(Exception) as refused:
            core.forget_recording(rid)
        assert getattr(refused.value, "code", None) == "recording_not_forgettable"
        assert core.outbox.chunk(ids[2]).state is ChunkState.SEALED  # type: ignore[union-attr]
        assert core.outbox.recording(rid).state is RecordingState.STOPPED  # type: ignore[union-attr]
    assert has_key(data_dir, rid)


@pytest.mark.slow
def test_logmeets_forget_asks_first_and_says_how_to_export(
    data_dir: Path, real_keyring: object
) -> None:
    rid, _ = stuck_recording(data_dir)
    listed = logmeets(data_dir, "list")
    assert listed.returncode == 0, listed.stderr
    assert f"logmeets forget {rid}" in listed.stdout

    no = logmeets(data_dir, "forget", rid, stdin="n\n")
    assert no.returncode == 1, no.stderr
    assert f"logmeets export {rid} --out" in no.stdout
    assert "Nothing was forgotten" in no.stdout
    assert has_key(data_dir, rid)

    yes = logmeets(data_dir, "forget", rid, "--yes")
    assert yes.returncode == 0, yes.stderr
    assert "forgotten" in yes.stdout
    assert not has_key(data_dir, rid)

    again = logmeets(data_dir, "forget", rid, "--yes")
    assert again.returncode == 1 and "cannot be forgotten" in again.stderr
    assert "Traceback" not in again.stderr
