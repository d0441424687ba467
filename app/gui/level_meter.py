"""A horizontal audio level meter: RMS as a bar, peak as a line with a short hold, and a clip
lamp that stays lit for two seconds after the signal reached full scale."""

from __future__ import annotations

import math
import time

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

FLOOR_DBFS = -60.0
PEAK_HOLD_S = 1.0
CLIP_HOLD_S = 2.0
RELEASE_DB_PER_S = 24.0  # a meter rises at once and falls slowly, so bursts read steadily


def _floor(dbfs: float) -> float:
    return FLOOR_DBFS if math.isnan(dbfs) or dbfs < FLOOR_DBFS else dbfs


def fraction(dbfs: float) -> float:
    """Position of a dBFS value on the meter, 0.0 (floor or silence) to 1.0 (full scale)."""
    if math.isnan(dbfs) or dbfs <= FLOOR_DBFS:
        return 0.0
    return min(1.0, (dbfs - FLOOR_DBFS) / -FLOOR_DBFS)


class LevelMeter(QWidget):
    """Shows the latest `LevelChanged` values; call `set_level` from the GUI thread."""

    def __init__(self, parent: QWidget | None = None, *, compact: bool = False) -> None:
        super().__init__(parent)
        self._compact = compact
        self.peak_dbfs = FLOOR_DBFS
        self.rms_dbfs = FLOOR_DBFS
        self._held_peak = FLOOR_DBFS
        self._held_at = 0.0
        self._clipped_at = -math.inf
        self._updated_at = 0.0
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def sizeHint(self) -> QSize:
        return QSize(240, 10 if self._compact else 22)

    def minimumSizeHint(self) -> QSize:
        return QSize(60, 8 if self._compact else 16)

    @property
    def clipping(self) -> bool:
        """True while the clip lamp is lit."""
        return time.monotonic() - self._clipped_at < CLIP_HOLD_S

    def set_level(self, peak_dbfs: float, rms_dbfs: float, clipped: bool) -> None:
        """Takes one level reading (dBFS; -inf for silence) and repaints. Rises at once, falls
        by at most RELEASE_DB_PER_S: audio that arrives in bursts does not flicker."""
        now = time.monotonic()
        fall = RELEASE_DB_PER_S * min(1.0, now - self._updated_at)
        self._updated_at = now
        self.peak_dbfs = max(_floor(peak_dbfs), self.peak_dbfs - fall)
        self.rms_dbfs = max(_floor(rms_dbfs), self.rms_dbfs - fall)
        peak_dbfs = self.peak_dbfs
        if peak_dbfs >= self._held_peak or now - self._held_at > PEAK_HOLD_S:
            self._held_peak = peak_dbfs
            self._held_at = now
        if clipped:
            self._clipped_at = now
        self.update()

    def reset(self) -> None:
        """Back to silence, clip lamp off."""
        self.peak_dbfs = self.rms_dbfs = self._held_peak = FLOOR_DBFS
        self._clipped_at = -math.inf
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        r = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        lamp_w = r.height() if not self._compact else 0.0
        bar = QRectF(r.left(), r.top(), r.width() - lamp_w - (4 if lamp_w else 0), r.height())
        p.fillRect(bar, self.palette().base())
        p.setPen(self.palette().mid().color())
        p.drawRect(bar)
        rms_w = bar.width() * fraction(self.rms_dbfs)
        color = QColor("#2e9d4f") if self.rms_dbfs < -9 else QColor("#d8a21c")
        p.fillRect(
            QRectF(bar.left() + 1, bar.top() + 1, max(0.0, rms_w - 1), bar.height() - 1), color
        )
        peak_x = bar.left() + bar.width() * fraction(self._held_peak)
        if peak_x > bar.left() + 1:
            p.setPen(QColor("#c0392b") if self.clipping else self.palette().text().color())
            p.drawLine(int(peak_x), int(bar.top() + 1), int(peak_x), int(bar.bottom()))
        if lamp_w:
            lamp = QRectF(bar.right() + 4, r.top(), lamp_w, r.height())
            p.fillRect(lamp, QColor("#e02020") if self.clipping else self.palette().mid().color())
        p.end()
