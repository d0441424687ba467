"""The Qt half of `logmeets --selftest` (app/selftest.py runs it): the real main window opens
headless, the translation catalogues load, and Qt's ICU has its collation data."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from app import resources

WINDOW_TIMEOUT_S = 20.0


def check_window(process_age: Callable[[], float]) -> tuple[float, str]:
    """The real main window opens (offscreen unless a display is chosen), in Japanese, with its
    icon; returns `process_age()` once the window shows, and what was found."""
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import QCoreApplication, QDeadlineTimer
    from PySide6.QtGui import QGuiApplication

    from app.context import Context
    from app.gui.main import application, create_window

    with tempfile.TemporaryDirectory(prefix="logmeets-selftest-") as home:
        (Path(home) / "config.toml").write_text('language = "ja"\n', encoding="utf-8")
        ctx = Context.create(Path(home))
        window = create_window(ctx)
        window.show()
        deadline = QDeadlineTimer(int(WINDOW_TIMEOUT_S * 1000))
        while not window.isVisible() and not deadline.hasExpired():
            QCoreApplication.processEvents()
        shown_after = process_age()
        if not window.isVisible():
            raise RuntimeError("the main window did not show")
        if window.translations.language != "ja":
            raise RuntimeError("the Japanese catalogue did not load into the window")
        if window.windowIcon().isNull():
            raise RuntimeError("the window has no icon (SVG plugin or icon file missing)")
        platform = QGuiApplication.platformName()
        window.quitting = True
        window.close()
        window.tray.dispose()
        application().processEvents()
    return shown_after, (
        f"PySide6 {pyside_version}, platform {platform}, window in Japanese, "
        f"shown {shown_after:.3f} s after process start"
    )


def check_icu() -> str:
    """Qt's ICU has the collation data for English and Japanese (the Linux bundle trims the
    rest): without it Qt falls back to code-point order, where "B" sorts before "a"."""
    from PySide6.QtCore import QCollator, QLocale

    if QCollator(QLocale("en")).compare("a", "B") >= 0:
        raise RuntimeError("English collation data missing (code-point order)")
    if QCollator(QLocale("ja")).compare("ア", "か") >= 0:
        raise RuntimeError("Japanese collation data missing (code-point order)")
    return "collation en, ja"


def check_translations() -> str:
    """Every shipped catalogue loads into a QTranslator and translates a known text."""
    import xml.etree.ElementTree as ET

    from PySide6.QtCore import QTranslator

    found = []
    for lang in ("en", "ja"):
        qm = resources.translations_dir() / f"logmeets_{lang}.qm"
        translator = QTranslator()
        if not translator.load(str(qm)):
            raise RuntimeError(f"cannot load {qm}")
        ts = resources.translations_dir() / f"logmeets_{lang}.ts"
        root = ET.parse(ts).getroot()  # noqa: S314  (our own packaged file)
        context = next(root.iter("context"))
        message = next(context.iter("message"))
        source, expected = message.findtext("source") or "", message.findtext("translation")
        got = translator.translate(context.findtext("name") or "", source)
        if got != expected:
            raise RuntimeError(f"{lang}: {source!r} -> {got!r}, expected {expected!r}")
        found.append(lang)
    return ", ".join(found)
