"""The GUI's small parts on their own: the event bridge's thread hop and coalescing, the task
manager, the level meter, and the states the recordings list shows."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWidget

from app.gui.event_bridge import EventBridge
from app.gui.level_meter import LevelMeter, fraction
from app.gui.recordings_model import RecordingsModel, format_length
from app.gui.tasks import TaskManager
from outbox import ChunkInfo, ChunkSealed, ChunkState, EventBus, RecordingInfo, RecordingState
from recorder import LevelChanged


def test_bridge_delivers_core_events_on_the_gui_thread(qtbot: Any) -> None:
    bus = EventBus()
    bridge = EventBridge(bus)
    got: list[tuple[Any, threading.Thread]] = []
    bridge.core_event.connect(lambda e: got.append((e, threading.current_thread())))
    sealed = ChunkSealed("c1", "r1", 0, 5.0, False)
    t = threading.Thread(target=bus.publish, args=(sealed,))
    t.start()
    t.join()
    assert got == []  # queued: nothing runs on the publisher's thread
    qtbot.waitUntil(lambda: len(got) == 1, timeout=2000)
    assert got[0][0] is sealed
    assert got[0][1] is threading.main_thread()
    bridge.detach()
    bus.publish(sealed)
    qtbot.wait(50)
    assert len(got) == 1


def test_bridge_coalesces_levels_so_a_busy_gui_never_lags(qtbot: Any) -> None:
    bus = EventBus()
    bridge = EventBridge(bus)
    levels: list[LevelChanged] = []
    others: list[str] = []
    bridge.core_event.connect(
        lambda e: (
            levels.append(e) if isinstance(e, LevelChanged) else others.append(type(e).__name__)
        )
    )

    def flood() -> None:
        for i in range(1000):
            bus.publish(LevelChanged(-float(i), -float(i), False))
            if i % 100 == 0:
                bus.publish(ChunkSealed(f"c{i}", "r", i, 1.0, False))

    t = threading.Thread(target=flood)
    t.start()
    t.join()
    qtbot.waitUntil(lambda: len(others) == 10, timeout=2000)
    qtbot.wait(50)
    assert 1 <= len(levels) < 1000  # stale readings were dropped ...
    assert levels[-1].peak_dbfs == -999.0  # ... and the newest one is what is shown
    assert others == ["ChunkSealed"] * 10  # other events are never dropped


def test_tasks_run_off_the_gui_thread_and_report_back_on_it(qtbot: Any) -> None:
    tasks = TaskManager()
    seen: dict[str, Any] = {}

    def op() -> int:
        seen["op_thread"] = threading.current_thread()
        time.sleep(0.05)
        return 42

    def success(value: int) -> None:
        seen["value"] = value
        seen["callback_thread"] = threading.current_thread()

    tasks.run(op, success=success)
    assert "value" not in seen  # run() returned before op finished
    qtbot.waitUntil(lambda: "value" in seen, timeout=2000)
    assert seen["value"] == 42
    assert seen["op_thread"] is not threading.main_thread()
    assert seen["callback_thread"] is threading.main_thread()
    assert tasks.pending == 0

    failures: list[BaseException] = []
    tasks.run(lambda: 1 / 0, success=lambda _v: None, failure=failures.append, network=True)
    qtbot.waitUntil(lambda: bool(failures), timeout=2000)
    assert isinstance(failures[0], ZeroDivisionError)

    # A dialog closed while its work ran gets no callback.
    owner = QWidget()
    late: list[int] = []
    gate = threading.Event()
    tasks.run(lambda: gate.wait(2) and 1, success=late.append, owner=owner)
    owner.deleteLater()
    qtbot.wait(50)
    gate.set()
    qtbot.waitUntil(lambda: tasks.pending == 0, timeout=2000)
    assert late == []


def test_serial_tasks_run_in_order_on_one_thread(qtbot: Any) -> None:
    tasks = TaskManager()
    order: list[int] = []
    threads: set[threading.Thread] = set()

    def step(i: int) -> None:
        threads.add(threading.current_thread())
        order.append(i)

    for i in range(20):
        tasks.run(lambda i=i: step(i))
    qtbot.waitUntil(lambda: tasks.pending == 0, timeout=5000)
    assert order == list(range(20))
    assert len(threads) == 1


def test_level_meter_scale_and_clip_lamp(qtbot: Any) -> None:
    assert fraction(float("-inf")) == 0.0
    assert fraction(-60.0) == 0.0
    assert fraction(-30.0) == 0.5
    assert fraction(0.0) == 1.0
    meter = LevelMeter()
    qtbot.addWidget(meter)
    meter.set_level(-20.0, -30.0, clipped=False)
    assert not meter.clipping
    meter.set_level(0.0, -6.0, clipped=True)
    assert meter.clipping
    meter.set_level(-20.0, -30.0, clipped=False)
    assert meter.clipping  # held for a moment so that a person sees it
    meter.grab()  # paints without error
    meter.reset()
    assert not meter.clipping and meter.rms_dbfs == -60.0


def _rec(rid: str = "r1", title: str = "Standup", at: float = 1_700_000_000.0) -> RecordingInfo:
    return RecordingInfo(
        id=rid,
        title=title,
        started_at=at,
        ended_at=at + 65.0,
        state=RecordingState.STOPPED,
        sample_rate=48_000,
        channels=1,
        subtype="PCM_16",
        markers=(),
        gaps=(),
        manifest_sent=False,
    )


def _chunk(index: int, state: ChunkState, **kw: Any) -> ChunkInfo:
    values: dict[str, Any] = {
        "id": f"c{index}",
        "recording_id": "r1",
        "index": index,
        "started_at": 1_700_000_000.0 + 30 * index,
        "duration": 30.0,
        "sample_rate": 48_000,
        "channels": 1,
        "size": 1000,
        "sha256": "0" * 64,
        "path": Path(f"/x/{index}.flac.age"),
        "state": state,
        "upload_url": None,
        "upload_offset": 0,
        "attempts": 0,
        "last_error": None,
        "recovered": False,
    }
    values.update(kw)
    return ChunkInfo(**values)


def test_recordings_model_shows_each_state(qapp: Any) -> None:
    model = RecordingsModel()
    chunks = [
        _chunk(0, ChunkState.ERASED, path=None),
        _chunk(1, ChunkState.UPLOADING),
        _chunk(2, ChunkState.SEALED, attempts=2, last_error="offline"),
        _chunk(3, ChunkState.QUARANTINED, last_error="chunk_corrupt"),
    ]
    model.load([_rec()], chunks)
    model.set_progress("c1", "r1", 250, 1000)
    assert model.rowCount() == 1
    top = model.item(0, 0)
    assert top.text() == "Standup"
    assert model.item(0, 2).text() == "2:00"  # the audio of its parts
    assert [top.child(i, 0).text() for i in range(top.rowCount())] == [
        "Part 1",
        "Part 2",
        "Part 3",
        "Part 4",
    ]
    states = [model.chunk_state(f"c{i}") for i in range(4)]
    assert [s.kind for s in states if s] == ["erased", "uploading", "waiting", "failed"]
    assert states[1] is not None and states[1].text == "Uploading 25 %"
    assert states[2] is not None and states[2].text == "Waiting to retry"
    assert states[2].tooltip.startswith("Last attempt failed: The server cannot be reached")
    assert states[3] is not None and states[3].text.startswith(
        "Failed: A recording chunk is damaged"
    )
    assert "contact your administrator" in states[3].tooltip
    assert model.recording_state("r1").kind == "failed"
    assert model.has_local_audio("r1")

    # Live recording: an extra row for the part being recorded.
    model.set_live("r1")
    assert top.rowCount() == 5 and top.child(4, 3).text() == "Recording"
    model.set_live("r1", paused=True)
    assert top.child(4, 3).text() == "Paused"
    model.set_live(None)
    assert top.rowCount() == 4

    # All confirmed and erased; the order is newest first.
    model.load(
        [_rec(), _rec("r2", "", at=1_700_100_000.0)],
        [_chunk(0, ChunkState.ERASED, path=None)],
    )
    assert model.item(0, 0).text() == "Untitled recording"
    assert model.item(1, 0).text() == "Standup"
    assert model.recording_state("r1").text == "Uploaded, erased from this computer"
    assert not model.has_local_audio("r1")
    assert model.recording_state("r2").text == "No audio"
    assert format_length(3725) == "1:02:05"
