"""Forgetting a recording whose damaged (quarantined) parts would keep its key on this computer
forever: asks first (saying how to export what is readable), then `Core.forget_recording` on
the serial worker (keyring and outbox), and the list refreshes from the changes it returns."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.core import Changes
from app.gui.window_parts import WindowParts
from outbox import ChunkState


class ForgetFlow:
    """The Forget… action of the recordings list, for one window."""

    def __init__(self, window: WindowParts) -> None:
        self.w = window

    def forget(self, recording_id: str) -> None:
        """Asks, then crypto-erases the recording off the GUI thread."""
        w = self.w
        model = w.recordings.recordings
        rec = model.recording(recording_id)
        if rec is None or not model.can_forget(recording_id):
            return
        damaged = sum(1 for c in model.chunks_of(recording_id) if c.state is ChunkState.QUARANTINED)
        title = rec.title or QCoreApplication.translate("ForgetFlow", "Untitled recording")
        if not w.prompts.forget_recording(title, damaged):
            return
        w.tasks.run(lambda: w.core.forget_recording(recording_id), success=self._forgotten)

    def _forgotten(self, changes: Changes) -> None:
        self.w.refresh(changes)
        self.w.statusBar().showMessage(
            QCoreApplication.translate(
                "ForgetFlow", "Recording forgotten: its key is erased from this computer."
            ),
            10_000,
        )
