"""The app's icons, from `app/resources/icons/` (SVG, rendered by Qt at any size)."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QIcon, QIconEngine, QPainter, QPixmap

from app.gui import theme
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


class _Drawn(QIconEngine):
    """A simple transport symbol, drawn when painted in the theme's current colour of `role`,
    so it looks the same on every desktop and follows a switch to dark mode."""

    def __init__(self, draw: str, role: str) -> None:
        super().__init__()
        self._draw, self._role = draw, role

    def clone(self) -> QIconEngine:
        return _Drawn(self._draw, self._role)

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        pm = QPixmap(size)
        pm.fill(Qt.GlobalColor.transparent)
        p = QPainter(pm)
        self.paint(p, QRect(QPoint(0, 0), size), mode, state)
        p.end()
        return pm

    def paint(self, p: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        p.save()
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(Qt.PenStyle.NoPen)
        c = theme.colour(self._role)
        if mode == QIcon.Mode.Disabled:
            c.setAlphaF(0.4)
        p.setBrush(c)
        size = min(rect.width(), rect.height())
        m = size * 0.18
        box = QRectF(rect.x() + m, rect.y() + m, size - 2 * m, size - 2 * m)
        if self._draw == "record":
            p.drawEllipse(box)
        elif self._draw == "stop":
            p.drawRoundedRect(box, size * 0.08, size * 0.08)
        elif self._draw == "pause":
            w = box.width() * 0.34
            p.drawRect(QRectF(box.left(), box.top(), w, box.height()))
            p.drawRect(QRectF(box.right() - w, box.top(), w, box.height()))
        elif self._draw == "play":
            p.drawPolygon(
                [
                    QPointF(box.left(), box.top()),
                    QPointF(box.right(), box.center().y()),
                    QPointF(box.left(), box.bottom()),
                ]
            )
        p.restore()


def _drawn(draw: str, role: str) -> QIcon:
    return QIcon(_Drawn(draw, role))


@cache
def record_icon() -> QIcon:
    """A red dot."""
    return _drawn("record", "icon_record")


@cache
def pause_icon() -> QIcon:
    """Two bars."""
    return _drawn("pause", "icon_control")


@cache
def resume_icon() -> QIcon:
    """A triangle."""
    return _drawn("play", "icon_control")


@cache
def stop_icon() -> QIcon:
    """A square."""
    return _drawn("stop", "icon_stop")
