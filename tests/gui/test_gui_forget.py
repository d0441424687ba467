"""A recording that quarantined parts would keep with its key forever is shown as such in the
list, with a Forget… action that asks first (saying how to export what is readable) and then
erases its key from the real keyring through `Core.forget_recording`."""

from __future__ import annotations

from contextlib import closing
from typing import Any

import pytest
from guihelp import uploaded_recording, wait_ready

from outbox import RecordingState

pytestmark = [pytest.mark.realkeyring, pytest.mark.realaudio]


@pytest.fixture()
def stuck(gui_ctx: Any) -> str:
    """A stopped recording: part 1 quarantined, part 2 confirmed and erased. Its id."""
    with closing(gui_ctx.open_outbox(exclusive=True)) as box:
        return uploaded_recording(box, "Damaged", parts=2, quarantined=1, manifest=False)


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
