"""Progress you can see, under the real Qt event loop: a chunk uploads to the real server over
HTTPS through the fault proxy, which slows the link to 4 MB/s; while it goes, its row's
percentage and progress ring advance, and the status bar and the tray tooltip say how much is
left, how fast and how long. While recording from the virtual microphone, the recording's
length in the list grows every second, before its first chunk is sealed."""

from __future__ import annotations

import os
import re
import sys
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from guihelp import choose_device, wait_ready
from PySide6.QtCore import Qt

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "uploader"))
from faultproxy import Fault, FaultProxy
from test_gui_sync import sign_in

pytestmark = [pytest.mark.realkeyring, pytest.mark.slow]

from app.gui import record_panel as rp  # noqa: E402
from app.gui.recordings_model import COL_LENGTH  # noqa: E402

MiB = 1024 * 1024
RATE = 4_000_000  # bytes a second through the proxy
FIGURES = re.compile(
    r"^Uploading: [\d.]+ [kMG]?B left, [\d.]+ [kMG]?B/s, about \d+:\d\d remaining$"
)


def add_big_chunk(w: Any, size: int) -> str:
    """A stopped recording with one chunk of `size` random bytes, sealed on the serial worker
    (as the recorder would); returns the chunk id."""
    got: list[str] = []

    def seal() -> None:
        box = w.core.outbox
        rec = box.begin_recording(
            title="Big", sample_rate=48000, channels=1, subtype="PCM_16", started_at=time.time()
        )
        info = box.seal_chunk(rec.id, 0, os.urandom(size), started_at=time.time(), duration=30.0)
        box.finish_recording(rec.id, time.time())
        got.append(info.id)

    w.tasks.run(seal)
    w.tasks.wait_idle(30_000)
    assert got
    return got[0]


@pytest.fixture()
def slow_link(server: Any, tmp_path: Path) -> Any:
    proxy = FaultProxy(server.port, server.ca, tmp_path / "proxy").start()
    uploads = lambda r: r.method in ("POST", "PATCH") and "/files" in r.target  # noqa: E731
    proxy.add(Fault(uploads, times=50, throttle=RATE))
    yield SimpleNamespace(url=proxy.url, ca=proxy.ca_file)
    proxy.stop()


def test_progress_values_advance_in_the_list_status_bar_and_tray(
    window: Any, qtbot: Any, slow_link: Any
) -> None:
    w = window
    wait_ready(qtbot, w)
    chunk_id = add_big_chunk(w, 16 * MiB)
    model = w.recordings.recordings
    qtbot.waitUntil(lambda: model.chunk_state(chunk_id) is not None, timeout=10_000)
    assert model.chunk_state(chunk_id).kind == "waiting"

    percents: list[str] = []
    figures: list[str] = []

    def watch() -> bool:
        state = model.chunk_state(chunk_id)
        uploading = state is not None and state.kind == "uploading" and "%" in state.text
        if uploading and (not percents or percents[-1] != state.text):
            percents.append(state.text)
        text = w.sync.text()
        if text.startswith("Uploading:") and (not figures or figures[-1] != text):
            figures.append(text)
            assert text in w.tray.icon.toolTip()
        return state is not None and state.kind in ("confirmed", "erased")

    dialog = sign_in(qtbot, w, slow_link)
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=30_000)
    qtbot.waitUntil(watch, timeout=90_000)

    numbers = [int(re.search(r"(\d+) %", p).group(1)) for p in percents]  # type: ignore[union-attr]
    assert len(set(numbers)) >= 4, percents  # it moved, not 0 then done
    assert numbers == sorted(numbers) and 0 < numbers[-1] <= 100
    assert len(figures) >= 3, figures
    assert all(FIGURES.match(f) for f in figures if "/s" in f), figures
    assert any("/s" in f for f in figures), figures
    # Once the chunk is confirmed nothing is left to send: the figures make way for the state.
    qtbot.waitUntil(lambda: not w.sync.text().startswith("Uploading:"), timeout=10_000)
    assert "Uploading:" not in w.tray.icon.toolTip()


@pytest.mark.realaudio
def test_the_length_grows_while_recording_before_the_first_chunk(
    window: Any, qtbot: Any, virtual_mic: str
) -> None:
    w = window
    wait_ready(qtbot, w)
    choose_device(w, virtual_mic)
    qtbot.mouseClick(w.panel.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.panel.phase == rp.RECORDING, timeout=30_000)
    model = w.recordings.recordings
    rid = str(w.recording_id)
    lengths: list[str] = []

    def watch() -> bool:
        row = model._rows.get(rid)
        if row is not None and not model.chunks_of(rid):  # nothing sealed yet (5 s chunks)
            text = model.item(row.row(), COL_LENGTH).text()
            if not lengths or lengths[-1] != text:
                lengths.append(text)
        return bool(model.chunks_of(rid))

    qtbot.waitUntil(watch, timeout=30_000)  # until the first chunk is sealed
    seconds = [int(t.split(":")[1]) for t in lengths]
    # Audio from a loaded PulseAudio can come in bursts: two steps up is enough to show growth.
    assert seconds == sorted(seconds) and len(set(seconds) - {0}) >= 2, lengths
    live_part = model._rows[rid].child(model._rows[rid].rowCount() - 1, COL_LENGTH)
    qtbot.waitUntil(lambda: live_part.text() not in ("", "0:00"), timeout=5_000)
    qtbot.mouseClick(w.panel.stop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.panel.phase == rp.IDLE, timeout=60_000)


def test_the_empty_list_says_how_to_start(window: Any, qtbot: Any) -> None:
    w = window
    view = w.recordings
    assert view.empty_hint() == ""  # not read yet: no claim about what is there
    wait_ready(qtbot, w)
    qtbot.waitUntil(lambda: view.recordings.loaded, timeout=10_000)
    assert view.empty_hint() == "No recordings yet: press Record"
    base = view.palette().color(view.viewport().backgroundRole()).rgb()
    shown = view.viewport().grab().toImage()
    centre = shown.copy(0, shown.height() // 2 - 12, shown.width(), 24)
    inked = sum(
        1
        for y in range(centre.height())
        for x in range(centre.width())
        if centre.pixelColor(x, y).rgb() != base
    )
    assert inked > 50, "the hint is not drawn in the middle of the list"
    add_big_chunk(w, 1000)
    w.schedule_reload()
    qtbot.waitUntil(lambda: view.recordings.rowCount() == 1, timeout=10_000)
    assert view.empty_hint() == ""
