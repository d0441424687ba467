"""`logmeets list` shows an uploaded recording's real title (from the encrypted history) and
`logmeets history remove RID` deletes it from this computer; a recording still here is refused
with a message that says what to do."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.context import Context

LOGMEETS = [sys.executable, "-m", "app.cli"]
REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.realkeyring


def recordings(home: Path) -> tuple[str, str]:
    """One recording uploaded and erased (manifest accepted), one still waiting. Their ids."""
    ctx = Context.create(home, home / "no-managed.toml")
    box = ctx.open_outbox(exclusive=True)
    try:
        done = box.begin_recording(
            title="Sprint retro", sample_rate=48000, channels=1, subtype="PCM_16",
            started_at=time.time(),
        )  # fmt: skip
        info = box.seal_chunk(done.id, 0, os.urandom(4000), started_at=time.time(), duration=5.0)
        box.set_upload(info.id, url="https://server.invalid/files/x", offset=0)
        box.mark_uploaded(info.id)
        box.confirm(info.id, sha256=info.sha256, size=info.size)
        box.erase_chunk(info.id)
        box.finish_recording(done.id, time.time())
        box.mark_manifest_sent(done.id)
        waiting = box.begin_recording(
            title="Not sent", sample_rate=48000, channels=1, subtype="PCM_16",
            started_at=time.time() + 1,
        )  # fmt: skip
        box.seal_chunk(waiting.id, 0, os.urandom(4000), started_at=time.time(), duration=5.0)
        box.finish_recording(waiting.id, time.time())
        return done.id, waiting.id
    finally:
        box.close()


def logmeets(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LOGMEETS_HOME": str(home)}
    return subprocess.run(
        [*LOGMEETS, *args], capture_output=True, text=True, env=env, cwd=REPO, timeout=120
    )


@pytest.mark.slow
def test_list_shows_the_title_after_upload_and_history_remove_deletes_it(
    data_dir: Path, real_keyring: object
) -> None:
    done, waiting = recordings(data_dir)
    listed = logmeets(data_dir, "list")
    assert listed.returncode == 0, listed.stderr
    [line] = [ln for ln in listed.stdout.splitlines() if ln.startswith(done)]
    assert line.endswith("Sprint retro") and "erased" in line
    as_json = json.loads(logmeets(data_dir, "list", "--json").stdout)
    entry = next(r for r in as_json if r["id"] == done)
    assert (entry["title"], entry["in_history"]) == ("Sprint retro", True)

    refused = logmeets(data_dir, "history", "remove", waiting)
    assert refused.returncode != 0 and "Traceback" not in refused.stderr
    assert "only a recording that is uploaded" in refused.stderr

    removed = logmeets(data_dir, "history", "remove", done)
    assert removed.returncode == 0, removed.stderr
    assert "removed from this computer's history" in removed.stdout
    after = logmeets(data_dir, "list")
    assert done not in after.stdout and waiting in after.stdout
