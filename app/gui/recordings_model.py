"""The recordings list's model: one row per recording, one child row per chunk, with a state
that a person can act on (recording, waiting, uploading with % and a progress ring, confirmed,
erased, failed: why and what to do), its icon drawn by `app.gui.state_icons`.

`RecordingsModel` holds plain data (the outbox's `RecordingInfo`/`ChunkInfo` plus live upload
progress) and renders it to items, so a language change only re-renders. It never reads the
outbox itself: the main window loads snapshots off the GUI thread and hands them in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QDateTime, QLocale, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QGuiApplication, QStandardItem, QStandardItemModel

from app.core import Snapshot, forgettable
from app.core.transfer import clock_text
from app.gui.messages import describe_code, english_catalogue
from app.gui.state_icons import state_colour, state_icon
from outbox import ChunkInfo, ChunkState, RecordingInfo, RecordingState

ID_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_ROLE = Qt.ItemDataRole.UserRole + 2
STATE_ROLE = Qt.ItemDataRole.UserRole + 3

COL_TITLE, COL_DATE, COL_LENGTH, COL_STATE = range(4)

# Chunks the server holds in full (the recording's upload percentage counts them whole).
SENT = (ChunkState.UPLOADED, ChunkState.CONFIRMED, ChunkState.ERASED)

#: A recording's or chunk's length as the list shows it: H:MM:SS, or M:SS under an hour.
format_length = clock_text


@dataclass(frozen=True)
class StateText:
    """What the state column shows: a kind (for icon, colour and tests), the text, a tooltip,
    and for `uploading` the part sent (0..1, None when unknown) that fills the ring."""

    kind: str
    text: str
    tooltip: str = ""
    fraction: float | None = None


class RecordingsModel(QStandardItemModel):
    """Tree model over recordings and their chunks."""

    loaded_snapshot = Signal()  # after each load() (the view repaints its empty-list hint)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(0, 4, parent)
        self._recordings: dict[str, RecordingInfo] = {}
        self._chunks: dict[str, dict[str, ChunkInfo]] = {}  # recording id -> chunk id -> chunk
        self._progress: dict[str, tuple[int, int]] = {}  # chunk id -> (sent, total)
        self._live: str | None = None  # recording being recorded now
        self._live_paused = False
        self._live_seconds = 0.0  # audio kept so far in the live recording (RecordingPosition)
        self._rows: dict[str, QStandardItem] = {}
        self.loaded = False  # a first snapshot arrived (before it, empty means "not read yet")
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
        self.loaded = True
        self._render_all()
        self.loaded_snapshot.emit()

    def set_progress(self, chunk_id: str, recording_id: str, sent: int, total: int) -> None:
        """Upload progress of one chunk (from `UploadProgress`)."""
        self._progress[chunk_id] = (sent, total)
        if recording_id in self._recordings:
            self._render_recording(recording_id)

    def set_live(self, recording_id: str | None, *, paused: bool = False) -> None:
        """Which recording is being recorded now (None: none)."""
        previous = self._live
        if recording_id != previous:
            self._live_seconds = 0.0
        self._live, self._live_paused = recording_id, paused
        for rid in {previous, recording_id} - {None}:
            if rid in self._recordings:
                self._render_recording(rid)

    def set_position(self, recording_id: str, seconds: float) -> None:
        """The live recording's length so far (from `RecordingPosition`, about once a second)."""
        if recording_id == self._live:
            self._live_seconds = seconds
            if recording_id in self._recordings:
                self._render_recording(recording_id)

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
        length = sealed = sum(float(c.duration) for c in chunks)
        live = rid == self._live
        if live:  # grows with the recorder's position, not only as chunks are sealed
            length = max(sealed, self._live_seconds)
        elif not chunks and rec.ended_at and rec.started_at:
            length = float(rec.ended_at) - float(rec.started_at)
        state = self._recording_state(rid)
        self._set_row(
            None,
            row,
            [title, self._date(rec.started_at), format_length(length), state.text],
            state,
        )
        item.setToolTip(title_tip)
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
            texts = [
                self.tr("Part {n}").format(n=len(chunks) + 1),
                "",
                format_length(length - sealed),
                live_state.text,
            ]
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
                palette = QGuiApplication.palette()
                it.setData(state.kind, STATE_ROLE)
                it.setToolTip(state.tooltip)
                it.setForeground(QBrush(state_colour(state.kind, palette)))
                it.setIcon(state_icon(state.kind, palette, state.fraction))

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
            return StateText(
                "uploading",
                self.tr("Uploading {percent} %").format(percent=percent),
                fraction=sent / total if total else None,
            )
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
                elif c.state in (ChunkState.SEALED, ChunkState.UPLOADING):
                    # A sealed part's first piece may be on its way (its progress is known).
                    done += self._progress.get(c.id, (int(c.upload_offset), 0))[0]
            percent = int(100 * done / total) if total else 0
            return StateText(
                "uploading",
                self.tr("Uploading {percent} %").format(percent=percent),
                fraction=done / total if total else None,
            )
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
