"""The first-run welcome: shown once, picks the microphone with its real level, explains where
recordings go, and leads to sign-in or to recording now."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from app.gui.fit import clipped_labels
from app.gui.welcome_dialog import RECORD, SIGN_IN
from app.gui.welcome_flow import is_first_run
from app.settings import Settings
from tests.gui.guihelp import wait_ready

pytestmark = [pytest.mark.realaudio, pytest.mark.realkeyring]


@pytest.fixture()
def write_config(data_dir: Path) -> Any:
    """This file's config (it overrides the GUI tests' one): the welcome not yet shown."""
    from app.settings import dump_toml

    def write(**values: Any) -> None:
        values = {"language": "en", "chunk_seconds": 5, "welcome_shown": False, **values}
        (data_dir / "config.toml").write_text(dump_toml(values), encoding="utf-8")

    write()
    return write


def _welcome(qtbot: Any, w: Any) -> Any:
    wait_ready(qtbot, w)
    qtbot.waitUntil(lambda: w.welcome_flow.dialog is not None, timeout=10_000)
    dialog = w.welcome_flow.dialog
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    return dialog


def test_first_run_picks_the_microphone_with_a_live_level(
    window: Any, qtbot: Any, virtual_mic: str, data_dir: Path
) -> None:
    w = window
    dialog = _welcome(qtbot, w)
    assert "sign in" in dialog.where.text()  # one sentence on where recordings go
    assert dialog.where.text().count(". ") == 0
    assert not clipped_labels(dialog)
    combo = dialog.device_combo
    index = combo.findData("vmic")  # the looped signal: a steady level
    assert index >= 0, [combo.itemText(i) for i in range(combo.count())]
    assert virtual_mic
    combo.setCurrentIndex(index)
    # The real level of the chosen microphone, through the record panel's monitor stream.
    qtbot.waitUntil(lambda: dialog.meter.rms_dbfs > -50, timeout=15_000)
    assert w.core._mic_test is not None
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    assert dialog.choice == RECORD and not dialog.isVisible()
    qtbot.waitUntil(lambda: w.ctx.settings.welcome_shown, timeout=10_000)
    stored = tomllib.loads((data_dir / "config.toml").read_text(encoding="utf-8"))
    assert stored["welcome_shown"] is True and stored["device"] == "vmic"
    assert w.panel.chosen_device() == "vmic"  # the window records from what was picked
    qtbot.waitUntil(lambda: w.tasks.pending == 0, timeout=10_000)
    assert w.core._mic_test is None  # the monitor stream is closed
    assert w.sign_in_dialog is None  # "record now": no sign-in asked
    assert not w.welcome_flow.maybe_show()  # shown once


def test_welcome_leads_to_sign_in_in_japanese(window: Any, qtbot: Any) -> None:
    w = window
    dialog = _welcome(qtbot, w)
    w.translations.apply("ja")
    qtbot.waitUntil(lambda: dialog.heading.text() == "LogMeets レコーダーへようこそ")
    qtbot.wait(500)
    assert not clipped_labels(dialog)
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    assert dialog.choice == SIGN_IN
    qtbot.waitUntil(lambda: w.sign_in_dialog is not None, timeout=5000)
    qtbot.waitUntil(w.sign_in_dialog.isVisible, timeout=5000)
    qtbot.waitUntil(lambda: w.ctx.settings.welcome_shown, timeout=10_000)
    w.sign_in_dialog.reject()


def test_not_a_first_run_once_shown_or_signed_in() -> None:
    assert is_first_run(Settings())
    assert not is_first_run(Settings(welcome_shown=True))
    assert not is_first_run(Settings(server_user="someone"))  # an upgrade, not a first run
