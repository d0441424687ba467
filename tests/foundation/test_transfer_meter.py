"""The upload meter behind the status bar, the tray tooltip and `sync`'s bar: bytes left, a
speed smoothed over a few seconds that falls during a stall, and the time that leaves."""

from __future__ import annotations

import pytest

from app.core.transfer import SPEED_WINDOW, TransferMeter, clock_text, size_text
from uploader import ChunkConfirmed, UploadProgress, UploadStarted


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_bytes_left_speed_and_time_left() -> None:
    clock = Clock()
    meter = TransferMeter(clock)
    meter.expect({"a": 4_000_000, "b": 2_000_000})
    assert meter.figures().left == 6_000_000 and meter.figures().speed is None
    assert meter.feed(UploadStarted("a", "r", 4_000_000, 0))
    for second in range(1, 5):  # 1 MB a second
        clock.now += 1.0
        meter.feed(UploadProgress("a", "r", second * 1_000_000, 4_000_000))
    f = meter.figures()
    assert f.left == 2_000_000 and f.total == 6_000_000
    assert f.speed == pytest.approx(1_000_000)
    assert f.seconds_left == pytest.approx(2.0)
    assert f.fraction == pytest.approx(4 / 6)
    assert meter.feed(ChunkConfirmed("a", "r")) and not meter.feed(object())


def test_a_stall_brings_the_speed_down_and_a_jump_is_smoothed() -> None:
    clock = Clock()
    meter = TransferMeter(clock)
    meter.started("a", 10_000_000, 0)
    meter.progress("a", 1, 10_000_000)
    for step in range(1, 6):  # 1 MB/s for 5 s
        clock.now += 1.0
        meter.progress("a", step * 1_000_000, 10_000_000)
    steady = meter.speed()
    assert steady == pytest.approx(1_000_000, rel=0.05)
    clock.now += 0.2
    meter.progress("a", 8_000_000, 10_000_000)  # 3 MB in 0.2 s: a burst out of the buffers
    assert steady < (meter.speed() or 0) < 2_000_000  # averaged, not 15 MB/s
    clock.now += SPEED_WINDOW * 2
    assert meter.speed() == 0.0 and meter.figures().seconds_left is None


def test_a_resumed_chunk_counts_only_what_goes_now_and_a_snapshot_drops_what_is_done() -> None:
    clock = Clock()
    meter = TransferMeter(clock)
    meter.started("a", 1_000_000, 600_000)  # the server had 600 kB from an earlier run
    assert meter.figures().left == 400_000
    clock.now += 1.0
    meter.progress("a", 700_000, 1_000_000)
    clock.now += 1.0
    meter.progress("a", 900_000, 1_000_000)
    assert meter.speed() == pytest.approx(200_000)  # the 600 kB from before are no speed
    meter.expect({"b": 5_000})  # the next snapshot: a is done, b is new
    assert meter.figures().left == 5_000 and meter.figures().total == 5_000


def test_sizes_and_times_as_people_read_them() -> None:
    assert [size_text(n) for n in (812, 14_200, 3_500_000, 1.2e9, 5e12)] == [
        "812 B",
        "14.2 kB",
        "3.5 MB",
        "1.2 GB",
        "5000.0 GB",
    ]
    assert [clock_text(s) for s in (0, 9.6, 61, 3600 + 62, -3)] == [
        "0:00",
        "0:10",
        "1:01",
        "1:01:02",
        "0:00",
    ]
