"""Every colour the GUI uses, in one place, derived from the current palette.

The app follows the system's light or dark palette: each role below has a tone for light
backgrounds and one for dark ones, chosen by the lightness of the palette's window colour and
then darkened or lightened until it reads on that background (WCAG contrast 4.5:1 for text,
3:1 for marks). Widgets ask `colour(role)` or `state_colour(state)` when they paint or style,
and re-apply colours they set once through `on_change(widget, apply)`, which fires when the
application's palette changes (the user switched the system to dark mode).

On Windows the native style ignores a dark palette, so `setup()` switches to Fusion there while
the system is dark (`style_for`).
"""

from __future__ import annotations

import contextlib
import inspect
import sys
import weakref
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget

TEXT_CONTRAST = 4.5  # WCAG AA for normal text
MARK_CONTRAST = 3.0  # WCAG AA for graphics (meter bars, lamps, icons)

# role: (tone on a light background, tone on a dark background, minimum contrast)
ROLES: dict[str, tuple[str, str, float]] = {
    "ok": ("#2e7d32", "#81c784", TEXT_CONTRAST),
    "busy": ("#1f6fb2", "#64b5f6", TEXT_CONTRAST),
    "warn": ("#8f5600", "#ffb74d", TEXT_CONTRAST),
    "error": ("#c0392b", "#ef9a9a", TEXT_CONTRAST),
    "muted": ("#5f6368", "#a8adb3", TEXT_CONTRAST),
    "meter_ok": ("#2e9d4f", "#4caf50", MARK_CONTRAST),
    "meter_hot": ("#b8860b", "#ffca28", MARK_CONTRAST),
    "clip": ("#e02020", "#ff5252", MARK_CONTRAST),
    "icon_record": ("#d32f2f", "#ef5350", MARK_CONTRAST),
    "icon_control": ("#455a64", "#b0bec5", MARK_CONTRAST),
    "icon_stop": ("#263238", "#cfd8dc", MARK_CONTRAST),
    "notice_bg": ("#fff4ce", "#3d3200", 1.0),
    "notice_fg": ("#4a3b00", "#fff1bf", TEXT_CONTRAST),
    "notice_border": ("#e6d08a", "#8a7020", 1.0),
    "alert_bg": ("#fdecea", "#4a1915", 1.0),
    "alert_fg": ("#611a15", "#fdd9d5", TEXT_CONTRAST),
    "alert_border": ("#e0a39c", "#a0463c", 1.0),
}

# States of the recordings list and of the sync indicator, and the role that colours each.
STATES: dict[str, str] = {
    "recording": "error",
    "failed": "error",
    "problem": "error",
    "uploading": "busy",
    "waiting": "warn",
    "confirmed": "ok",
    "erased": "ok",
    "all_confirmed": "ok",
    "syncing": "busy",
    "offline": "warn",
    "auth_needed": "error",
    "superseded": "error",
}

_cache: dict[tuple[str, int], QColor] = {}

# Backgrounds a role is drawn on: its own pair where a role is a text on a filled box.
_ON = {"notice_fg": "notice_bg", "alert_fg": "alert_bg"}


def luminance(c: QColor) -> float:
    """Relative luminance (WCAG 2.1, sRGB), 0 for black to 1 for white."""

    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two colours, 1 to 21."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def current_palette() -> QPalette:
    """The application's palette (a default one before a QApplication exists)."""
    app = QGuiApplication.instance()
    return QGuiApplication.palette() if app is not None else QPalette()


def is_dark(palette: QPalette | None = None) -> bool:
    """True when the palette's windows are dark (text light on dark)."""
    pal = palette if palette is not None else current_palette()
    return luminance(pal.color(QPalette.ColorRole.Window)) < 0.25


def readable(fg: QColor, bg: QColor, minimum: float) -> QColor:
    """`fg`, lightened on a dark `bg` (darkened on a light one) in steps until its contrast
    with `bg` reaches `minimum`; the other way if that way cannot get there."""
    first = luminance(bg) < 0.25
    best = fg
    for towards_light in (first, not first):
        out = _stepped(fg, bg, minimum, towards_light)
        if contrast(out, bg) >= minimum:
            return out
        if contrast(out, bg) > contrast(best, bg):
            best = out
    return best


def _stepped(fg: QColor, bg: QColor, minimum: float, towards_light: bool) -> QColor:
    out = QColor(fg)
    step = 0.03 if towards_light else -0.03
    for _ in range(40):
        if contrast(out, bg) >= minimum:
            break
        lightness = min(1.0, max(0.0, out.lightnessF() + step))
        out = QColor.fromHslF(
            max(0.0, out.hslHueF()), out.hslSaturationF(), lightness, out.alphaF()
        )
    return out


def colour(role: str, palette: QPalette | None = None) -> QColor:
    """The colour of `role` (a key of ROLES) for `palette` (default: the application's)."""
    pal = palette if palette is not None else current_palette()
    key = (role, pal.cacheKey())  # the meter asks ten times a second: compute once per palette
    cached = _cache.get(key)
    if cached is not None:
        return QColor(cached)
    if len(_cache) > 512:
        _cache.clear()
    _cache[key] = found = _derive(role, pal)
    return QColor(found)


def _derive(role: str, pal: QPalette) -> QColor:
    light, dark, minimum = ROLES[role]
    dark_bg = is_dark(pal)
    base = QColor(dark if dark_bg else light)
    bg = colour(_ON[role], pal) if role in _ON else pal.color(QPalette.ColorRole.Window)
    return readable(base, bg, minimum)


def state_colour(state: str, palette: QPalette | None = None) -> QColor | None:
    """The text colour of a recording or sync state (None: the palette's plain text)."""
    role = STATES.get(state)
    return colour(role, palette) if role is not None else None


def css(role: str) -> str:
    """`colour(role)` as a style sheet value, `#rrggbb`."""
    return colour(role).name()


def set_text_colour(widget: QWidget, role: str | None) -> None:
    """Paints the widget's text in `role` (None: back to the palette's text), through the
    palette rather than a style sheet so that the style keeps drawing the widget."""
    if role is None:
        widget.setPalette(QPalette())  # nothing set here: the widget inherits every role
        return
    pal = QPalette()
    c = colour(role)
    pal.setColor(QPalette.ColorRole.WindowText, c)
    pal.setColor(QPalette.ColorRole.Text, c)
    widget.setPalette(pal)  # only these two roles resolve here; the rest still inherit


class _Watcher(QWidget):
    """A hidden widget that turns the application's palette changes into one signal. Qt sends
    the change to every widget; listening on one (rather than filtering all the application's
    events) keeps Python off every other event's path."""

    changed = Signal()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ApplicationPaletteChange:
            self.changed.emit()
        return super().event(event)


_watcher: _Watcher | None = None


def watcher() -> _Watcher:
    """The one palette watcher, created the first time it is asked for."""
    global _watcher
    if _watcher is None or not shiboken6.isValid(_watcher):  # none yet, or gone with an app
        _watcher = _Watcher()
        app = QApplication.instance()
        if app is not None:  # gone with the application, before Python's last collection
            app.aboutToQuit.connect(_watcher.deleteLater)
    return _watcher


def on_change(widget: QWidget, apply: Callable[[], None]) -> None:
    """Calls `apply` now and after every palette change until `widget` is destroyed. A bound
    method is held weakly: the theme never keeps a widget alive."""
    apply()
    target: Callable[[], Callable[[], None] | None]
    target = weakref.WeakMethod(apply) if inspect.ismethod(apply) else (lambda: apply)

    def again() -> None:
        fn = target()
        if fn is not None:
            fn()

    watcher().changed.connect(again)
    widget.destroyed.connect(lambda *_: _disconnect(again))


def keep_text_colour(widget: QWidget, role: str) -> None:
    """Paints `widget`'s text in `role` now and after every palette change."""
    ref = weakref.ref(widget)

    def apply() -> None:
        w = ref()
        if w is not None:
            set_text_colour(w, role)

    on_change(widget, apply)


def problem_label() -> QLabel:
    """A hidden, word-wrapped label in the error colour: where a dialog says what went wrong."""
    label = QLabel()
    label.setWordWrap(True)
    keep_text_colour(label, "error")
    label.setVisible(False)
    return label


def _disconnect(slot: Callable[[], None]) -> None:
    w = _watcher
    if w is not None and shiboken6.isValid(w):  # else it went with the application
        with contextlib.suppress(RuntimeError, TypeError):
            w.changed.disconnect(slot)


def style_for(platform: str, scheme: Qt.ColorScheme) -> str | None:
    """The style to use on `platform` in `scheme`: Fusion on Windows when dark (its native
    style ignores a dark palette), else None (keep the platform's)."""
    if platform == "win32" and scheme == Qt.ColorScheme.Dark:
        return "Fusion"
    return None


def setup(app: QApplication) -> None:
    """Follows the system palette: installs the watcher and, on Windows in dark mode, Fusion.
    Once per application (`application()` may be asked for it several times)."""
    if app.property("logmeets_theme"):
        return
    app.setProperty("logmeets_theme", True)
    hints = app.styleHints()

    def follow(scheme: Qt.ColorScheme) -> None:
        style = style_for(sys.platform, scheme)
        if style is not None and app.style().name().lower() != style.lower():
            app.setStyle(style)

    follow(hints.colorScheme())
    hints.colorSchemeChanged.connect(follow)
    watcher()


def dark_palette() -> QPalette:
    """A dark palette like the desktops' dark modes, for tests and screenshots (the system's
    own comes from the platform theme)."""
    pal = QPalette()
    roles = QPalette.ColorRole
    for role, value in (
        (roles.Window, "#2b2b2b"),
        (roles.WindowText, "#e8e8e8"),
        (roles.Base, "#1e1e1e"),
        (roles.AlternateBase, "#262626"),
        (roles.Text, "#e8e8e8"),
        (roles.Button, "#353535"),
        (roles.ButtonText, "#e8e8e8"),
        (roles.Highlight, "#3d7bd9"),
        (roles.HighlightedText, "#ffffff"),
        (roles.ToolTipBase, "#353535"),
        (roles.ToolTipText, "#e8e8e8"),
        (roles.PlaceholderText, "#9a9a9a"),
        (roles.Link, "#7fb3ff"),
        (roles.Light, "#4a4a4a"),
        (roles.Midlight, "#3c3c3c"),
        (roles.Mid, "#6a6a6a"),
        (roles.Dark, "#1a1a1a"),
        (roles.Shadow, "#000000"),
    ):
        pal.setColor(role, QColor(value))
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7a7a7a"))
    return pal
