"""The computer-audio choice (`system_audio`) on real parts: the Settings dialog's field lists the
test environment's PulseAudio monitors (the microphone loop's sink and a second null sink of this
test), saves each choice to config.toml, shows the administrator's lock; the window's switch
follows what is saved, its flips are saved too (a new window over the same folder shows them),
and the next recording has channel 2 or not as chosen."""

from __future__ import annotations

import subprocess
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from guihelp import choose_device, own_window, wait_ready
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from app.gui import record_panel as rp
from app.gui.settings_pages.audio import AudioPage

pytestmark = [pytest.mark.realaudio, pytest.mark.realkeyring]

SPEAKERS = "lmspk"  # a second output of this test: its monitor is a second source


@pytest.fixture()
def speakers() -> Iterator[str]:
    """A second null sink (not the default), listed before the window starts; its monitor's name."""
    module = subprocess.run(
        [
            "pactl", "load-module", "module-null-sink", f"sink_name={SPEAKERS}", "rate=48000",
            "channels=1", "sink_properties=device.description=Test-Speakers",
        ],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    yield f"{SPEAKERS}.monitor"
    subprocess.run(["pactl", "unload-module", module], check=True)


def _stored(data_dir: Path) -> dict[str, Any]:
    return tomllib.loads((data_dir / "config.toml").read_text(encoding="utf-8"))


def _wait_sources(qtbot: Any, w: Any) -> None:
    wait_ready(qtbot, w)
    qtbot.waitUntil(lambda: bool(w.panel.system_sources()), timeout=30_000)


def _audio_page(w: Any) -> tuple[Any, AudioPage]:
    w.settings_action.trigger()
    return w.settings_dialog, w.settings_dialog.page(AudioPage)


def _save(qtbot: Any, dialog: Any) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)


def _choose(qtbot: Any, w: Any, value: str) -> None:
    dialog, page = _audio_page(w)
    index = page.system_audio.findData(value)
    assert index >= 0, value
    page.system_audio.setCurrentIndex(index)
    _save(qtbot, dialog)


def test_the_field_lists_the_sources_saves_each_choice_and_the_switch_follows(
    speakers: str, window: Any, qtbot: Any, data_dir: Path
) -> None:
    w = window
    _wait_sources(qtbot, w)
    box = w.panel.system_audio_box
    assert box.isVisible() and box.isChecked()  # default: on
    dialog, page = _audio_page(w)
    combo = page.system_audio
    items = [(combo.itemData(i), combo.itemText(i)) for i in range(combo.count())]
    default = "Default output (follows the system's output)"
    assert items[:2] == [("off", "Off"), ("default", default)]
    sources = dict(items[2:])
    assert sources["vsink.monitor"] == "Monitor of Null Output"
    assert sources[speakers] == "Monitor of Test-Speakers"
    assert len(sources) == len(w.panel.system_sources())
    # The name `logmeets devices` prints (and the setting stores) is each source's tooltip.
    row = combo.findData(speakers)
    assert combo.itemData(row, Qt.ItemDataRole.ToolTipRole) == speakers
    assert combo.currentData() == "default" and combo.isEnabled()
    assert combo.accessibleName() == "Computer audio"
    # Every row of the page is labelled (they were blank: labelForField of a layout is None).
    label = page._labels["system_audio"]
    assert label.text() == "Computer audio:" and label.buddy() is combo
    assert all(label.text().endswith(":") for label in page._labels.values())
    assert "second channel" in combo.toolTip()
    assert "system_audio" not in dialog.changes()  # untouched: nothing to write
    dialog.reject()

    # Each choice is written to config.toml and the switch shows it at once.
    for value, checked in ((speakers, True), ("off", False), ("default", True)):
        _choose(qtbot, w, value)
        assert _stored(data_dir)["system_audio"] == value
        assert w.ctx.settings.system_audio == value
        assert box.isChecked() is checked and box.isEnabled()
        assert w.panel.system_audio_choice(w.ctx.settings) == value
        _, page = _audio_page(w)
        assert page.system_audio.currentData() == value  # shown again as saved
        w.settings_dialog.reject()


@pytest.fixture()
def saved_headset(write_config: Any) -> str:
    """config.toml names a source this machine does not have (a headset unplugged)."""
    write_config(language="en", chunk_seconds=5, system_audio="headset.monitor")
    return "headset.monitor"


def test_a_saved_source_not_found_now_is_kept_and_marked(
    saved_headset: str, window: Any, qtbot: Any, data_dir: Path
) -> None:
    w = window
    _wait_sources(qtbot, w)
    assert w.panel.system_audio_box.isChecked()
    assert w.panel.system_audio_choice(w.ctx.settings) == saved_headset
    dialog, page = _audio_page(w)
    combo = page.system_audio
    assert combo.currentData() == "headset.monitor"
    assert combo.currentText() == "headset.monitor (not available now)"
    page.chunk.setValue(15)
    assert dialog.changes() == {"chunk_seconds": 15}  # the absent source is not dropped
    _save(qtbot, dialog)
    assert _stored(data_dir)["system_audio"] == "headset.monitor"


@pytest.fixture()
def locked_off(managed: Path) -> Path:
    managed.write_text('system_audio = "off"\n', encoding="utf-8")
    return managed


def test_locked_by_the_administrator_both_are_disabled_and_say_why(
    locked_off: Path, window: Any, qtbot: Any, data_dir: Path
) -> None:
    w = window
    _wait_sources(qtbot, w)
    box = w.panel.system_audio_box
    assert not box.isChecked() and not box.isEnabled()
    assert box.toolTip() == f"Locked: set by your administrator in {locked_off}"
    dialog, page = _audio_page(w)
    combo = page.system_audio
    assert combo.currentData() == "off" and not combo.isEnabled()
    assert str(locked_off) in combo.toolTip() and "administrator" in combo.toolTip()
    assert not page._lock_labels["system_audio"].isHidden()
    combo.setCurrentIndex(combo.findData("default"))  # even if forced, it is never sent
    assert "system_audio" not in dialog.changes()
    dialog.reject()
    assert w.panel.system_audio_choice(w.ctx.settings) is None  # the facade applies "off"


def test_flipping_the_switch_is_saved_and_shown_by_the_next_start(
    speakers: str, gui_ctx: Any, qtbot: Any, data_dir: Path, managed: Path
) -> None:
    from app.context import Context

    with own_window(gui_ctx) as w:
        w.start()
        _wait_sources(qtbot, w)
        box = w.panel.system_audio_box
        _choose(qtbot, w, speakers)  # a named source, then the switch off and on again
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
        assert not box.isChecked()
        qtbot.waitUntil(lambda: _stored(data_dir)["system_audio"] == "off", timeout=10_000)
        qtbot.waitUntil(lambda: w.ctx.settings.system_audio == "off", timeout=10_000)
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
        assert box.isChecked()
        # Back on: the source it named before, not the default output.
        qtbot.waitUntil(lambda: _stored(data_dir)["system_audio"] == speakers, timeout=10_000)
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: _stored(data_dir)["system_audio"] == "off", timeout=10_000)

    with own_window(Context.create(data_dir, managed)) as w:
        w.start()
        _wait_sources(qtbot, w)
        assert w.ctx.settings.system_audio == "off"
        assert w.panel.system_audio_box.isVisible()
        assert not w.panel.system_audio_box.isChecked()
        _, page = _audio_page(w)
        assert page.system_audio.currentData() == "off"
        w.settings_dialog.reject()


@pytest.mark.slow
def test_the_next_recording_follows_the_saved_choice(
    window: Any, qtbot: Any, virtual_mic: str
) -> None:
    w = window
    _wait_sources(qtbot, w)

    def record() -> int:
        choose_device(w, virtual_mic)
        qtbot.mouseClick(w.panel.record_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: w.panel.phase == rp.RECORDING, timeout=30_000)
        rid = w.recording_id
        qtbot.wait(1000)
        qtbot.mouseClick(w.panel.stop_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: w.panel.phase == rp.IDLE, timeout=60_000)
        return int(w.core.outbox.recording(rid).channels)

    _choose(qtbot, w, "off")  # Settings › Audio: Off
    assert record() == 1  # the microphone only
    qtbot.mouseClick(w.panel.system_audio_box, Qt.MouseButton.LeftButton)  # the switch: on
    assert record() == 2  # microphone and computer


def test_the_field_and_the_switch_in_japanese(locked_off: Path, window: Any, qtbot: Any) -> None:
    w = window
    _wait_sources(qtbot, w)
    w.translations.apply("ja")
    box = w.panel.system_audio_box
    qtbot.waitUntil(
        lambda: box.text() == "コンピューターの音声を録音（他の参加者）", timeout=10_000
    )
    assert box.toolTip() == f"変更不可：管理者が {locked_off} で設定しています"
    _, page = _audio_page(w)
    combo = page.system_audio
    assert [combo.itemText(i) for i in range(2)] == [
        "オフ",
        "既定の出力（システムの出力設定に従う）",
    ]
    assert combo.accessibleName() == "コンピューターの音声"
    assert page._labels["system_audio"].text() == "コンピューターの音声:"
    assert combo.toolTip() == f"変更不可：管理者が {locked_off} で設定しています"
    w.settings_dialog.reject()


def test_a_flip_that_cannot_be_saved_is_explained_and_undone(
    window: Any, qtbot: Any, data_dir: Path
) -> None:
    w = window
    _wait_sources(qtbot, w)
    box = w.panel.system_audio_box
    assert box.isChecked()
    # config.toml broken by hand while the app runs: the flip cannot be saved.
    (data_dir / "config.toml").write_text("chunk_seconds = [\n", encoding="utf-8")
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(w.notice.isVisible, timeout=10_000)
    assert "config.toml" in w.notice.text()
    assert box.isChecked()  # back to what is saved
    assert w.ctx.settings.system_audio == "default"
    assert w.panel.system_audio_choice(w.ctx.settings) == "default"


def test_a_source_named_default_is_the_default_output_once(qtbot: Any) -> None:
    # macOS lists one source, "default" (recorder/system_audio/macos.py): not a second entry.
    from recorder import SystemSource

    page = AudioPage([], system_sources=[SystemSource("default", "System audio (all apps)", True)])
    qtbot.addWidget(page)
    combo = page.system_audio
    assert [combo.itemData(i) for i in range(combo.count())] == ["off", "default"]
