"""After upload and crypto-erase the list shows the meeting's real title (from the encrypted
history, on the real keyring), and Remove from history… asks, then deletes it from the list,
the index and the history, which is sealed to a new key."""

from __future__ import annotations

from contextlib import closing
from typing import Any

import pytest
from guihelp import uploaded_recording, wait_ready

from outbox import RecordingState

pytestmark = [pytest.mark.realkeyring, pytest.mark.realaudio]


@pytest.fixture()
def uploaded(gui_ctx: Any) -> str:
    """A recording of two parts, uploaded, erased here, its manifest accepted. Its id."""
    with closing(gui_ctx.open_outbox(exclusive=True)) as box:
        rid = uploaded_recording(box, "Design review", parts=2)
        assert box.recording(rid).title == ""  # scrubbed from the index
        return rid


def remove_action(w: Any, rid: str) -> Any:
    [action] = [
        a for a in w.recordings.build_menu(rid).actions() if a.text() == "Remove from history…"
    ]
    return action


def test_the_title_is_shown_after_erase_and_can_be_removed(
    uploaded: str, window: Any, qtbot: Any, gui_ctx: Any
) -> None:
    w, rid = window, uploaded
    wait_ready(qtbot, w)
    model = w.recordings.recordings
    qtbot.waitUntil(lambda: model.recording(rid) is not None, timeout=10_000)
    rec = model.recording(rid)
    assert (rec.state, rec.title) == (RecordingState.ERASED, "Design review")
    item = model.item(0, 0)
    assert item.text() == "Design review" and "encrypted history" in item.toolTip()
    assert remove_action(w, rid).isEnabled()
    old_key = gui_ctx.keystore().get("history/identity")

    w.prompts.remove_answer = False
    remove_action(w, rid).trigger()
    assert w.prompts.asked[-1] == ("remove_from_history", "Design review")
    qtbot.waitUntil(lambda: w.tasks.pending == 0, timeout=10_000)
    assert model.recording(rid) is not None

    w.prompts.remove_answer = True
    remove_action(w, rid).trigger()
    qtbot.waitUntil(lambda: model.recording(rid) is None, timeout=30_000)
    assert gui_ctx.keystore().get("history/identity") not in (None, old_key)
    assert "Removed from the history" in w.statusBar().currentMessage()
