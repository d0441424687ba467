"""The app factory: builds the Starlette application of API v1 over a data directory.

`create_app(config, fault_hook=...)`: the optional `fault_hook` is awaited before every
request and may return a response to send instead (tests use it to inject 5xx/429/slow
answers without touching the network)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

import anyio
import anyio.to_thread
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server import api, body, orgkey, tus
from server.config import ServerConfig
from server.devices import DeviceProofs
from server.errors import ServerError
from server.recordings import RecordingStore
from server.services import Services
from server.sessions import SessionStore
from server.shared_services import shared_services
from server.shared_uploads import SharedUploadStore
from server.throttle import LoginThrottle
from server.upload_rules import UploadLimits
from server.uploads import UploadStore
from server.users import UserStore

log = logging.getLogger("server")

FaultHook = Callable[[Request], Awaitable[Response | None]]

_ALWAYS = [(b"tus-resumable", b"1.0.0"), (b"logmeets-api-version", b"1")]
_HTTP_CODES = {404: "not_found", 405: "method_not_allowed"}


def _respond(request: Request, err: ServerError) -> Response:
    # The code also travels in a header, for HEAD answers (which have no body).
    headers = {**err.headers, "LogMeets-Error": err.code}
    if request.method == "HEAD":
        return Response(status_code=err.status, headers=headers)
    return JSONResponse(err.body(), status_code=err.status, headers=headers)


async def _finish_body(request: Request, err: ServerError) -> ServerError:
    """Read off what is left of the body; if that fails (stalled, too big), close the
    connection after the answer, since its framing is lost."""
    svc: Services = request.app.state.services
    await body.drain(request, idle_timeout=svc.config.body_timeout)
    if request.method in ("POST", "PUT", "PATCH") and not body.body_complete(request):
        err.headers["Connection"] = "close"
    return err


async def _server_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ServerError)
    return _respond(request, await _finish_body(request, exc))


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    code = _HTTP_CODES.get(exc.status_code, "bad_request")
    message = {404: "No such resource.", 405: "This method is not allowed here."}.get(
        exc.status_code, str(exc.detail)
    )
    err = ServerError(message, code=code, status=exc.status_code, headers=dict(exc.headers or {}))
    return _respond(request, await _finish_body(request, err))


async def _internal_error(request: Request, exc: Exception) -> Response:
    # The detail goes to the log only; the client learns nothing about the internals.
    log.error("internal error on %s %s", request.method, request.url.path, exc_info=exc)
    # This answer is sent outside the envelope middleware: add its headers here.
    headers = {k.decode(): v.decode() for k, v in _ALWAYS}
    return _respond(
        request,
        ServerError(
            "The server failed; the error was logged. Retry later.",
            code="internal_error",
            status=500,
            headers=headers,
        ),
    )


class _Envelope:
    """Adds the protocol headers to every response and runs the optional fault hook."""

    def __init__(self, app: ASGIApp, fault_hook: FaultHook | None) -> None:
        self.app = app
        self.fault_hook = fault_hook

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *_ALWAYS]
            await send(message)

        if self.fault_hook is not None:
            request = Request(scope, receive)
            injected = await self.fault_hook(request)
            if injected is not None:
                await body.drain(request, idle_timeout=5.0)
                await injected(scope, receive, send_with_headers)
                return
        await self.app(scope, receive, send_with_headers)


async def _background(svc: Services) -> None:
    """The replica's periodic jobs: the expiry sweep every `sweep_interval` seconds, and (on
    shared backends) the renewal of the upload leases it holds."""
    period = svc.config.sweep_interval
    renew = svc.config.lock_steal_after / 3
    if isinstance(svc.uploads, SharedUploadStore):
        period = min(period, renew)
    next_sweep = anyio.current_time() + svc.config.sweep_interval
    while True:
        await anyio.sleep(period)
        try:
            if isinstance(svc.uploads, SharedUploadStore):
                await anyio.to_thread.run_sync(svc.uploads.renew)
            if anyio.current_time() >= next_sweep:
                next_sweep = anyio.current_time() + svc.config.sweep_interval
                swept = await svc.uploads.sweep(force=True)
                if swept:
                    log.info("expired %d uploads", swept)
        except Exception:
            # A database or store outage must not end the loop: the next round retries.
            log.exception("periodic job failed")


async def background(app: Starlette) -> None:
    """Run the periodic jobs of an app built by `create_app` (until cancelled)."""
    await _background(app.state.services)


def create_app(config: ServerConfig, *, fault_hook: FaultHook | None = None) -> Starlette:
    """The API v1 application over `config.data_dir` (created if missing), or over shared
    backends when the config names them (`server.shared_services`)."""
    config.data_dir.mkdir(parents=True, exist_ok=True)
    org_recipient = orgkey.load_recipient(config.data_dir, config.org_recipient)
    if config.shared:
        return _assemble(shared_services(config, org_recipient), fault_hook)
    uploads = UploadStore(config.data_dir, UploadLimits.of(config))
    svc = Services(
        config=config,
        users=UserStore(config.data_dir, scrypt_n=config.scrypt_n),
        sessions=SessionStore(
            config.data_dir, access_ttl=config.access_ttl, refresh_ttl=config.refresh_ttl
        ),
        uploads=uploads,
        recordings=RecordingStore(config.data_dir, uploads),
        org_recipient=org_recipient,
        throttle=LoginThrottle(
            account_failures=config.login_failures_allowed,
            address_failures=config.login_failures_per_address,
            base_delay=config.login_failure_window,
        ),
        devices=DeviceProofs(config.data_dir, ttl=config.device_proof_ttl),
    )
    return _assemble(svc, fault_hook)


def _assemble(svc: Services, fault_hook: FaultHook | None) -> Starlette:
    app = Starlette(
        routes=[*api.routes(), *tus.routes()],
        exception_handlers={
            ServerError: _server_error,
            HTTPException: _http_error,
            Exception: _internal_error,
        },
    )
    app.state.services = svc
    app.add_middleware(_Envelope, fault_hook=fault_hook)
    return app
