"""Reminders: desktop notifications about things the user may not be watching.

- A recording still running after `recording_reminder_minutes` (a meeting that ended while the
  recorder went on): once per recording.
- Recordings that finished uploading (the server accepted their manifest). When the last one
  also makes every recording uploaded, the two say it in one notification, not two; "all
  uploaded" is not said while a recording runs (only its parts so far are).
- "Sign in again" when another device took the session over; clicking the notification opens the
  sign-in dialog.
"""

from __future__ import annotations

import time
from typing import Protocol

from PySide6.QtCore import QObject, QTimer

from app.context import Context
from app.gui.notices import Notice
from app.gui.record_panel import RecordPanel
from app.gui.recordings_view import RecordingsView

#: Uploads finished and "all uploaded" arriving within this long are told as one notification.
MERGE_MS = 1500


class RemindedWindow(Protocol):
    """What the reminders use of the main window."""

    ctx: Context
    panel: RecordPanel
    recordings: RecordingsView
    quitting: bool  # the window is shutting down: nothing more is told

    @property
    def recording_id(self) -> str | None: ...
    def tell(self, notice: Notice) -> None: ...
    def sign_in(self) -> None: ...


class Reminders(QObject):
    """The window's reminders; the window calls the methods below as things happen."""

    def __init__(
        self, window: RemindedWindow, parent: QObject | None = None, merge_ms: int = MERGE_MS
    ) -> None:
        super().__init__(parent)
        self.w = window
        self._long = QTimer(self)  # fires once the recording has run its reminder time
        self._long.setSingleShot(True)
        self._long.timeout.connect(self._still_recording)
        self._started = 0.0  # time.monotonic() at the start of the recording
        self._merge = QTimer(self)  # gathers upload news into one notification
        self._merge.setSingleShot(True)
        self._merge.setInterval(merge_ms)
        self._merge.timeout.connect(self._tell_uploaded)
        self._uploaded: list[str] = []  # titles of recordings uploaded since the last notice
        self._all_uploaded = False

    # ---- a long recording ---------------------------------------------------------------
    def recording_started(self) -> None:
        """Arms the reminder of the recording that just started (none if the setting is 0)."""
        minutes = float(self.w.ctx.settings.recording_reminder_minutes)
        self._started = time.monotonic()
        self._long.stop()
        if minutes > 0:
            self._long.start(max(1, round(minutes * 60_000)))

    def recording_ended(self) -> None:
        """The recording ended: no reminder for it."""
        self._long.stop()

    def _still_recording(self) -> None:
        if self.w.recording_id is None or self.w.quitting:
            return
        minutes = round((time.monotonic() - self._started) / 60)
        title = self.w.panel.title_edit.text().strip() or self.tr("Untitled recording")
        text = self.tr(
            "“{title}” has been recording for {minutes} min. If the meeting is over, stop it."
        ).format(title=title, minutes=minutes)
        self.w.tell(Notice(text, self.tr("Still recording"), in_window=False))

    # ---- uploads ------------------------------------------------------------------------
    def recording_uploaded(self, recording_id: str) -> None:
        """The server accepted a recording's manifest: every part of it is there."""
        rec = self.w.recordings.recordings.recording(recording_id)
        title = (rec.title if rec is not None else "") or self.tr("Untitled recording")
        self._uploaded.append(title)
        self._merge.start()

    def all_uploaded(self) -> None:
        """Every recording has reached the server (the sync state turned all confirmed). Not
        said while a recording runs: its parts so far are uploaded, the recording is not."""
        if self.w.recording_id is not None:
            return
        self._all_uploaded = True
        self._merge.start()

    def _tell_uploaded(self) -> None:
        titles, everything = self._uploaded, self._all_uploaded
        self._uploaded, self._all_uploaded = [], False
        if self.w.quitting:
            return
        if len(titles) == 1:
            text = self.tr("“{title}” has been uploaded.").format(title=titles[0])
        elif titles:
            text = self.tr("{n} recordings have been uploaded: {titles}.").format(
                n=len(titles), titles=", ".join(f"“{t}”" for t in titles)
            )
        else:
            text = ""
        if everything:
            done = self.tr("Every recording has reached the server and was confirmed.")
            text = f"{text} {done}" if text else done
            title = self.tr("All recordings uploaded")
        elif titles:
            title = self.tr("Recording uploaded")
        else:
            return
        self.w.tell(Notice(text, title, in_window=False))

    # ---- the session --------------------------------------------------------------------
    def session_superseded(self) -> None:
        """Another device signed in with this account: a notice whose click opens sign-in."""
        text = self.tr(
            "Your account was signed in on another device, so uploading has stopped. Your "
            "recordings are kept on this computer. Click here to sign in again."
        )
        self.w.tell(
            Notice(
                text,
                self.tr("Sign in again"),
                warning=True,
                in_window=False,
                on_click=self.w.sign_in,
            )
        )
