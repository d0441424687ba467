"""uvicorn's h11 protocol with a time limit on the request head. Plain uvicorn has none: a
client that connects and trickles (or never sends) its headers would hold a connection slot for
ever (slowloris). Request bodies are limited separately (`body.stream`'s idle timeout)."""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol


def guarded_h11(head_timeout: float) -> type[H11Protocol]:
    """An `H11Protocol` subclass that closes a connection whose request head is not complete
    `head_timeout` seconds after it began (connection opened, or first byte after keep-alive)."""

    class GuardedH11Protocol(H11Protocol):
        def connection_made(self, transport: Any) -> None:
            self._head_timer: asyncio.TimerHandle | None = None
            super().connection_made(transport)
            self._watch_head()

        def data_received(self, data: bytes) -> None:
            super().data_received(data)
            self._watch_head()

        def connection_lost(self, exc: Exception | None) -> None:
            self._cancel_head_timer()
            super().connection_lost(exc)

        def _reading_head(self) -> bool:
            cycle = self.cycle
            return cycle is None or bool(cycle.response_complete)

        def _watch_head(self) -> None:
            if not self._reading_head():
                self._cancel_head_timer()
            elif self._head_timer is None and self.timeout_keep_alive_task is None:
                self._head_timer = self.loop.call_later(head_timeout, self._head_expired)

        def _cancel_head_timer(self) -> None:
            if self._head_timer is not None:
                self._head_timer.cancel()
                self._head_timer = None

        def _head_expired(self) -> None:
            self._head_timer = None
            if self._reading_head() and not self.transport.is_closing():
                self.transport.abort()

    return GuardedH11Protocol
