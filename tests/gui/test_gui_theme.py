"""The theme: every colour comes from `app/gui/theme.py`, reads on a light and on a dark
palette, and follows a palette change while the app runs."""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QImage, QPalette
from PySide6.QtWidgets import QApplication

from app.gui import theme

GUI = Path(__file__).resolve().parents[2] / "app" / "gui"
COLOUR_IN_TEXT = re.compile(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3}(?:[0-9a-fA-F]{2})?)?\b|rgba?\(")


def _light() -> QPalette:
    return QApplication.style().standardPalette()


@pytest.fixture(params=["light", "dark"])
def palette(request: Any, qapp: QApplication) -> Iterator[QPalette]:
    """The application in a light, then a dark palette; the original palette afterwards."""
    before = QPalette(QGuiApplication.palette())
    pal = _light() if request.param == "light" else theme.dark_palette()
    qapp.setPalette(pal)
    yield pal
    qapp.setPalette(before)


def test_theme_tells_light_from_dark(qapp: QApplication) -> None:
    assert not theme.is_dark(_light())
    assert theme.is_dark(theme.dark_palette())


def test_every_role_reads_on_its_background(palette: QPalette) -> None:
    for role, (_light_tone, _dark_tone, minimum) in theme.ROLES.items():
        c = theme.colour(role, palette)
        box = {"notice_fg": "notice_bg", "alert_fg": "alert_bg"}.get(role)
        bg = theme.colour(box, palette) if box else palette.color(QPalette.ColorRole.Window)
        assert theme.contrast(c, bg) >= minimum, f"{role} {c.name()} on {bg.name()}"
    for state in theme.STATES:
        sc = theme.state_colour(state, palette)
        assert sc is not None
        for under in (QPalette.ColorRole.Window, QPalette.ColorRole.Base):
            bg = palette.color(under)
            assert theme.contrast(sc, bg) >= 4.5, f"{state} {sc.name()} on {bg.name()}"


def test_contrast_pulls_a_weak_colour_until_it_reads() -> None:
    grey_on_grey = theme.readable(QColor("#888888"), QColor("#777777"), 4.5)
    assert theme.contrast(grey_on_grey, QColor("#777777")) >= 4.5
    assert theme.contrast(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21.0)


def _pixels(image: QImage) -> set[str]:
    return {
        image.pixelColor(x, y).name()
        for y in range(0, image.height())
        for x in range(0, image.width())
    }


def test_sign_in_error_renders_in_the_theme_colour(palette: QPalette, qtbot: Any) -> None:
    from app.core import Changes
    from app.gui.sign_in_dialog import SignInDialog
    from app.gui.tasks import TaskManager

    tasks = TaskManager()
    dialog = SignInDialog(None, tasks, lambda r: None, lambda li: Changes())  # type: ignore[arg-type,return-value]
    qtbot.addWidget(dialog)
    dialog.submit()  # empty form: the error shows in place
    dialog.show()
    qtbot.waitExposed(dialog)
    label = dialog.error_label
    assert label.isVisible()
    text = label.palette().color(QPalette.ColorRole.WindowText)
    assert text == theme.colour("error", palette)
    background = dialog.palette().color(QPalette.ColorRole.Window)
    assert theme.contrast(text, background) >= 4.5
    image = label.grab().toImage()
    seen = _pixels(image)
    assert text.name() in seen, f"{text.name()} not drawn; saw {sorted(seen)[:8]}"
    tasks.wait_idle(5000)


def test_sync_state_and_icons_follow_a_palette_change(qapp: QApplication, qtbot: Any) -> None:
    from app.gui.icons import record_icon
    from app.gui.status import SyncIndicator

    before = QPalette(QGuiApplication.palette())
    indicator = SyncIndicator()
    qtbot.addWidget(indicator)
    indicator.set_status("offline")
    try:
        for pal in (theme.dark_palette(), _light()):
            qapp.setPalette(pal)
            want = theme.colour("warn", pal)
            qtbot.waitUntil(
                lambda want=want: indicator.palette().color(QPalette.ColorRole.WindowText) == want
            )
            icon = record_icon().pixmap(QSize(32, 32)).toImage()
            assert icon.pixelColor(16, 16).name() == theme.colour("icon_record", pal).name()
        disabled = record_icon().pixmap(QSize(32, 32), QIcon.Mode.Disabled).toImage()
        assert disabled.pixelColor(16, 16).alphaF() < 0.6
    finally:
        qapp.setPalette(before)


def test_fusion_only_on_windows_when_dark() -> None:
    assert theme.style_for("win32", Qt.ColorScheme.Dark) == "Fusion"
    assert theme.style_for("win32", Qt.ColorScheme.Light) is None
    assert theme.style_for("darwin", Qt.ColorScheme.Dark) is None
    assert theme.style_for("linux", Qt.ColorScheme.Dark) is None


def test_setup_switches_to_fusion_on_a_dark_windows(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    style = qapp.style().name()
    monkeypatch.setattr("sys.platform", "win32")
    monkeypatch.setattr(qapp.styleHints(), "colorScheme", lambda: Qt.ColorScheme.Dark)
    monkeypatch.setattr(qapp, "property", lambda name: None)
    try:
        theme.setup(qapp)
        assert qapp.style().name().lower() == "fusion"
    finally:
        qapp.setStyle(style)


def _colour_literals(path: Path) -> list[str]:
    found = []
    tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
    for tok in tokens:
        if tok.type == tokenize.STRING and COLOUR_IN_TEXT.search(tok.string):
            found.append(f"{path.name}:{tok.start[0]}: {tok.string[:60]}")
    return found


def test_no_gui_module_hard_codes_a_colour() -> None:
    offenders = []
    for path in sorted(GUI.rglob("*.py")):
        if path.name == "theme.py":
            continue
        offenders += _colour_literals(path)
    assert not offenders, "colours belong in app/gui/theme.py:\n" + "\n".join(offenders)


def test_the_scan_sees_a_hard_coded_colour(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text('w.setStyleSheet("color: #c0392b;")\nx = "rgb(1, 2, 3)"\n# #fff\n')
    assert len(_colour_literals(sample)) == 2
