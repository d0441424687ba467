"""The disk side of a PATCH body: batches of received bytes are written to the upload's file and
hashed in a worker thread, while the event loop goes on receiving (and decrypting) the next
batch. One batch is in the worker at a time, so the bytes stay in order and memory per PATCH
stays at about two batches; hashlib releases the GIL for such buffers, so hashing really runs
beside the event loop instead of in turn with it."""

from __future__ import annotations

import asyncio
import concurrent.futures
import errno
import hashlib
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

import anyio

if TYPE_CHECKING:
    from hashlib import _Hash as Hasher
else:
    Hasher = object

__all__ = ["BATCH", "BodySink", "Hasher", "new_hasher"]

BATCH = 512 * 1024  # bytes handed to the worker at once: few thread hops, little memory

# The server runs on uvicorn's asyncio loop. A plain executor (not anyio.to_thread) because a
# batch must be started now and awaited later, while the next one is received.
_POOL = concurrent.futures.ThreadPoolExecutor(max_workers=8, thread_name_prefix="upload-io")


class BodySink:
    """Writes batches at the file position of `fd` and feeds every byte written, in order, to
    `hashers`. `written` counts only whole pieces written; a full disk (ENOSPC/EDQUOT) sets
    `full` and ignores later batches (the caller cuts the torn piece off at `written`)."""

    def __init__(self, fd: int, hashers: Sequence[Hasher]) -> None:
        self.fd = fd
        self.written = 0
        self.full = False
        self._hashers = hashers
        self._job: concurrent.futures.Future[None] | None = None  # the batch in the worker
        self._used = False  # whether any batch went to the worker

    def _write(self, batch: list[bytes]) -> None:
        # Runs in a worker thread; never two at once for one sink (see `submit`).
        if self.full:
            return
        for data in batch:
            view = memoryview(data)
            try:
                while view:
                    view = view[os.write(self.fd, view) :]
            except OSError as exc:
                if exc.errno not in (errno.ENOSPC, errno.EDQUOT):
                    raise
                self.full = True
                return
            self.written += len(data)
            for h in self._hashers:
                h.update(data)

    async def submit(self, batch: list[bytes]) -> None:
        """Hand `batch` to the worker once the previous one is done (returns without waiting
        for this one)."""
        await self.settle()
        if batch:
            self._used = True
            self._job = _POOL.submit(self._write, batch)

    async def finish(self, batch: list[bytes]) -> None:
        """Write the last batch and wait until everything is written. A body that never filled
        a batch is written right here on the event loop (at most one batch: well under a
        millisecond), since for small PATCHes a worker round trip costs more than it saves."""
        if self._job is None and not self._used:
            self._write(batch)
            return
        await self.submit(batch)
        await self.settle()

    async def settle(self) -> None:
        """Wait for the batch in the worker (shielded: a cancelled request still gets its
        bytes accounted for before it decides what to keep). Re-raises its OSError."""
        job = self._job
        if job is not None:
            with anyio.CancelScope(shield=True):
                await asyncio.wrap_future(job)
            self._job = None  # only now: if the await was torn down, `close` still waits

    def close(self) -> None:
        """Wait (blocking, one batch at most) for a batch still in the worker, so that its file
        descriptor is never closed under it. Only an unshieldable cancellation (the loop being
        torn down) leaves one; its error, if any, is already being superseded."""
        job, self._job = self._job, None
        if job is not None:
            concurrent.futures.wait([job])


def new_hasher(algorithm: str) -> Hasher:
    """A fresh hashlib object (typed for the sink)."""
    return hashlib.new(algorithm)
