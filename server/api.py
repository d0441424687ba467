"""The JSON endpoints of API v1 (docs/protocol.md §3, §6, §7): sessions, receipts, recordings."""

from __future__ import annotations

from typing import Any

import anyio
import anyio.to_thread
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from server import body
from server import validate as v
from server.devices import PROOF_RE
from server.errors import ServerError
from server.pace import Pace
from server.recordings import validate_manifest
from server.services import (
    authenticate,
    base_url,
    client_address,
    require_current_client,
    services,
)
from server.sessions import Tokens
from server.upload_record import sha256_mismatch

API_VERSION = 1
# scrypt takes 128 MiB per call: at most two at once bounds memory under a login storm.
_SCRYPT_SLOTS = anyio.CapacityLimiter(2)


async def _json(request: Request) -> dict[str, Any]:
    cfg = services(request).config
    pace = Pace(cfg.body_timeout, cfg.min_rate, cfg.rate_grace)
    return await body.read_json(request, limit=cfg.max_json_size, pace=pace)


async def _token_body(request: Request, tokens: Tokens, **extra: str) -> dict[str, Any]:
    svc = services(request)
    s = tokens.session
    recipient = await anyio.to_thread.run_sync(svc.recipient, s.user_id)
    return {
        **extra,
        "access_token": tokens.access_token,
        "refresh_token": tokens.refresh_token,
        "token_type": "Bearer",
        "expires_in": int(svc.config.access_ttl),
        "refresh_expires_in": int(svc.config.refresh_ttl),
        "user_id": s.user_id,
        "session_id": s.session_id,
        "org_recipient": recipient,
        "tus_endpoint": f"{base_url(request)}/files/",
        "api_version": API_VERSION,
    }


async def login(request: Request) -> Response:
    """POST /api/v1/session: password login; supersedes the account's live session."""
    doc = await _json(request)
    user = v.req_string(doc, "user", min_len=1, max_len=64, pattern=v.USER_RE)
    password = v.req_string(doc, "password", min_len=1, max_len=1024, allow_control=True)
    device_id = v.req_string(doc, "device_id", min_len=1, max_len=64, pattern=v.DEVICE_ID_RE)
    device_name = v.string(doc, "device_name", max_len=128, required=False) or ""
    version = v.req_string(doc, "client_version", min_len=1, max_len=32, pattern=v.VERSION_RE)
    proof = v.string(doc, "device_proof", max_len=43, pattern=PROOF_RE, required=False)
    require_current_client(request, version)  # before the password: nothing to gain by trying
    svc = services(request)
    known = proof is not None and await anyio.to_thread.run_sync(
        svc.devices.check, user, device_id, proof
    )
    keys = svc.throttle.keys(client_address(request), user, device=device_id if known else None)
    # Counted here, before the slow hash (docs/protocol.md §4).
    await svc.throttle.admit_when_settled(keys)
    account = None
    try:
        account = await anyio.to_thread.run_sync(
            svc.users.verify, user, password, limiter=_SCRYPT_SLOTS
        )
    finally:
        with anyio.CancelScope(shield=True):  # counted even when the client hangs up
            await svc.throttle.outcome(keys, right=account is not None)
    if account is None:
        raise ServerError(
            "The user name or password is wrong.", code="invalid_credentials", status=401
        )
    user_id = account.user_id

    def _open() -> tuple[Tokens, str]:
        tokens = svc.sessions.login(
            user_id, device_id=device_id, device_name=device_name, client_version=version
        )
        return tokens, svc.devices.issue(user_id, device_id)

    tokens, new_proof = await anyio.to_thread.run_sync(_open)
    body_ = await _token_body(request, tokens, device_proof=new_proof)
    return JSONResponse(body_, status_code=201)


async def refresh(request: Request) -> Response:
    """POST /api/v1/session/refresh: rotate the token pair."""
    doc = await _json(request)
    token = v.req_string(doc, "refresh_token", min_len=1, max_len=200)
    # Before the rotation, so a refused client keeps a refresh token that works once updated.
    require_current_client(request)
    svc = services(request)
    tokens = await anyio.to_thread.run_sync(svc.sessions.refresh, token)
    return JSONResponse(await _token_body(request, tokens), status_code=200)


async def logout(request: Request) -> Response:
    """DELETE /api/v1/session."""
    session = await authenticate(request)
    await anyio.to_thread.run_sync(services(request).sessions.logout, session.session_id)
    return Response(status_code=204)


async def whoami(request: Request) -> Response:
    """GET /api/v1/session."""
    session = await authenticate(request)
    recipient = await anyio.to_thread.run_sync(services(request).recipient, session.user_id)
    return JSONResponse(
        {
            "user_id": session.user_id,
            "session_id": session.session_id,
            "expires_at": session.access_expires,
            "org_recipient": recipient,
            "tus_endpoint": f"{base_url(request)}/files/",
            "api_version": API_VERSION,
        }
    )


async def receipt(request: Request) -> Response:
    """GET /api/v1/chunks/{chunk_id}: size and sha256 computed over the stored bytes."""
    session = await authenticate(request)
    chunk_id = v.uuid_str(request.path_params["chunk_id"], "chunk_id")
    up = await services(request).uploads.by_chunk(session.user_id, chunk_id)
    if up is None:
        raise ServerError("The server holds no upload of this chunk.", code="not_found", status=404)
    if up.state == "rejected":
        raise sha256_mismatch(up)
    complete = up.state == "complete"
    uploads = services(request).uploads
    expires = up.expires_at(uploads.expiry) or up.claim_by(uploads.complete_expiry)
    return JSONResponse(
        {
            "chunk_id": up.chunk_id,
            "recording_id": up.recording_id,
            "index": up.index,
            "complete": complete,
            "size": up.length,
            "sha256": up.sha256 if complete else None,
            "offset": up.offset,
            "received_at": up.received_at,
            "expires_at": expires,
            "upload_url": f"{base_url(request)}/files/{up.upload_id}",
        }
    )


async def put_recording(request: Request) -> Response:
    """PUT /api/v1/recordings/{recording_id}: the manifest; complete or 409 missing_chunks."""
    session = await authenticate(request)
    rid = v.uuid_str(request.path_params["recording_id"], "recording_id")
    manifest = validate_manifest(rid, await _json(request))
    svc = services(request)
    result = await svc.recordings.put(session.user_id, manifest)
    body: dict[str, object] = {
        "recording_id": rid,
        "complete": True,
        "chunks": result.chunks,
        "size": result.size,
    }
    if svc.config.web_url_base:
        body["web_url"] = svc.config.web_url_base + rid
    return JSONResponse(body, status_code=201 if result.created else 200)


async def get_recording(request: Request) -> Response:
    """GET /api/v1/recordings/{recording_id}."""
    session = await authenticate(request)
    rid = v.uuid_str(request.path_params["recording_id"], "recording_id")
    doc = await anyio.to_thread.run_sync(services(request).recordings.get, session.user_id, rid)
    if doc is None:
        raise ServerError("No complete recording with this id.", code="not_found", status=404)
    return JSONResponse({"recording_id": rid, "complete": True, "manifest": doc["manifest"]})


def routes() -> list[Route]:
    """The JSON API routes under /api/v1."""
    return [
        Route("/api/v1/session", login, methods=["POST"]),
        Route("/api/v1/session", logout, methods=["DELETE"]),
        Route("/api/v1/session", whoami, methods=["GET"]),
        Route("/api/v1/session/refresh", refresh, methods=["POST"]),
        Route("/api/v1/chunks/{chunk_id:str}", receipt, methods=["GET"]),
        Route("/api/v1/recordings/{recording_id:str}", put_recording, methods=["PUT"]),
        Route("/api/v1/recordings/{recording_id:str}", get_recording, methods=["GET"]),
    ]
