"""End to end on real parts: record from the virtual microphone, sign in to the real server
(HTTPS on loopback, started with `--web-url-base`), upload, confirm, erase; the recording keeps
the server's link in the encrypted history after crypto-erase, and `logmeets list --json` shows
it as `web_url` (docs/protocol.md §7)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from corehelp import PASSWORD, USER, short_chunks_context, wait_for

from app.core import Core
from outbox import ChunkState, RecordingState

REPO = Path(__file__).resolve().parents[2]
BASE = "https://127.0.0.1/r/"


@pytest.fixture()
def server_options() -> tuple[str, ...]:
    """The server links recordings (`server_url`, tests/foundation/conftest.py)."""
    return ("--web-url-base", BASE)


@pytest.mark.slow
@pytest.mark.realaudio
@pytest.mark.realkeyring
def test_a_recording_keeps_the_servers_link_after_erase(
    data_dir: Path, virtual_mic: str, no_app_session: None, server_url: tuple[str, Path]
) -> None:
    ctx = short_chunks_context(data_dir)
    url, ca = server_url
    with Core(ctx) as core:
        core.open()
        started = core.start_recording(core.recording_options(device=virtual_mic, title="Linked"))
        recorder = core.recorder
        assert recorder is not None and recorder.wait_capturing(30)
        time.sleep(1.5)
        assert core.stop_recording().value.error is None
        core.finish_sign_in(core.log_in(url, USER, PASSWORD, str(ca)))

        def erased_and_linked() -> bool:
            snap = core.snapshot()
            return (
                bool(snap.chunks)
                and {c.state for c in snap.chunks} == {ChunkState.ERASED}
                and snap.recordings[0].state is RecordingState.ERASED
                and snap.recordings[0].web_url is not None
            )

        wait_for(erased_and_linked, 120)
        [rec] = core.snapshot().recordings
        assert rec.id == started.value
        assert (rec.title, rec.in_history, rec.web_url) == ("Linked", True, BASE + rec.id)
        core.end_session(core.begin_sign_out())

    env = {**os.environ, "LOGMEETS_HOME": str(data_dir)}
    listed = subprocess.run(
        [sys.executable, "-m", "app.cli", "list", "--json"],
        capture_output=True, text=True, env=env, cwd=REPO, timeout=120,
    )  # fmt: skip
    assert listed.returncode == 0, listed.stderr
    [entry] = json.loads(listed.stdout)
    assert (entry["title"], entry["web_url"]) == ("Linked", BASE + rec.id)
