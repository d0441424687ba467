"""Small helpers the GUI tests share: waiting for the window, acting as a user would, and
recordings already in the outbox."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


def wait_ready(qtbot: Any, w: Any, timeout: int = 30_000) -> None:
    """Until the outbox is open and the devices are listed."""
    qtbot.waitUntil(lambda: w.ready and bool(w.devices), timeout=timeout)


def choose_device(w: Any, name: str) -> None:
    """Picks a microphone in the window's picker, as a user would."""
    combo = w.panel.device_combo
    index = combo.findData(name)
    assert index >= 0, f"{name} not offered: {[combo.itemText(i) for i in range(combo.count())]}"
    combo.setCurrentIndex(index)


@contextmanager
def own_window(ctx: Any) -> Iterator[Any]:
    """A main window of the test's own (created, not started), shut down cleanly at the end."""
    from app.gui.main import create_window

    w = create_window(ctx)
    try:
        yield w
    finally:
        w.quitting = True
        w.tasks.wait_idle(60_000)
        w.core.close()
        w.tray.dispose()
        w.close()


def uploaded_recording(
    box: Any,
    title: str,
    *,
    parts: int = 1,
    quarantined: int = 0,
    manifest: bool = True,
    link_base: str | None = None,
) -> str:
    """A stopped recording in `box` (an open outbox) of `parts` random parts: the first
    `quarantined` quarantined, the rest uploaded, confirmed and erased here; `manifest`: the
    server accepted its manifest (`link_base`: and linked it, at `link_base` + its id). Its id."""
    rec = box.begin_recording(
        title=title, sample_rate=48000, channels=1, subtype="PCM_16", started_at=time.time()
    )
    infos = [
        box.seal_chunk(rec.id, i, os.urandom(4000), started_at=time.time(), duration=5.0)
        for i in range(parts)
    ]
    for info in infos[:quarantined]:
        box.quarantine(info.id, "test: damaged")
    for info in infos[quarantined:]:
        box.set_upload(info.id, url="https://server.invalid/files/x", offset=0)
        box.mark_uploaded(info.id)
        box.confirm(info.id, sha256=info.sha256, size=info.size)
        box.erase_chunk(info.id)
    box.finish_recording(rec.id, time.time())
    if manifest:
        box.mark_manifest_sent(rec.id, web_url=None if link_base is None else link_base + rec.id)
    return str(rec.id)
