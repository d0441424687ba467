"""An upload URL that answers 404 forever (the upload is created, then always "gone"): the
client backs off across the re-creations of the chunk instead of hammering the server, and
`sync --once` ends, reporting the chunk as pending. Real server behind the fault proxy; the
waits run on a simulated clock (a Waiter that adds the waits up instead of sleeping)."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import pytest
from faultproxy import Fault, FaultProxy, on
from uphelp import Box, make_scheduler

from outbox import ChunkState
from uploader import PassSummary
from uploader.retry import Waiter
from uploader.tus import Stopped

FOREVER = 10**9


@dataclass
class SimulatedClock(Waiter):
    """Waits take no real time; they add up, and the clock stops everything at `limit`."""

    simulated: float = 0.0
    limit: float = 60.0

    def wait(self, seconds: float) -> bool:
        self.simulated += max(0.0, seconds)
        if self.simulated >= self.limit:
            self.stop()
        return self.stopped


def gone_forever(proxy: FaultProxy) -> None:
    proxy.add(Fault(on("PATCH", "/files/"), times=FOREVER, respond=(404, {}, b"")))
    proxy.add(Fault(on("HEAD", "/files/"), times=FOREVER, respond=(404, {}, b"")))


def test_404_forever_backs_off_across_recreations(proxy: FaultProxy, box: Box):
    gone_forever(proxy)
    box.add_recording(1, 400_000)  # more than the first piece: a PATCH follows the creation
    # The app's own backoff (first retry within a second, at most five minutes).
    sched = make_scheduler(box, proxy.url, proxy.ca_file, backoff_base=1.0, backoff_cap=300.0)
    clock = SimulatedClock()
    sched.waiter = sched.tus.waiter = sched.engine.waiter = clock
    real_limit = threading.Timer(20.0, clock.stop)  # should the simulated clock never move
    real_limit.start()
    try:
        with pytest.raises(Stopped):
            sched.engine.retrying(sched._prepare)
            sched.engine.run_pass()
    finally:
        real_limit.cancel()
    creations = proxy.requests("POST", "/files")
    # Three repairs at once, then waits that double: a handful of creations in a minute.
    assert clock.simulated >= 60.0, f"{len(creations)} creations and the clock never reached 60 s"
    assert len(creations) <= 20, len(creations)
    (chunk_id,) = box.ciphertexts
    assert box.state(chunk_id) in (ChunkState.SEALED, ChunkState.UPLOADING)


def test_sync_once_ends_against_404_forever(proxy: FaultProxy, box: Box):
    gone_forever(proxy)
    box.add_recording(1, 400_000)
    sched = make_scheduler(box, proxy.url, proxy.ca_file)
    result: list[PassSummary] = []
    worker = threading.Thread(target=lambda: result.append(sched.run_once()), daemon=True)
    worker.start()
    worker.join(60.0)
    if worker.is_alive():
        sched.stop()
        worker.join(10.0)
        posts = len(proxy.requests("POST", "/files"))
        pytest.fail(f"sync --once did not end in 60 s ({posts} creations)")
    (summary,) = result
    (chunk_id,) = box.ciphertexts
    assert summary.pending == 1 and not summary.drained
    assert summary.failures == {chunk_id: "upload_gone"}
    assert box.state(chunk_id) in (ChunkState.SEALED, ChunkState.UPLOADING)


def test_sync_once_ends_after_its_time_even_with_progress(proxy: FaultProxy, box: Box):
    # Every PATCH is cut after some bytes: progress each time, never four failures in a row.
    proxy.add(Fault(on("PATCH", "/files/"), times=FOREVER, cut_after=20_000))
    box.add_recording(1, 2_000_000)
    sched = make_scheduler(box, proxy.url, proxy.ca_file, once_seconds=0.0)
    summary = sched.run_once()
    assert summary.pending == 1 and not summary.drained
    assert len(proxy.requests("PATCH")) == 1  # the first failure after the deadline ends it
