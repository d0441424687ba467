"""`app.core.Core` driven without Qt, as the commands drive it: record from the virtual
microphone, list, sign in to a real server, upload, sign out. Plus its small parts: `Changes`
and the staged key store that lets a sign-in talk to the server before the keyring is touched."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from corehelp import PASSWORD, SERVER_BIN, USER, short_chunks_context, wait_for

from app.core import Changes, Core, StagedKeyStore
from crypto import MemoryKeyStore
from outbox import ChunkState
from uploader import REFRESH_TOKEN_KEY


def test_core_imports_no_qt() -> None:
    code = (
        "import sys, app.core, app.cli\n"
        "assert not [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_changes_combine() -> None:
    both = Changes(recordings=True) | Changes(session=True)
    assert both == Changes(recordings=True, session=True)
    assert Changes() | Changes() == Changes()


def test_staged_key_store_writes_only_when_committed() -> None:
    target = MemoryKeyStore()
    staged = StagedKeyStore({"a/b": "1"})
    staged.set(REFRESH_TOKEN_KEY, "token")
    staged.delete("a/b")
    assert target.names() == []
    staged.commit(target)
    assert target.names() == [REFRESH_TOKEN_KEY] and target.get(REFRESH_TOKEN_KEY) == "token"
    staged.set(REFRESH_TOKEN_KEY, "rotated")  # after the commit, every call goes through
    assert target.get(REFRESH_TOKEN_KEY) == "rotated" and staged.get(REFRESH_TOKEN_KEY) == "rotated"


@pytest.mark.slow
@pytest.mark.realaudio
@pytest.mark.realkeyring
def test_core_records_lists_and_uploads_without_qt(
    data_dir: Path,
    virtual_mic: str,
    no_app_session: None,
    server_url: tuple[str, Path],
    tmp_path: Path,
) -> None:
    ctx = short_chunks_context(data_dir)
    with Core(ctx) as core:
        assert core.open().recordings == []
        started = core.start_recording(core.recording_options(device=virtual_mic, title="Facade"))
        assert started.changes.recording and started.changes.recordings
        recorder = core.recorder
        assert recorder is not None and recorder.wait_capturing(30)
        time.sleep(2.0)
        assert core.add_marker("half way").value.label == "half way"
        stopped = core.stop_recording()
        assert stopped.value is recorder and core.recorder is None
        assert stopped.value.error is None

        snapshot = core.snapshot()
        [rec] = snapshot.recordings
        assert rec.id == started.value and rec.title == "Facade"
        assert [m.label for m in rec.markers] == ["half way"]
        assert snapshot.chunks and {c.state for c in snapshot.chunks} == {ChunkState.SEALED}
        assert sum(c.duration for c in snapshot.chunks) >= 1.5

        url, ca = server_url
        login = core.log_in(url, USER, PASSWORD, str(ca))
        # The network step has not touched the keyring: the serial step keeps the session.
        assert ctx.keystore().get(REFRESH_TOKEN_KEY) is None
        assert not core.signed_in()
        changes = core.finish_sign_in(login)
        assert changes.session and changes.settings
        assert ctx.keystore().get(REFRESH_TOKEN_KEY) and core.signed_in()
        assert ctx.settings.server_url == url and ctx.settings.server_user == USER

        def all_erased() -> bool:
            return {c.state for c in core.snapshot().chunks} == {ChunkState.ERASED}

        wait_for(all_erased, 90)

        def manifest_sent() -> bool:
            return core.snapshot().recordings[0].manifest_sent

        wait_for(manifest_sent, 60)
        # Recorded before the sign-in, so before the organisation's recipient was known: what
        # the server holds must still open with the organisation's identity (issue 13 item 1).
        out = tmp_path / "export.flac"
        done = subprocess.run(
            [str(SERVER_BIN), "export", rec.id, "--data", str(tmp_path / "server"),
             "--out", str(out)],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert out.stat().st_size > 0

        sign_out = core.begin_sign_out()
        assert not core.signed_in()
        assert core.end_session(sign_out) is None
        assert core.forget_session(sign_out).session
        assert ctx.keystore().get(REFRESH_TOKEN_KEY) is None
    assert core.outbox is None
