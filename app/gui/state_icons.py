"""The recordings list's state icons, drawn rather than shipped: recording (a dot), waiting (a
clock), uploading (a progress ring filled to the part sent), confirmed (a tick), erased (a tick
in a circle: confirmed, and gone from this computer) and problem (a triangle with "!").

Colours come from the palette the list is painted with, so the icons follow the system's light
or dark theme: each kind keeps its hue, and its lightness is moved away from the list's
background until it stands out by at least `MIN_CONTRAST` (WCAG's ratio for graphics), against
both row colours. `state_colour` is the one place that decides a kind's colour (and the state
text's); the contrast arithmetic is the theme's (`app/gui/theme.py`)."""

from __future__ import annotations

import math
from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPalette, QPen, QPixmap

from app.gui.theme import contrast, luminance

KINDS = ("recording", "waiting", "uploading", "confirmed", "erased", "failed")
MIN_CONTRAST = 3.0  # WCAG 2.1 non-text contrast; the icons aim a little above it
_TARGET = 3.4
SIZE = 16  # logical pixels: the height of a list row's text
RING_STEPS = 48  # the ring is drawn at this many positions (one icon per step, cached)

# Hue (degrees) and saturation of each kind; None: the palette's text colour, softened.
_HUES: dict[str, tuple[float, float] | None] = {
    "recording": (2.0, 0.75),
    "failed": (2.0, 0.75),
    "uploading": (210.0, 0.70),
    "confirmed": (125.0, 0.55),
    "erased": (125.0, 0.55),
    "waiting": None,
}


def backgrounds(palette: QPalette) -> tuple[QColor, QColor]:
    """The list's two row colours (alternating rows)."""
    return palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.AlternateBase)


def state_colour(kind: str, palette: QPalette) -> QColor:
    """The colour of `kind` on a list painted with `palette`: its hue, lightness chosen for
    at least MIN_CONTRAST against both row colours."""
    base, alternate = backgrounds(palette)
    dark = luminance(base) < 0.18
    spec = _HUES.get(kind)
    if spec is None:
        text = palette.color(QPalette.ColorRole.Text)
        hue, saturation = max(text.hslHueF(), 0.0) * 360, 0.0
        lightness = text.lightnessF() * 0.6 + base.lightnessF() * 0.4  # softer than text
    else:
        hue, saturation = spec
        lightness = 0.62 if dark else 0.40
    step = 0.02 if dark else -0.02  # away from the background
    colour = QColor.fromHslF(hue / 360, saturation, lightness)
    for _ in range(60):
        if min(contrast(colour, base), contrast(colour, alternate)) >= _TARGET:
            break
        lightness = min(1.0, max(0.0, lightness + step))
        colour = QColor.fromHslF(hue / 360, saturation, lightness)
    return colour


def state_icon(kind: str, palette: QPalette, fraction: float | None = None) -> QIcon:
    """The icon of `kind` (for `uploading`, a ring filled to `fraction`, 0..1), at 1x and 2x."""
    colour = state_colour(kind, palette)
    step = -1 if fraction is None else round(min(max(fraction, 0.0), 1.0) * RING_STEPS)
    return _icon(kind, colour.rgba(), step if kind == "uploading" else -1)


@lru_cache(maxsize=512)
def _icon(kind: str, rgba: int, step: int) -> QIcon:
    icon = QIcon()
    for scale in (1, 2):
        icon.addPixmap(render(kind, QColor.fromRgba(rgba), step, scale))
    return icon


def render(kind: str, colour: QColor, step: int = -1, scale: int = 1) -> QPixmap:
    """One icon as a pixmap of SIZE x SIZE logical pixels at `scale` (device pixel ratio)."""
    pixmap = QPixmap(SIZE * scale, SIZE * scale)
    pixmap.setDevicePixelRatio(scale)
    pixmap.fill(Qt.GlobalColor.transparent)
    p = QPainter(pixmap)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(colour, 2.0)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    p.setPen(pen)
    box = QRectF(2, 2, SIZE - 4, SIZE - 4)
    centre = box.center()
    if kind == "recording":
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(colour)
        p.drawEllipse(centre, 5.5, 5.5)
    elif kind == "waiting":
        p.drawEllipse(box)
        p.drawLine(centre, QPointF(centre.x(), centre.y() - 3.5))
        p.drawLine(centre, QPointF(centre.x() + 2.5, centre.y() + 1.0))
    elif kind == "uploading":
        _ring(p, colour, box, step)
    elif kind in ("confirmed", "erased"):
        if kind == "erased":
            p.drawEllipse(box)
            tick = [(4.8, 8.2), (7.0, 10.4), (11.2, 5.8)]
        else:
            tick = [(3.0, 8.5), (6.5, 12.0), (13.0, 4.5)]
        path = QPainterPath(QPointF(*tick[0]))
        for x, y in tick[1:]:
            path.lineTo(x, y)
        p.drawPath(path)
    else:  # failed: a problem
        path = QPainterPath(QPointF(8.0, 2.0))
        path.lineTo(14.5, 13.5)
        path.lineTo(1.5, 13.5)
        path.closeSubpath()
        p.drawPath(path)
        p.drawLine(QPointF(8.0, 6.5), QPointF(8.0, 9.0))
        p.drawPoint(QPointF(8.0, 11.5))
    p.end()
    return pixmap


def _ring(p: QPainter, colour: QColor, box: QRectF, step: int) -> None:
    """A faint full track and, over it, the arc of the part sent (a quarter when unknown),
    from twelve o'clock clockwise."""
    track = QColor(colour)
    track.setAlphaF(0.3)
    p.setPen(QPen(track, 2.0))
    p.drawEllipse(box)
    pen = QPen(colour, 2.5)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    p.setPen(pen)
    if step < 0:
        p.drawArc(box, 90 * 16, -90 * 16)
        return
    span = step / RING_STEPS
    if span >= 1.0:
        p.drawEllipse(box)
    elif span > 0:
        p.drawArc(box, 90 * 16, -math.floor(span * 360 * 16))
