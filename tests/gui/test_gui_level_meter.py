"""The level meter: a dB scale, peak hold, clip lamp, and one bar per channel."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QImage

from app.gui import theme
from app.gui.level_meter import (
    CLIP_HOLD_S,
    PEAK_HOLD_S,
    Channel,
    LevelMeter,
    fraction,
)


def _colours(image: QImage, x0: int, x1: int, y0: int, y1: int) -> set[str]:
    return {image.pixelColor(x, y).name() for x in range(x0, x1) for y in range(y0, y1)}


def test_peak_holds_for_a_second_then_falls() -> None:
    ch = Channel()
    ch.take(-6.0, -12.0, False, now=100.0)
    ch.take(-40.0, -45.0, False, now=100.5)
    assert ch.held_peak == -6.0  # held
    assert ch.rms_dbfs == -24.0  # the bar falls at 24 dB/s, not at once
    ch.take(-40.0, -45.0, False, now=100.0 + PEAK_HOLD_S + 0.6)
    assert ch.held_peak < -6.0  # let go after the hold


def test_clip_lamp_stays_lit_for_a_moment() -> None:
    ch = Channel()
    ch.take(0.0, -3.0, True, now=10.0)
    assert ch.clipping(10.0 + CLIP_HOLD_S - 0.1)
    assert not ch.clipping(10.0 + CLIP_HOLD_S + 0.1)


def test_two_channels_are_two_labelled_bars(qtbot: Any) -> None:
    meter = LevelMeter()
    qtbot.addWidget(meter)
    one = meter.sizeHint().height()
    meter.set_levels([-12.0, float("-inf")])
    assert len(meter.channels) == 2
    assert meter.labels() == ["Mic", "Computer"]
    assert meter.sizeHint().height() > one
    assert meter.channels[0].rms_dbfs == -12.0 and meter.channels[1].rms_dbfs == -60.0
    meter.set_levels([-20.0, 0.0])  # a peak at full scale lights that channel's lamp only
    assert not meter.channels[0].clipping(meter.channels[0].updated_at)
    assert meter.channels[1].clipping(meter.channels[1].updated_at)
    meter.set_level(-30.0, -35.0, False)  # back to one channel
    assert len(meter.channels) == 1 and meter.labels() == [""]
    assert meter.sizeHint().height() == one


def test_meter_draws_levels_scale_and_lamp(qtbot: Any) -> None:
    meter = LevelMeter()
    qtbot.addWidget(meter)
    meter.resize(400, meter.sizeHint().height())
    meter.set_level(0.0, -3.0, True)  # loud and clipped
    image = meter.grab().toImage()
    bar_h = 14
    ok, hot, clip = (theme.colour(r).name() for r in ("meter_ok", "meter_hot", "clip"))
    seen = _colours(image, 0, image.width(), 0, bar_h)
    assert {ok, hot, clip} <= seen, seen
    # The dB scale is text under the bar: some pixels there differ from the background.
    scale = _colours(image, 0, image.width(), bar_h + 2, image.height())
    assert len(scale) > 2
    # The quiet half of a -30 dBFS reading is not filled.
    meter.reset()
    meter.set_level(-30.0, -30.0, False)
    image = meter.grab().toImage()
    right = int(image.width() * 0.8)
    assert ok not in _colours(image, right, right + 5, 2, bar_h - 2)
    assert fraction(-30.0) == 0.5


def test_two_channel_meter_draws_both_labels(qtbot: Any) -> None:
    meter = LevelMeter()
    qtbot.addWidget(meter)
    meter.set_levels([-10.0, -10.0])
    meter.resize(400, meter.sizeHint().height())
    image = meter.grab().toImage()
    ok = theme.colour("meter_ok").name()
    # Both bars show the level, the second below the first.
    assert ok in _colours(image, 100, 200, 2, 12)
    assert ok in _colours(image, 100, 200, 19, 29)
    # The labels' column is left of the bars and has text in it.
    assert len(_colours(image, 0, 20, 0, 30)) > 2
