"""The recorder's controls: commands posted from any thread run on the writer's `run`, in order;
a failed outbox write stops the recording; a pause journals the open chunk and ends as a gap."""

from __future__ import annotations

import errno
import logging

import pytest

from outbox import Gap, Marker, OutboxError
from recorder.controls import Controls
from recorder.errors import RecorderError
from recorder.timeline import Timeline


class NotesOutbox:
    """Records the calls; `fail` makes the next call raise it."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, object]] = []
        self.fail: BaseException | None = None

    def _note(self, name: str, recording_id: str, value: object) -> None:
        if self.fail is not None:
            raise self.fail
        self.calls.append((name, recording_id, value))

    def set_title(self, recording_id: str, title: str) -> None:
        self._note("title", recording_id, title)

    def add_marker(self, recording_id: str, marker: Marker) -> None:
        self._note("marker", recording_id, marker)

    def add_gap(self, recording_id: str, gap: Gap) -> None:
        self._note("gap", recording_id, gap)


class OpenChunk:
    frames = 48_000
    journaled = 0

    def journal_now(self) -> None:
        self.journaled += 1


def _controls() -> tuple[Controls, NotesOutbox, OpenChunk, Timeline]:
    box, chunk, timeline = NotesOutbox(), OpenChunk(), Timeline(48_000)
    controls = Controls(box, timeline)
    controls.begin("rec-1", chunk)  # type: ignore[arg-type]
    return controls, box, chunk, timeline


def test_commands_wait_for_run_and_keep_their_order() -> None:
    controls, box, chunk, timeline = _controls()
    marker = Marker(at=1.0, label="decision")
    controls.add_marker(marker)
    controls.set_title("Budget")
    controls.pause()
    assert box.calls == [] and not timeline.paused  # nothing runs on the posting thread
    controls.run()
    assert box.calls == [("marker", "rec-1", marker), ("title", "rec-1", "Budget")]
    assert timeline.paused and chunk.journaled == 1  # what was kept is durable at the pause
    controls.pause()
    controls.run()
    assert chunk.journaled == 1  # already paused: nothing to do
    controls.resume()
    controls.run()
    assert not timeline.paused and [c[0] for c in box.calls] == ["marker", "title", "gap"]
    assert isinstance(box.calls[-1][2], Gap) and box.calls[-1][2].reason == "paused"


@pytest.mark.parametrize(
    ("failure", "code"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), "disk_write_failed"),
        (OutboxError("audit log not writable", code="audit_write_failed"), "write_failed"),
    ],
)
def test_a_failed_write_stops_the_recording(failure: BaseException, code: str) -> None:
    controls, box, _, _ = _controls()
    box.fail = failure
    controls.set_title("Budget")
    with pytest.raises(RecorderError) as err:
        controls.run()
    assert err.value.code == code


def test_a_pause_still_open_at_the_end_is_recorded_and_a_failure_only_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    controls, box, _, timeline = _controls()
    controls.end_pause()  # not paused: nothing recorded
    assert box.calls == []
    controls.pause()
    controls.run()
    controls.end_pause()
    assert [c[0] for c in box.calls] == ["gap"] and not timeline.paused
    controls.pause()
    controls.run()
    box.fail = OSError("read-only file system")
    with caplog.at_level(logging.ERROR):
        controls.end_pause()
    assert "could not record the pause" in caplog.text and not timeline.paused
