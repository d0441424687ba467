"""Request bodies read straight from the ASGI `receive` channel: upload bodies streamed with an
idle timeout (a stalled client cannot hold an upload lock for ever), JSON bodies size-capped and
paced (`server.pace`: an overall deadline and a minimum rate), and bodies drained before an
early error response so that the client reliably reads the answer."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import anyio
from starlette.requests import Request

from server.append import BodyCut
from server.errors import ServerError
from server.pace import Pace

_DRAIN_LIMIT = 16 * 1024 * 1024


def _mark_done(request: Request) -> None:
    request.state.body_done = True


def body_done(request: Request) -> bool:
    """Whether the whole request body has been received (or the client is gone)."""
    return bool(getattr(request.state, "body_done", False))


def body_complete(request: Request) -> bool:
    """Whether the body was received to its end (not cut, not abandoned)."""
    return bool(getattr(request.state, "body_complete", False))


async def stream(
    request: Request, *, idle_timeout: float, pace: Pace | None = None
) -> AsyncIterator[bytes]:
    """Yield the request body as it arrives. Raises `BodyCut` when the client disconnects,
    sends nothing for `idle_timeout` seconds, or (with `pace`) falls behind it."""
    if body_done(request):
        return
    start = anyio.current_time()
    received = 0
    while True:
        timeout = idle_timeout
        if pace is not None:
            timeout = min(timeout, start + pace.cut_at(received) - anyio.current_time())
        try:
            with anyio.fail_after(max(timeout, 0.0)):
                message = await request.receive()
        except TimeoutError:
            _mark_done(request)
            raise BodyCut("the body timeout passed: too slow or stalled") from None
        if message["type"] == "http.disconnect":
            _mark_done(request)
            raise BodyCut("client disconnected")
        data = message.get("body", b"")
        received += len(data)
        more = message.get("more_body", False)
        if not more:
            _mark_done(request)
            request.state.body_complete = True
        if data:
            yield data
        if not more:
            return


async def read_json(request: Request, *, limit: int, pace: Pace) -> dict[str, Any]:
    """The JSON object body, at most `limit` bytes, arriving at `pace`; 413/415/408/400
    otherwise."""
    ctype = request.headers.get("content-type", "")
    if ctype.split(";")[0].strip().lower() != "application/json":
        raise ServerError(
            "Send the body as Content-Type: application/json.",
            code="unsupported_media_type",
            status=415,
        )
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise ServerError(
            f"The JSON body is larger than {limit} bytes.", code="request_too_large", status=413
        )
    parts: list[bytes] = []
    size = 0
    try:
        async for data in stream(request, idle_timeout=pace.deadline, pace=pace):
            size += len(data)
            if size > limit:
                raise ServerError(
                    f"The JSON body is larger than {limit} bytes.",
                    code="request_too_large",
                    status=413,
                )
            parts.append(data)
    except BodyCut as cut:
        if "timeout" in str(cut):
            raise ServerError(
                "The JSON body arrived too slowly; send it whole at once.",
                code="body_timeout",
                status=408,
            ) from None
        raise ServerError("The request body was cut off.", code="bad_request") from None
    try:
        obj = json.loads(b"".join(parts))
    except (ValueError, UnicodeDecodeError, RecursionError):
        # RecursionError: absurdly deep nesting, which no valid request has.
        raise ServerError("The body is not valid JSON.", code="bad_request") from None
    if not isinstance(obj, dict):
        raise ServerError("The body must be a JSON object.", code="bad_request")
    return obj


async def drain(request: Request, *, idle_timeout: float) -> None:
    """Read and discard what is left of the body (bounded), so an early error response is
    read by a client that is still sending. Past the bound the connection is simply closed."""
    if body_done(request) or request.method in ("GET", "HEAD", "OPTIONS", "DELETE"):
        return
    seen = 0
    try:
        async for data in stream(request, idle_timeout=min(idle_timeout, 5.0)):
            seen += len(data)
            if seen > _DRAIN_LIMIT:
                return
    except BodyCut:
        return
