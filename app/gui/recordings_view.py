"""The recordings list: one row per recording, one child row per chunk, with a state that a
person can act on (recording, waiting, uploading with %, confirmed, erased, failed: why and what
to do). Export to FLAC from the context menu, and Forget… for a recording whose damaged parts
would keep its key here forever (`app.core.forgettable`).

`RecordingsModel` holds plain data (the outbox's `RecordingInfo`/`ChunkInfo` plus live upload
progress) and renders it to items, so a language change only re-renders. It never reads the
outbox itself: the main window loads snapshots off the GUI thread and hands them in.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from PySide6.QtCore import QDateTime, QEvent, QLocale, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTreeView, QWidget

from app.core import Snapshot, forgettable, removable_from_history
from app.gui.messages import describe_code, english_catalogue
from outbox import ChunkInfo, ChunkState, RecordingInfo, RecordingState

ID_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_ROLE = Qt.ItemDataRole.UserRole + 2
STATE_ROLE = Qt.ItemDataRole.UserRole + 3

COL_TITLE, COL_DATE, COL_LENGTH, COL_STATE = range(4)

# Chunks the server holds in full (the recording's upload percentage counts them whole).
SENT = (ChunkState.UPLOADED, ChunkState.CONFIRMED, ChunkState.ERASED)

# Colours of the state column, by kind.
KIND_COLOURS = {
    "recording": "#c0392b",
    "failed": "#c0392b",
    "uploading": "#1f6fb2",
    "confirmed": "#2e7d32",
    "erased": "#2e7d32",
}


@dataclass(frozen=True)
class StateText:
    """What the state column shows: a kind (for colour and tests), the text and a tooltip."""

    kind: str
    text: str
    tooltip: str = ""


def format_length(seconds: float) -> str:
    """H:MM:SS (or M:SS under an hour); the same in every language."""
    s = max(0, round(seconds))
    h, rem = divmod(s, 3600)
    m, sec = divmod(rem, 60)
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m}:{sec:02d}"


class RecordingsModel(QStandardItemModel):
    """Tree model over recordings and their chunks."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 4, parent)
        self._recordings: dict[str, RecordingInfo] = {}
        self._chunks: dict[str, dict[str, ChunkInfo]] = {}  # recording id -> chunk id -> chunk
        self._progress: dict[str, tuple[int, int]] = {}  # chunk id -> (sent, total)
        self._live: str | None = None  # recording being recorded now
        self._live_paused = False
        self._rows: dict[str, QStandardItem] = {}
        self.retranslate()

    # ---- data in -------------------------------------------------------------------------
    def load(self, recordings: Iterable[RecordingInfo], chunks: Iterable[ChunkInfo]) -> None:
        """Replaces the data with a fresh outbox snapshot (newest recording first)."""
        recs = {r.id: r for r in recordings}
        by_rec: dict[str, dict[str, ChunkInfo]] = {rid: {} for rid in recs}
        for c in chunks:
            by_rec.setdefault(c.recording_id, {})[c.id] = c
        for cid in list(self._progress):
            uploading = (
                cs[cid].state == ChunkState.UPLOADING for cs in by_rec.values() if cid in cs
            )
            if not any(uploading):
                self._progress.pop(cid, None)
        self._recordings = recs
        self._chunks = by_rec
        self._render_all()

    def set_progress(self, chunk_id: str, recording_id: str, sent: int, total: int) -> None:
        """Upload progress of one chunk (from `UploadProgress`)."""
        self._progress[chunk_id] = (sent, total)
        if recording_id in self._recordings:
            self._render_recording(recording_id)

    def set_live(self, recording_id: str | None, *, paused: bool = False) -> None:
        """Which recording is being recorded now (None: none)."""
        previous = self._live
        self._live, self._live_paused = recording_id, paused
        for rid in {previous, recording_id} - {None}:
            if rid in self._recordings:
                self._render_recording(rid)

    def retranslate(self) -> None:
        """Re-renders every text in the current language."""
        self.setHorizontalHeaderLabels(
            [self.tr("Title"), self.tr("Date"), self.tr("Length"), self.tr("State")]
        )
        self._render_all()

    # ---- data out ------------------------------------------------------------------------
    def recording_id_at(self, index: QModelIndex) -> str | None:
        """The recording of a row (a chunk row gives its recording)."""
        if not index.isValid():
            return None
        first = index.siblingAtColumn(0)
        if first.data(KIND_ROLE) == "chunk":
            first = first.parent()
        rid = first.data(ID_ROLE)
        return str(rid) if rid else None

    def recording(self, recording_id: str) -> RecordingInfo | None:
        """The RecordingInfo shown for an id."""
        return self._recordings.get(recording_id)

    def has_local_audio(self, recording_id: str) -> bool:
        """True if at least one chunk of the recording is still on this device (exportable)."""
        return any(
            c.state != ChunkState.ERASED and c.path is not None
            for c in self._chunks.get(recording_id, {}).values()
        )

    def chunks_of(self, recording_id: str) -> list[ChunkInfo]:
        """The chunks shown for a recording."""
        return list(self._chunks.get(recording_id, {}).values())

    def can_forget(self, recording_id: str) -> bool:
        """True if only forgetting can erase the recording's key (`app.core.forgettable`)."""
        rec = self._recordings.get(recording_id)
        if rec is None or recording_id == self._live:
            return False
        return bool(forgettable(Snapshot([rec], self.chunks_of(recording_id))))

    def recording_state(self, recording_id: str) -> StateText:
        """The summary state of one recording."""
        return self._recording_state(recording_id)

    def chunk_state(self, chunk_id: str) -> StateText | None:
        """The state of one chunk, as shown."""
        for chunks in self._chunks.values():
            if chunk_id in chunks:
                return self._chunk_state(chunks[chunk_id])
        return None

    # ---- rendering ----------------------------------------------------------------------
    def _render_all(self) -> None:
        order = sorted(self._recordings.values(), key=lambda r: r.started_at, reverse=True)
        wanted = [r.id for r in order]
        for rid in list(self._rows):
            if rid not in self._recordings:
                gone = self._rows.pop(rid)
                self.removeRow(gone.row())
        for position, rid in enumerate(wanted):
            item = self._rows.get(rid)
            if item is None:
                items = [QStandardItem() for _ in range(4)]
                for it in items:
                    it.setEditable(False)
                items[0].setData(rid, ID_ROLE)
                items[0].setData("recording", KIND_ROLE)
                self.insertRow(position, items)
                self._rows[rid] = items[0]
            elif item.row() != position:
                row = self.takeRow(item.row())
                self.insertRow(position, row)
            self._render_recording(rid)

    def _render_recording(self, rid: str) -> None:
        item = self._rows.get(rid)
        if item is None:
            return
        rec = self._recordings[rid]
        chunks = sorted(self._chunks.get(rid, {}).values(), key=lambda c: c.index)
        row = item.row()
        title = rec.title or self.tr("Untitled recording")
        title_tip = ""
        if rec.in_history:
            title_tip = self.tr(
                "Uploaded and erased from this computer; its title and markers are kept in "
                "the encrypted history."
            )
        elif not rec.title and rec.state == RecordingState.ERASED:
            # The outbox blanks title and markers once the server holds the recording.
            title = self.tr("Uploaded recording")
            title_tip = self.tr(
                "Its title and markers were removed from this computer after upload."
            )
        # The audio kept (pauses excluded); before any chunk exists, the wall-clock span.
        length = sum(float(c.duration) for c in chunks)
        if not chunks and rec.ended_at and rec.started_at:
            length = float(rec.ended_at) - float(rec.started_at)
        state = self._recording_state(rid)
        self._set_row(
            None,
            row,
            [title, self._date(rec.started_at), format_length(length), state.text],
            state,
        )
        item.setToolTip(title_tip)
        live = rid == self._live
        rows_needed = len(chunks) + (1 if live else 0)
        while item.rowCount() > rows_needed:
            item.removeRow(item.rowCount() - 1)
        while item.rowCount() < rows_needed:
            kids = [QStandardItem() for _ in range(4)]
            for k in kids:
                k.setEditable(False)
            item.appendRow(kids)
        for i, c in enumerate(chunks):
            kid_state = self._chunk_state(c)
            item.child(i, 0).setData(c.id, ID_ROLE)
            item.child(i, 0).setData("chunk", KIND_ROLE)
            texts = [
                self.tr("Part {n}").format(n=c.index + 1),
                self._time(c.started_at),
                format_length(float(c.duration)),
                kid_state.text,
            ]
            self._set_row(item, i, texts, kid_state)
        if live:
            live_state = self._live_state()
            item.child(len(chunks), 0).setData("", ID_ROLE)
            item.child(len(chunks), 0).setData("chunk", KIND_ROLE)
            texts = [self.tr("Part {n}").format(n=len(chunks) + 1), "", "", live_state.text]
            self._set_row(item, len(chunks), texts, live_state)

    def _set_row(
        self, parent: QStandardItem | None, row: int, texts: list[str], state: StateText
    ) -> None:
        for col, text in enumerate(texts):
            it = parent.child(row, col) if parent is not None else self.item(row, col)
            if it is None:
                continue
            if it.text() != text:
                it.setText(text)
            if col == COL_STATE:
                it.setData(state.kind, STATE_ROLE)
                it.setToolTip(state.tooltip)
                colour = KIND_COLOURS.get(state.kind)
                it.setForeground(QBrush(QColor(colour)) if colour else QBrush())

    def _live_state(self) -> StateText:
        if self._live_paused:
            return StateText("recording", self.tr("Paused"))
        return StateText("recording", self.tr("Recording"))

    def _chunk_state(self, c: ChunkInfo) -> StateText:
        state = c.state
        error = c.last_error
        if state == ChunkState.QUARANTINED:
            reason = _error_text(error) if error else self.tr("the file is damaged")
            return StateText(
                "failed",
                self.tr("Failed: {reason}").format(reason=reason),
                self.tr(
                    "This part cannot be uploaded. Keep the app open and contact your "
                    "administrator; the other parts are not affected."
                ),
            )
        progress = self._progress.get(c.id)
        if state == ChunkState.SEALED and progress is not None and progress[0] < progress[1]:
            state = ChunkState.UPLOADING  # the first piece is on its way before it is stored
        if state == ChunkState.SEALED:
            if error and c.attempts:
                return StateText(
                    "waiting",
                    self.tr("Waiting to retry"),
                    self.tr(
                        "Last attempt failed: {reason}. It will be retried automatically."
                    ).format(reason=_error_text(error)),
                )
            return StateText("waiting", self.tr("Waiting to upload"))
        if state == ChunkState.UPLOADING:
            sent, total = self._progress.get(c.id, (int(c.upload_offset), int(c.size or 0)))
            percent = int(100 * sent / total) if total else 0
            return StateText("uploading", self.tr("Uploading {percent} %").format(percent=percent))
        if state == ChunkState.UPLOADED:
            return StateText(
                "uploading",
                self.tr("Sent, waiting for receipt"),
                self.tr("The server has the data; the local copy is kept until it confirms it."),
            )
        if state == ChunkState.CONFIRMED:
            return StateText("confirmed", self.tr("Confirmed"))
        if state == ChunkState.ERASED:
            return StateText(
                "erased",
                self.tr("Confirmed, local copy erased"),
                self.tr("The server confirmed this part; it was removed from this computer."),
            )
        return StateText("waiting", str(state))

    def _recording_state(self, rid: str) -> StateText:
        if rid == self._live:
            return self._live_state()
        states = [self._chunk_state(c) for c in self._chunks.get(rid, {}).values()]
        kinds = {s.kind for s in states}
        if "failed" in kinds:
            n = sum(1 for s in states if s.kind == "failed")
            tip = next(s.tooltip for s in states if s.kind == "failed")
            if self.can_forget(rid):
                tip = self.tr(
                    "The damaged parts can never be uploaded, and they keep this recording's key "
                    "on this computer. Export to FLAC… keeps what is still readable; Forget… "
                    "then erases the key."
                )
            return StateText("failed", self.tr("{n} part(s) failed").format(n=n), tip)
        if "uploading" in kinds:
            chunks = self._chunks.get(rid, {}).values()
            total = sum(int(c.size or 0) for c in chunks)
            done = 0
            for c in chunks:
                if c.state in SENT:
                    done += int(c.size or 0)
                elif c.state == ChunkState.UPLOADING:
                    done += self._progress.get(c.id, (int(c.upload_offset), 0))[0]
            percent = int(100 * done / total) if total else 0
            return StateText("uploading", self.tr("Uploading {percent} %").format(percent=percent))
        if "waiting" in kinds:
            return StateText("waiting", self.tr("Waiting to upload"))
        if not states:
            return StateText("waiting", self.tr("No audio"))
        if kinds == {"erased"}:
            return StateText("erased", self.tr("Uploaded, erased from this computer"))
        return StateText("confirmed", self.tr("All parts confirmed"))

    def _date(self, ts: float | None) -> str:
        if not ts:
            return ""
        dt = QDateTime.fromSecsSinceEpoch(int(ts))
        return QLocale().toString(dt, QLocale.FormatType.ShortFormat)

    def _time(self, ts: float | None) -> str:
        if not ts:
            return ""
        return QLocale().toString(QDateTime.fromSecsSinceEpoch(int(ts)).time(), "HH:mm:ss")


def _error_text(error: str) -> str:
    """A chunk's last_error: translated if it is one of our codes, else shown as stored."""
    code = error.split(":", 1)[0].strip()
    if code in english_catalogue():
        return describe_code(code)
    return error


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

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def build_menu(self, recording_id: str) -> QMenu:
        """The context menu for one recording (separate so tests can inspect it)."""
        menu = self.menu_factory()
        action = menu.addAction(self.tr("Export to FLAC…"))
        action.setEnabled(self.recordings.has_local_audio(recording_id))
        if not action.isEnabled():
            action.setToolTip(self.tr("Every part was uploaded and erased from this computer."))
        action.triggered.connect(lambda: self.export_requested.emit(recording_id))
        forget = menu.addAction(self.tr("Forget…"))
        forget.setEnabled(self.recordings.can_forget(recording_id))
        if not forget.isEnabled():
            forget.setToolTip(self.tr("Only a recording with damaged parts can be forgotten."))
        forget.triggered.connect(lambda: self.forget_requested.emit(recording_id))
        remove = menu.addAction(self.tr("Remove from history…"))
        rec = self.recordings.recording(recording_id)
        remove.setEnabled(rec is not None and removable_from_history(rec))
        remove.triggered.connect(lambda: self.remove_requested.emit(recording_id))
        return menu

    def _context_menu(self, pos: QPoint) -> None:
        rid = self.recordings.recording_id_at(self.indexAt(pos))
        if rid is None:
            return
        menu = self.build_menu(rid)
        menu.exec(self.viewport().mapToGlobal(pos))


def now() -> float:
    """Wall-clock seconds (a seam for the screenshot script's fixed clock)."""
    return time.time()
