"""Which microphones and computer-audio sources the window offers: listed at start, and again
each time the window comes to the front while nothing records or tests the microphone, so that
a headset plugged in since shows up without a restart. Rescans are at least `RESCAN_GAP_S`
apart: switching windows back and forth does not restart PortAudio each time."""

from __future__ import annotations

import time
from typing import Protocol

from app.context import Context
from app.core import Core
from app.gui import record_panel as rp
from app.gui.messages import describe_code
from app.gui.notices import NoticeBox
from app.gui.record_panel import RecordPanel
from app.gui.tasks import TaskManager
from recorder import InputDevice, SystemSource

RESCAN_GAP_S = 5.0


class ScanHost(Protocol):
    """What the scan uses of the main window."""

    core: Core
    ctx: Context
    tasks: TaskManager
    panel: RecordPanel
    devices: list[InputDevice]
    notice: NoticeBox

    def show_notice(self, text: str) -> None: ...
    def hide_notice(self) -> None: ...
    def first_devices_listed(self) -> None: ...


class DeviceScan:
    """Lists the devices for one window, off the GUI thread (the network pool: a PortAudio
    rescan or a sound server that does not answer may take seconds)."""

    def __init__(self, window: ScanHost) -> None:
        self.w = window
        self._last: float | None = None  # when the last scan began (monotonic)
        self._no_microphone = ""  # the notice shown for an empty list, until one appears

    def start(self) -> None:
        """The first scan, at start-up."""
        self._scan(first=True)

    def window_activated(self) -> None:
        """Rescans when the window comes to the front, if nothing holds the microphone and the
        last scan is `RESCAN_GAP_S` old."""
        w = self.w
        if self._last is None or time.monotonic() - self._last < RESCAN_GAP_S:
            return
        if w.panel.phase != rp.IDLE or w.panel.test_button.isChecked():
            return
        self._scan(first=False)

    def _scan(self, *, first: bool) -> None:
        w = self.w
        self._last = time.monotonic()
        w.tasks.run(w.core.devices, success=lambda found: self._devices(found, first), network=True)
        w.tasks.run(w.core.system_sources, success=self._sources, network=True)

    def _devices(self, devices: list[InputDevice], first: bool) -> None:
        w = self.w
        w.devices = devices
        if first:
            w.panel.set_devices(devices, w.ctx.settings.device)
        else:
            w.panel.update_devices(devices)
        if not devices and (first or not self._no_microphone):
            self._no_microphone = describe_code("no_microphone")
            w.show_notice(self._no_microphone)
        elif devices and self._no_microphone:
            if w.notice.isVisible() and w.notice.text() == self._no_microphone:
                w.hide_notice()
            self._no_microphone = ""
        if first:
            w.first_devices_listed()

    def _sources(self, sources: list[SystemSource]) -> None:
        self.w.panel.set_system_sources(sources, self.w.ctx.settings)
