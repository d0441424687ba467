"""A horizontal audio level meter on a dB scale (ticks from -60 to 0 dBFS): per channel, the
level as a bar, the peak as a line held for a second, and a clip lamp that stays lit for two
seconds after the signal reached full scale.

One channel (`set_level`) is the microphone; two (`set_levels`) are the microphone and the
computer's own sound, labelled "Mic" and "Computer". Colours come from `app/gui/theme.py`.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.gui import theme

FLOOR_DBFS = -60.0
HOT_DBFS = -9.0  # above this the bar turns to the "hot" colour: loud, close to clipping
CLIP_DBFS = -0.1  # a level this close to full scale counts as clipped when none is reported
TICKS_DBFS = (-60, -50, -40, -30, -20, -10, -6, -3, 0)
PEAK_HOLD_S = 1.0
CLIP_HOLD_S = 2.0
RELEASE_DB_PER_S = 24.0  # a meter rises at once and falls slowly, so bursts read steadily
BAR_H, COMPACT_BAR_H, GAP = 14, 8, 3


def _floor(dbfs: float) -> float:
    return FLOOR_DBFS if math.isnan(dbfs) or dbfs < FLOOR_DBFS else dbfs


def fraction(dbfs: float) -> float:
    """Position of a dBFS value on the meter, 0.0 (floor or silence) to 1.0 (full scale)."""
    if math.isnan(dbfs) or dbfs <= FLOOR_DBFS:
        return 0.0
    return min(1.0, (dbfs - FLOOR_DBFS) / -FLOOR_DBFS)


@dataclass
class Channel:
    """What one channel's bar shows: falling level, held peak, when it last clipped."""

    peak_dbfs: float = FLOOR_DBFS
    rms_dbfs: float = FLOOR_DBFS
    held_peak: float = FLOOR_DBFS
    held_at: float = 0.0
    clipped_at: float = -math.inf
    updated_at: float = 0.0

    def take(self, peak_dbfs: float, rms_dbfs: float, clipped: bool, now: float) -> None:
        """One reading: rises at once, falls by at most RELEASE_DB_PER_S."""
        fall = RELEASE_DB_PER_S * min(1.0, now - self.updated_at)
        self.updated_at = now
        self.peak_dbfs = max(_floor(peak_dbfs), self.peak_dbfs - fall)
        self.rms_dbfs = max(_floor(rms_dbfs), self.rms_dbfs - fall)
        if self.peak_dbfs >= self.held_peak or now - self.held_at > PEAK_HOLD_S:
            self.held_peak, self.held_at = self.peak_dbfs, now
        if clipped:
            self.clipped_at = now

    def clipping(self, now: float) -> bool:
        """True while the clip lamp is lit."""
        return now - self.clipped_at < CLIP_HOLD_S


class LevelMeter(QWidget):
    """Shows the latest levels; call `set_level` (one channel) or `set_levels` from the GUI
    thread."""

    def __init__(self, parent: QWidget | None = None, *, compact: bool = False) -> None:
        super().__init__(parent)
        self._compact = compact
        self.channels: list[Channel] = [Channel()]
        self._labels: list[str] | None = None  # None: the default for the channel count
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    # ---- geometry -----------------------------------------------------------------------
    def _scale_font(self) -> QFont:
        f = QFont(self.font())
        f.setPointSizeF(max(6.0, f.pointSizeF() * 0.8))
        return f

    def _bars_height(self) -> int:
        bar = COMPACT_BAR_H if self._compact else BAR_H
        n = len(self.channels)
        return n * bar + (n - 1) * GAP

    def sizeHint(self) -> QSize:
        if self._compact:
            return QSize(240, self._bars_height())
        scale = QFontMetrics(self._scale_font()).height() + 2
        return QSize(320, self._bars_height() + scale)

    def minimumSizeHint(self) -> QSize:
        return QSize(80, self.sizeHint().height())

    # ---- state in -----------------------------------------------------------------------
    @property
    def peak_dbfs(self) -> float:
        """The loudest channel's falling peak."""
        return max(c.peak_dbfs for c in self.channels)

    @property
    def rms_dbfs(self) -> float:
        """The loudest channel's falling level."""
        return max(c.rms_dbfs for c in self.channels)

    @property
    def clipping(self) -> bool:
        """True while any channel's clip lamp is lit."""
        now = time.monotonic()
        return any(c.clipping(now) for c in self.channels)

    def labels(self) -> list[str]:
        """The channels' names as drawn: none for one, "Mic" and "Computer" for two."""
        if self._labels is not None:
            return self._labels
        n = len(self.channels)
        if n == 1:
            return [""]
        if n == 2:
            return [
                QCoreApplication.translate("LevelMeter", "Mic"),
                QCoreApplication.translate("LevelMeter", "Computer"),
            ]
        return [str(i + 1) for i in range(n)]

    def _resize_to(self, n: int) -> None:
        if n != len(self.channels):
            self.channels = [Channel() for _ in range(max(1, n))]
            self.updateGeometry()

    def set_level(self, peak_dbfs: float, rms_dbfs: float, clipped: bool) -> None:
        """Takes one reading of one channel (dBFS; -inf for silence) and repaints."""
        self._resize_to(1)
        self.channels[0].take(peak_dbfs, rms_dbfs, clipped, time.monotonic())
        self.update()

    def set_levels(
        self,
        levels: Sequence[float],
        *,
        rms: Sequence[float] | None = None,
        clipped: Sequence[bool] | None = None,
        labels: Sequence[str] | None = None,
    ) -> None:
        """Takes one reading per channel: `levels` are the peaks in dBFS (-inf for silence);
        `rms` the bars (default: the peaks); `clipped` per channel (default: a peak at full
        scale); `labels` the names drawn beside the bars (default: "Mic", "Computer")."""
        self._resize_to(len(levels))
        self._labels = list(labels) if labels is not None else None
        now = time.monotonic()
        for i, peak in enumerate(levels):
            level = rms[i] if rms is not None else peak
            clip = clipped[i] if clipped is not None else peak >= CLIP_DBFS
            self.channels[i].take(peak, level, clip, now)
        self.update()

    def reset(self) -> None:
        """Back to silence, clip lamps off (the channel count stays)."""
        self.channels = [Channel() for _ in self.channels]
        self.update()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.update()  # the channel names are drawn in the current language
        super().changeEvent(event)

    # ---- painting -----------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        now = time.monotonic()
        labels = self.labels()
        fm = QFontMetrics(self.font())
        label_w = max(fm.horizontalAdvance(t) for t in labels) + 6 if any(labels) else 0
        bar_h = COMPACT_BAR_H if self._compact else BAR_H
        lamp_w = 0 if self._compact else bar_h
        left = float(label_w)
        width = self.width() - left - (lamp_w + 4 if lamp_w else 0) - 1
        if width <= 2:
            p.end()
            return
        for i, ch in enumerate(self.channels):
            top = float(i * (bar_h + GAP))
            if labels[i]:
                p.setPen(self.palette().windowText().color())
                p.drawText(
                    QRectF(0, top, label_w, bar_h),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    labels[i],
                )
            bar = QRectF(left + 0.5, top + 0.5, width, bar_h - 1)
            self._paint_bar(p, bar, ch, now)
            if lamp_w:
                lamp = QRectF(bar.right() + 4, top, lamp_w, bar_h)
                lit = theme.colour("clip") if ch.clipping(now) else self.palette().mid().color()
                p.fillRect(lamp, lit)
        if not self._compact:
            self._paint_scale(p, left + 0.5, width, float(self._bars_height() + 1))
        p.end()

    def _paint_bar(self, p: QPainter, bar: QRectF, ch: Channel, now: float) -> None:
        p.fillRect(bar, self.palette().base())
        p.setPen(self.palette().mid().color())
        p.drawRect(bar)
        inner = bar.adjusted(1, 1, 0, 0)
        level_x = inner.width() * fraction(ch.rms_dbfs)
        hot_x = inner.width() * fraction(HOT_DBFS)
        ok = QRectF(inner.left(), inner.top(), min(level_x, hot_x), inner.height())
        p.fillRect(ok, theme.colour("meter_ok"))
        if level_x > hot_x:
            hot = QRectF(inner.left() + hot_x, inner.top(), level_x - hot_x, inner.height())
            p.fillRect(hot, theme.colour("meter_hot"))
        p.setPen(self.palette().mid().color())
        for tick in TICKS_DBFS[1:-1]:  # faint marks inside the bar line up with the scale
            x = int(inner.left() + inner.width() * fraction(tick))
            p.drawLine(x, int(inner.bottom() - 3), x, int(inner.bottom()))
        peak_x = inner.left() + inner.width() * fraction(ch.held_peak)
        if peak_x > inner.left() + 1:
            clipping = ch.clipping(now)
            p.setPen(theme.colour("clip") if clipping else self.palette().text().color())
            p.drawLine(int(peak_x), int(inner.top()), int(peak_x), int(inner.bottom()))

    def _paint_scale(self, p: QPainter, left: float, width: float, top: float) -> None:
        font = self._scale_font()
        p.setFont(font)
        fm = QFontMetrics(font)
        p.setPen(self.palette().windowText().color())
        last_left = math.inf
        for tick in reversed(TICKS_DBFS):  # 0 first: the loud end matters most when crowded
            text = str(tick)
            w = fm.horizontalAdvance(text)
            x = left + width * fraction(tick)
            x0 = min(max(left, x - w / 2), left + width - w)
            if x0 + w + 4 > last_left:
                continue  # would overlap the label to its right
            p.drawText(QRectF(x0, top, w, fm.height()), Qt.AlignmentFlag.AlignCenter, text)
            last_left = x0
