"""uvicorn's h11 protocol with two guards plain uvicorn lacks, both against clients that hold
connections without sending requests (slowloris):

- the request head must arrive at the pace of `server.pace.Pace` (an overall deadline and a
  minimum rate), else the connection is dropped;
- each source address may hold at most `max_per_address` connections; one more is answered
  `503 too_many_connections` and closed.

Request bodies are limited separately (`server.body`)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

from server.pace import Pace

_REFUSED_GRACE = 2.0  # seconds a refused connection gets to send the request it is refused


def _refusal() -> bytes:
    body = json.dumps(
        {
            "error": "too_many_connections",
            "message": "This address holds too many connections to the server; retry shortly.",
        }
    ).encode()
    head = (
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nRetry-After: 5\r\n"
        "LogMeets-Error: too_many_connections\r\nLogMeets-API-Version: 1\r\n"
        "Tus-Resumable: 1.0.0\r\nConnection: close\r\n\r\n"
    )
    return head.encode("ascii") + body


def guarded_h11(pace: Pace, max_per_address: int) -> type[H11Protocol]:
    """An `H11Protocol` subclass that applies `pace` to every request head (timed from the
    connection opening, or from the first byte after a keep-alive pause) and caps the
    connections of one address. One class per server: the count lives in its closure."""
    per_address: dict[str, int] = {}

    class GuardedH11Protocol(H11Protocol):
        def connection_made(self, transport: Any) -> None:
            self._head_timer: asyncio.TimerHandle | None = None
            self._head_start = 0.0
            self._head_bytes = 0
            self._refused = False
            super().connection_made(transport)
            self._address = self.client[0] if self.client else ""
            if per_address.get(self._address, 0) >= max_per_address:
                self._refused = True
                self._head_timer = self.loop.call_later(_REFUSED_GRACE, self.transport.abort)
                return
            per_address[self._address] = per_address.get(self._address, 0) + 1
            self._watch_head(0)

        def data_received(self, data: bytes) -> None:
            if self._refused:
                # Answered once the request arrived (read, so closing sends no reset).
                if not self.transport.is_closing():
                    self.transport.write(_refusal())
                    self.transport.close()
                return
            super().data_received(data)
            self._watch_head(len(data))

        def connection_lost(self, exc: Exception | None) -> None:
            self._cancel_head_timer()
            if not self._refused:
                left = per_address.get(self._address, 1) - 1
                if left > 0:
                    per_address[self._address] = left
                else:
                    per_address.pop(self._address, None)
            super().connection_lost(exc)

        def _reading_head(self) -> bool:
            cycle = self.cycle
            return cycle is None or bool(cycle.response_complete)

        def _watch_head(self, received: int) -> None:
            if not self._reading_head():
                self._cancel_head_timer()
                return
            if self.timeout_keep_alive_task is not None:
                return  # an idle keep-alive connection: uvicorn's own timeout applies
            if self._head_timer is None:
                self._head_start = self.loop.time()
                self._head_bytes = 0
            else:
                self._head_timer.cancel()
            self._head_bytes += received
            due = self._head_start + pace.cut_at(self._head_bytes)
            self._head_timer = self.loop.call_at(due, self._head_expired)

        def _cancel_head_timer(self) -> None:
            if self._head_timer is not None:
                self._head_timer.cancel()
                self._head_timer = None

        def _head_expired(self) -> None:
            self._head_timer = None
            if self._reading_head() and not self.transport.is_closing():
                self.transport.abort()

    return GuardedH11Protocol
