"""Removing an uploaded recording from the history: asks first, then
`Core.remove_from_history` on the serial worker (the history is re-keyed, its rows go), and the
list refreshes from the changes it returns."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.core import Changes, removable_from_history
from app.gui.window_parts import WindowParts


class HistoryFlow:
    """The Remove from history… action of the recordings list, for one window."""

    def __init__(self, window: WindowParts) -> None:
        self.w = window

    def remove(self, recording_id: str) -> None:
        """Asks, then removes the recording's entry off the GUI thread."""
        w = self.w
        rec = w.recordings.recordings.recording(recording_id)
        if rec is None or not removable_from_history(rec):
            return
        title = rec.title or QCoreApplication.translate("HistoryFlow", "Untitled recording")
        if not w.prompts.remove_from_history(title):
            return
        w.tasks.run(lambda: w.core.remove_from_history(recording_id), success=self._removed)

    def _removed(self, changes: Changes) -> None:
        self.w.refresh(changes)
        self.w.statusBar().showMessage(
            QCoreApplication.translate("HistoryFlow", "Removed from the history on this computer."),
            10_000,
        )
