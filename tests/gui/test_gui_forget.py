"""A recording that quarantined parts would keep with its key forever is shown as such in the
list, with a Forget… action that asks first (saying how to export what is readable) and then
erases its key from the real keyring through `Core.forget_recording`."""

from __future__ import annotations

import os
import time
from typing import Any

import pytest
from guihelp import wait_ready

from outbox import RecordingState

pytestmark = [pytest.mark.realkeyring, pytest.mark.realaudio]


@pytest.fixture()
def stuck(gui_ctx: Any) -> str:
    """A stopped recording: part 1 quarantined, part 2 confirmed and erased. Its id."""
    box = gui_ctx.open_outbox(exclusive=True)
    try:
        rec = box.begin_recording(
            title="Damaged", sample_rate=48000, channels=1, subtype="PCM_16", started_at=time.time()
        )
        ids = [
            box.seal_chunk(rec.id, i, os.urandom(4000), started_at=time.time(), duration=5.0).id
            for i in range(2)
        ]
        box.quarantine(ids[0], "test: damaged")
        info = box.chunk(ids[1])
        box.set_upload(ids[1], url="https://server.invalid/files/x", offset=0)
        box.mark_uploaded(ids[1])
        box.confirm(ids[1], sha256=info.sha256, size=info.size)
        box.erase_chunk(ids[1])
        box.finish_recording(rec.id, time.time())
        return str(rec.id)
    finally:
        box.close()


def forget_action(w: Any, rid: str) -> Any:
    [action] = [a for a in w.recordings.build_menu(rid).actions() if a.text() == "Forget…"]
    return action


def test_forget_a_recording_with_damaged_parts_from_the_list(
    stuck: str, window: Any, qtbot: Any, gui_ctx: Any
) -> None:
    w, rid = window, stuck
    wait_ready(qtbot, w)
    model = w.recordings.recordings
    qtbot.waitUntil(lambda: model.recording(rid) is not None, timeout=10_000)
    state = model.recording_state(rid)
    assert state.kind == "failed" and "Forget" in state.tooltip and "Export" in state.tooltip
    assert forget_action(w, rid).isEnabled()

    # Declined: nothing happens.
    w.prompts.forget_answer = False
    forget_action(w, rid).trigger()
    assert w.prompts.asked[-1] == ("forget_recording", ("Damaged", 1))
    qtbot.waitUntil(lambda: w.tasks.pending == 0, timeout=10_000)
    assert gui_ctx.keystore().get(f"recording/{rid}") is not None

    w.prompts.forget_answer = True
    forget_action(w, rid).trigger()
    qtbot.waitUntil(lambda: model.recording(rid).state is RecordingState.ERASED, timeout=30_000)
    assert gui_ctx.keystore().get(f"recording/{rid}") is None
    assert not forget_action(w, rid).isEnabled()
    assert "forgotten" in w.statusBar().currentMessage()
