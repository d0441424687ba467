"""The upload figures a person looks for while chunks go out: "Uploading: 12.3 MB left,
1.2 MB/s, about 0:10 remaining", in the status bar's sync indicator and the tray icon's tooltip.

The figures come from `app.core.transfer.TransferMeter` (the same as `logmeets sync`'s bar), fed
on the GUI thread with the uploader's events and the chunks of each outbox snapshot; a timer
redraws them every second, so the speed and the time left move during a stall too."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QObject, QTimer

from app.core.transfer import TransferMeter, clock_text, size_text
from app.gui.status import SyncIndicator
from app.gui.tray import Tray
from outbox import ChunkInfo, ChunkState

REDRAW_MS = 1000
# Chunks whose bytes are still to go (an `uploaded` one waits for its receipt only).
TO_SEND = (ChunkState.SEALED, ChunkState.UPLOADING)


class TransferStatus(QObject):
    """Feeds a TransferMeter and shows its figures while the sync thread is sending."""

    def __init__(self, sync: SyncIndicator, tray: Tray, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.meter = TransferMeter()
        self._sync = sync
        self._tray = tray
        self._text = ""
        self._timer = QTimer(self)
        self._timer.setInterval(REDRAW_MS)
        self._timer.timeout.connect(self.redraw)

    @property
    def text(self) -> str:
        """What the status bar and the tooltip show now ("" when nothing is being sent)."""
        return self._text

    def feed(self, event: object) -> None:
        """An uploader event (UploadStarted, UploadProgress, ChunkConfirmed)."""
        if self.meter.feed(event):
            self.redraw()

    def expect(self, chunks: Iterable[ChunkInfo]) -> None:
        """The chunks of the latest outbox snapshot: those still to send count as left."""
        self.meter.expect({c.id: int(c.size or 0) for c in chunks if c.state in TO_SEND})
        self.redraw()

    def redraw(self) -> None:
        """Recomputes the text and hands it to the sync indicator and the tray."""
        self._text = self._compose()
        if self._text and not self._timer.isActive():
            self._timer.start()
        elif not self._text:
            self._timer.stop()
        self._sync.set_transfer(self._text)
        self._tray.set_detail(self._text)

    def retranslate(self) -> None:
        """Texts in the current language."""
        self.redraw()

    def _compose(self) -> str:
        f = self.meter.figures()
        if self._sync.state != "syncing" or not f.left or f.speed is None:
            return ""  # nothing going out now: the indicator says why
        left = size_text(f.left)
        if not f.speed or f.seconds_left is None:
            return self.tr("Uploading: {left} left").format(left=left)
        return self.tr("Uploading: {left} left, {speed}/s, about {time} remaining").format(
            left=left, speed=size_text(f.speed), time=clock_text(f.seconds_left)
        )
