"""The app's icons, from `app/resources/icons/` (SVG, rendered by Qt at any size)."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from app.resources import icon_path


def _icon(name: str) -> QIcon:
    return QIcon(str(icon_path(name)))


@cache
def app_icon() -> QIcon:
    """The LogMeets microphone."""
    return _icon("logmeets")


@cache
def recording_icon() -> QIcon:
    """The microphone with a red recording dot (tray and window while recording)."""
    return _icon("logmeets-recording")


def _drawn(draw: str, colour: str) -> QIcon:
    """A simple transport symbol, drawn so that it looks the same on every desktop."""
    icon = QIcon()
    for size in (16, 24, 32, 48):
        pm = QPixmap(size, size)
        pm.fill(Qt.GlobalColor.transparent)
        p = QPainter(pm)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(colour))
        m = size * 0.18
        box = QRectF(m, m, size - 2 * m, size - 2 * m)
        if draw == "record":
            p.drawEllipse(box)
        elif draw == "stop":
            p.drawRoundedRect(box, size * 0.08, size * 0.08)
        elif draw == "pause":
            w = box.width() * 0.34
            p.drawRect(QRectF(box.left(), box.top(), w, box.height()))
            p.drawRect(QRectF(box.right() - w, box.top(), w, box.height()))
        elif draw == "play":
            p.drawPolygon(
                [
                    QPointF(box.left(), box.top()),
                    QPointF(box.right(), box.center().y()),
                    QPointF(box.left(), box.bottom()),
                ]
            )
        p.end()
        icon.addPixmap(pm)
    return icon


@cache
def record_icon() -> QIcon:
    """A red dot."""
    return _drawn("record", "#d32f2f")


@cache
def pause_icon() -> QIcon:
    """Two bars."""
    return _drawn("pause", "#455a64")


@cache
def resume_icon() -> QIcon:
    """A triangle."""
    return _drawn("play", "#455a64")


@cache
def stop_icon() -> QIcon:
    """A square."""
    return _drawn("stop", "#263238")
