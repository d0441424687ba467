"""The recordings list: the tree of recordings and their parts (model: `recordings_model.py`),
a hint in the empty list, export to FLAC from the context menu, Open in LogMeets for one whose
page the server linked (`RecordingInfo.web_url`), Forget… for a recording whose
damaged parts would keep its key here forever (`app.core.forgettable`), and Remove from
history… for an uploaded one."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QPoint, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTreeView, QWidget

from app.core import removable_from_history
from app.gui.recordings_model import COL_DATE, COL_LENGTH, COL_STATE, COL_TITLE, RecordingsModel


def open_web_link(link: str) -> bool:
    """Opens a recording's page in the user's browser. The uploader checked the link when the
    server sent it (uploader.web_link); only http(s) reaches the OS here all the same."""
    url = QUrl(link, QUrl.ParsingMode.StrictMode)
    if not url.isValid() or url.scheme() not in ("https", "http"):
        return False
    return QDesktopServices.openUrl(url)


class RecordingsView(QTreeView):
    """The tree of recordings with a context menu; emits `export_requested(recording_id)` and
    `forget_requested(recording_id)` and `remove_requested(recording_id)`."""

    export_requested = Signal(str)
    forget_requested = Signal(str)
    remove_requested = Signal(str)  # remove from the history

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.recordings = RecordingsModel(self)
        self.setModel(self.recordings)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._context_menu)
        self.recordings.loaded_snapshot.connect(self.viewport().update)
        header = self.header()
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        for col in (COL_DATE, COL_LENGTH, COL_STATE):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.menu_factory: Callable[[], QMenu] = lambda: QMenu(self)
        self.retranslate()

    def retranslate(self) -> None:
        """Texts of the view and its model in the current language."""
        self.setAccessibleName(self.tr("Recordings"))
        self.setToolTip(self.tr("Your recordings and the upload state of each part"))
        self.recordings.retranslate()

    def empty_hint(self) -> str:
        """What the empty list says ("" once it has a recording, or before the first read)."""
        if not self.recordings.loaded or self.recordings.rowCount():
            return ""
        return self.tr("No recordings yet: press Record")

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        hint = self.empty_hint()
        if hint:
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            area = self.viewport().rect().adjusted(16, 16, -16, -16)
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, hint)
            painter.end()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() == QEvent.Type.PaletteChange:
            self.recordings.retranslate()  # the state icons and colours follow the palette
        super().changeEvent(event)

    def build_menu(self, recording_id: str) -> QMenu:
        """The context menu for one recording (separate so tests can inspect it)."""
        menu = self.menu_factory()
        action = menu.addAction(self.tr("Export to FLAC…"))
        action.setEnabled(self.recordings.has_local_audio(recording_id))
        if not action.isEnabled():
            action.setToolTip(self.tr("Every part was uploaded and erased from this computer."))
        action.triggered.connect(lambda: self.export_requested.emit(recording_id))
        rec = self.recordings.recording(recording_id)
        link = rec.web_url if rec is not None else None
        web = menu.addAction(self.tr("Open in LogMeets"))
        web.setEnabled(link is not None)
        if link is None:
            web.setToolTip(self.tr("The server has no page for this recording."))
        else:
            web.triggered.connect(lambda: open_web_link(link))
        forget = menu.addAction(self.tr("Forget…"))
        forget.setEnabled(self.recordings.can_forget(recording_id))
        if not forget.isEnabled():
            forget.setToolTip(self.tr("Only a recording with damaged parts can be forgotten."))
        forget.triggered.connect(lambda: self.forget_requested.emit(recording_id))
        remove = menu.addAction(self.tr("Remove from history…"))
        remove.setEnabled(rec is not None and removable_from_history(rec))
        remove.triggered.connect(lambda: self.remove_requested.emit(recording_id))
        return menu

    def _context_menu(self, pos: QPoint) -> None:
        rid = self.recordings.recording_id_at(self.indexAt(pos))
        if rid is None:
            return
        menu = self.build_menu(rid)
        menu.exec(self.viewport().mapToGlobal(pos))
