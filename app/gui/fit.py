"""Dialogs that fit their text: a window grows to show every label whole, at any message length,
in any language and at any scale, and `clipped_labels` says which ones do not.

Qt lays a word-wrapped label out by height-for-width, which a top-level window does not follow
on its own: it keeps the size it had when it was shown, so a long message is cut off. `fit()`
gives the window a width (a readable measure, and at least its widest unbreakable word) and the
height its layout needs at that width; `FitOnResize` keeps the height right when the user
narrows the window or its contents change.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QTimer
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

READABLE_EM = 32  # a comfortable measure for a paragraph of message text, in ems
SCREEN_SHARE = 0.9  # never wider or taller than this share of the screen


def em(widget: QWidget) -> int:
    """The width of "M" in `widget`'s font, in pixels."""
    return widget.fontMetrics().horizontalAdvance("M")


def _height_for(window: QWidget, width: int) -> int:
    layout = window.layout()
    if layout is None:
        return window.sizeHint().height()
    layout.activate()
    if layout.hasHeightForWidth():
        return max(layout.totalHeightForWidth(width), layout.totalMinimumSize().height())
    return layout.totalSizeHint().height()


def fit(window: QWidget, *, readable_em: int = READABLE_EM) -> None:
    """Resizes `window` so every label shows all its text: at least `readable_em` ems wide (and
    its layout's minimum width, which holds the widest unbreakable word), the height its layout
    needs for that width. It never shrinks a window the user made bigger."""
    layout = window.layout()
    if layout is None:
        return
    layout.activate()
    screen = window.screen().availableGeometry()
    max_w = int(screen.width() * SCREEN_SHARE)
    width = max(
        window.width() if window.isVisible() else 0,
        layout.totalMinimumSize().width(),
        min(readable_em * em(window), max_w),
    )
    height = _height_for(window, width)
    window.setMinimumHeight(height)
    window.resize(width, max(height, window.height() if window.isVisible() else 0))


class FitOnResize(QObject):
    """Keeps `window` tall enough for its layout at its current width: after the user resizes
    it, and after its contents change (a new text, another language, a row shown), which a
    top-level window does not follow on its own."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._pending = False
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        relayout = kind in (QEvent.Type.Resize, QEvent.Type.LayoutRequest)
        if watched is self._window and relayout and not self._pending:
            self._pending = True
            QTimer.singleShot(0, self._grow)  # after the layout has handled the event
        return False

    def _grow(self) -> None:
        self._pending = False
        window = self._window
        need = _height_for(window, window.width())
        if window.minimumHeight() != need:
            window.setMinimumHeight(need)
        if window.isVisible() and window.height() < need:
            window.resize(window.width(), need)


def clipped_labels(root: QWidget) -> list[str]:
    """Every visible label or button under `root` smaller than its text needs (word-wrapped
    labels by height-for-width and their widest word), or laid out outside `root`; one line each
    saying which, its size and what it needs."""
    out = []
    widgets: list[QWidget] = [*root.findChildren(QLabel), *root.findChildren(QAbstractButton)]
    for w in widgets:
        if not w.isVisibleTo(root):
            continue
        text = w.text() if isinstance(w, (QLabel, QAbstractButton)) else ""
        if not text:
            continue
        if isinstance(w, QLabel) and w.wordWrap():
            need_w, need_h = w.minimumSizeHint().width(), w.heightForWidth(w.width())
        else:
            hint = w.sizeHint() if isinstance(w, QLabel) else w.minimumSizeHint()
            need_w, need_h = hint.width(), hint.height()
        corner = w.mapTo(root, QPoint(w.width(), w.height()))
        outside = corner.x() > root.width() or corner.y() > root.height()
        if w.width() < need_w or w.height() < need_h or outside:
            where = " outside the window" if outside else ""
            out.append(
                f"{w.accessibleName() or text[:40]!r}: {w.width()}x{w.height()} "
                f"< {need_w}x{need_h}{where}"
            )
    return out
