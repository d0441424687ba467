"""Exclusive use of one upload by one PATCH/DELETE at a time, with take-over of a holder that
has gone silent (docs/protocol.md §5.5, "Locking"). Only the event loop touches the table, so
it needs no lock of its own."""

from __future__ import annotations

import contextlib
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass

import anyio

from server.errors import ServerError


@dataclass
class _Holder:
    """The request that holds an upload's lock."""

    scope: anyio.CancelScope  # cancelled to interrupt a holder presumed dead
    last_byte: float  # time.monotonic() of the last body bytes it received
    released: anyio.Event


def locked(message: str) -> ServerError:
    """423 `upload_locked` with `message`; the client retries after a second."""
    return ServerError(message, code="upload_locked", status=423, headers={"Retry-After": "1"})


def taken_over() -> ServerError:
    """423 to a request whose hold on an upload passed to a newer one."""
    return locked("A newer request took this upload over; HEAD and resume from its offset.")


class UploadLocks:
    """The lock of every upload, by upload id."""

    def __init__(self, steal_after: float) -> None:
        self.steal_after = steal_after  # seconds without a byte before a holder is presumed dead
        self._holders: dict[str, _Holder] = {}

    @contextlib.asynccontextmanager
    async def hold(self, upload_id: str) -> AsyncIterator[None]:
        """Exclusive use of one upload for a PATCH/DELETE.

        A holder that has received no byte for `steal_after` seconds is presumed dead (a
        connection that vanished without a FIN): it is interrupted, keeps what it received,
        and the lock passes to the new request, so a client resuming after a network change
        does not wait for the body timeout. Otherwise 423 `upload_locked`.
        """
        holder = self._holders.get(upload_id)
        if holder is not None and time.monotonic() - holder.last_byte >= self.steal_after:
            holder.scope.cancel()
            with anyio.move_on_after(self.steal_after + 5):
                await holder.released.wait()
            holder = self._holders.get(upload_id)
        if holder is not None:
            raise locked("Another request is writing this upload; retry shortly.")
        mine = _Holder(anyio.CancelScope(), time.monotonic(), anyio.Event())
        self._holders[upload_id] = mine
        try:
            with mine.scope:
                yield
        finally:
            del self._holders[upload_id]
            mine.released.set()
        if mine.scope.cancelled_caught:
            # Only reached by a request that was taken over; its client is most likely gone.
            raise taken_over()

    def is_held(self, upload_id: str) -> bool:
        """Whether a PATCH/DELETE holds the upload now."""
        return upload_id in self._holders

    def progress(self, upload_id: str) -> None:
        """Note that the holder of this upload just received body bytes (it is alive)."""
        holder = self._holders.get(upload_id)
        if holder is not None:
            holder.last_byte = time.monotonic()
