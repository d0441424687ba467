"""The tus 1.0.0 endpoint (docs/protocol.md §5): OPTIONS, creation (with upload), HEAD, PATCH,
DELETE, with checksum and expiration."""

from __future__ import annotations

import base64
import binascii
import email.utils
import re

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from server import body
from server import validate as v
from server.append import BodyCut
from server.errors import ServerError, invalid
from server.services import authenticate, base_url, services
from server.upload_record import NewUpload, Upload

TUS_VERSION = "1.0.0"
EXTENSIONS = "creation,creation-with-upload,checksum,termination,expiration"
CHECKSUM_ALGORITHMS = {"sha256": 32, "sha1": 20}
OFFSET_TYPE = "application/offset+octet-stream"
MAX_METADATA = 8192
_META_KEY_RE = re.compile(r"[A-Za-z0-9_.-]{1,64}")
_MAX_INDEX = 10_000_000


def _check_version(request: Request) -> None:
    if request.headers.get("tus-resumable") != TUS_VERSION:
        raise ServerError(
            "This server speaks tus 1.0.0: send 'Tus-Resumable: 1.0.0'.",
            code="unsupported_version",
            status=412,
            headers={"Tus-Version": TUS_VERSION},
        )


def parse_metadata(header: str) -> dict[str, str]:
    """Decode a tus `Upload-Metadata` header: `key base64,key base64`; 400 if malformed."""
    if len(header) > MAX_METADATA:
        raise ServerError("Upload-Metadata is too long.", code="bad_request", field="metadata")
    out: dict[str, str] = {}
    for pair in header.split(","):
        parts = pair.strip(" \t").split(" ")  # OWS only: a key with \r or \n is malformed
        key = parts[0]
        if not _META_KEY_RE.fullmatch(key) or len(parts) > 2 or key in out:
            raise ServerError(
                "Upload-Metadata is malformed (expected 'key base64,key base64').",
                code="bad_request",
                field="metadata",
            )
        try:
            raw = base64.b64decode(parts[1], validate=True) if len(parts) == 2 else b""
            out[key] = raw.decode("utf-8")
        except ValueError:  # binascii.Error, UnicodeDecodeError, and non-ASCII text in the value
            raise invalid(key, f"metadata '{key}' is not base64 of UTF-8 text") from None
    return out


def _new_upload(request: Request, max_size: int) -> NewUpload:
    if "upload-defer-length" in request.headers:
        raise ServerError(
            "Upload-Defer-Length is not supported: send Upload-Length.",
            code="bad_request",
            field="Upload-Defer-Length",
        )
    length_text = request.headers.get("upload-length")
    if length_text is None:
        raise ServerError("Upload-Length is required.", code="bad_request", field="Upload-Length")
    length = v.int_text(length_text, "Upload-Length", lo=1, hi=2**62)
    if length > max_size:
        raise ServerError(
            f"The upload is larger than this server accepts ({max_size} bytes).",
            code="upload_too_large",
            status=413,
        )
    header = request.headers.get("upload-metadata")
    if header is None:
        raise ServerError(
            "Upload-Metadata is required.", code="bad_request", field="Upload-Metadata"
        )
    meta = parse_metadata(header)
    for key in ("chunk_id", "recording_id", "index", "sha256", "size"):
        if key not in meta:
            raise invalid(key, f"metadata '{key}' is required")
    size = v.int_text(meta["size"], "size", lo=1, hi=2**62)
    if size != length:
        raise invalid("size", "metadata 'size' must equal Upload-Length")
    if "duration" in meta:
        v.float_text(meta["duration"], "duration", lo=0, hi=1e9)
    if "started_at" in meta:
        v.float_text(meta["started_at"], "started_at", lo=0, hi=1e11)
    if "device_id" in meta and not v.DEVICE_ID_RE.fullmatch(meta["device_id"]):
        raise invalid("device_id", "metadata 'device_id' has characters that are not allowed")
    return NewUpload(
        chunk_id=v.uuid_str(meta["chunk_id"], "chunk_id"),
        recording_id=v.uuid_str(meta["recording_id"], "recording_id"),
        index=v.int_text(meta["index"], "index", lo=0, hi=_MAX_INDEX),
        sha256=v.sha256_hex(meta["sha256"], "sha256"),
        length=length,
        metadata=header,
    )


def _checksum(request: Request) -> tuple[str, bytes] | None:
    header = request.headers.get("upload-checksum")
    if header is None:
        return None
    algo, _, b64 = header.strip().partition(" ")
    if algo not in CHECKSUM_ALGORITHMS:
        raise ServerError(
            "Upload-Checksum must use sha256 or sha1.",
            code="unsupported_checksum_algorithm",
            status=400,
        )
    try:
        digest = base64.b64decode(b64.strip(), validate=True)
    except binascii.Error:
        digest = b""
    if len(digest) != CHECKSUM_ALGORITHMS[algo]:
        raise ServerError(
            "Upload-Checksum is malformed (expected '<algorithm> <base64 digest>').",
            code="bad_request",
            field="Upload-Checksum",
        )
    return algo, digest


def _has_body(request: Request) -> bool:
    cl = request.headers.get("content-length")
    return (cl is not None and cl != "0") or "transfer-encoding" in request.headers


def _check_offset_type(request: Request) -> None:
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype != OFFSET_TYPE:
        raise ServerError(
            f"Send upload bytes as Content-Type: {OFFSET_TYPE}.",
            code="unsupported_media_type",
            status=415,
        )


def _check_fits(request: Request, up: Upload, offset: int) -> None:
    cl = request.headers.get("content-length")
    if cl is not None and cl.isdigit() and offset + int(cl) > up.length:
        raise ServerError(
            "The body goes past Upload-Length; nothing of it was stored.",
            code="length_exceeded",
            status=400,
        )


def _state_headers(request: Request, up: Upload) -> dict[str, str]:
    headers = {"Upload-Offset": str(up.offset)}
    expires = up.expires_at(services(request).uploads.expiry)
    if expires is not None:
        headers["Upload-Expires"] = email.utils.formatdate(expires, usegmt=True)
    return headers


async def _write(request: Request, up: Upload, checksum: tuple[str, bytes] | None) -> None:
    """Append the request body to `up` under its lock (the caller checked the offset)."""
    svc = services(request)
    stream = body.stream(request, idle_timeout=svc.config.body_timeout)
    await svc.uploads.append(up, stream, checksum=checksum)


def _body_timeout() -> ServerError:
    return ServerError(
        "No upload bytes arrived for too long; the bytes received were kept. Resume from HEAD.",
        code="body_timeout",
        status=408,
    )


async def options(request: Request) -> Response:
    """Discovery: what this tus server offers."""
    return Response(
        status_code=204,
        headers={
            "Tus-Version": TUS_VERSION,
            "Tus-Extension": EXTENSIONS,
            "Tus-Checksum-Algorithm": ",".join(CHECKSUM_ALGORITHMS),
            "Tus-Max-Size": str(services(request).config.max_upload_size),
        },
    )


async def create(request: Request) -> Response:
    """Creation (idempotent by chunk_id), with an optional first body."""
    _check_version(request)
    session = await authenticate(request)
    svc = services(request)
    new = _new_upload(request, svc.config.max_upload_size)
    with_body = _has_body(request)
    checksum = None
    if with_body:
        _check_offset_type(request)
        checksum = _checksum(request)
    link = f"{base_url(request)}/files/{{}}"
    up, _created = await svc.uploads.create(session.user_id, new)
    if with_body and up.offset == 0 and up.state == "active":
        _check_fits(request, up, 0)
        try:
            async with svc.uploads.lock(up):
                await _write(request, up, checksum)
        except BodyCut:
            pass  # answer with what was kept (if the client is still there to read it)
        except ServerError as err:
            if err.code not in ("checksum_mismatch", "upload_locked"):
                raise
            # The upload exists: the client learns its URL and the offset kept, and goes on
            # with PATCH from there (a concurrent twin of this creation may be writing it).
    # A body not used (idempotent repeat) is read off, so the client reliably gets the answer.
    await body.drain(request, idle_timeout=svc.config.body_timeout)
    headers = {"Location": link.format(up.upload_id), **_state_headers(request, up)}
    return Response(status_code=201, headers=headers)


async def head(request: Request) -> Response:
    """The upload's offset and length."""
    _check_version(request)
    session = await authenticate(request)
    up = await services(request).uploads.get(session.user_id, request.path_params["upload_id"])
    headers = {
        "Upload-Length": str(up.length),
        "Upload-Metadata": up.metadata,
        "Cache-Control": "no-store",
        **_state_headers(request, up),
    }
    return Response(status_code=200, headers=headers)


async def patch(request: Request) -> Response:
    """Append bytes at the client's offset."""
    _check_version(request)
    session = await authenticate(request)
    svc = services(request)
    up = await svc.uploads.get(session.user_id, request.path_params["upload_id"])
    _check_offset_type(request)
    offset_text = request.headers.get("upload-offset")
    if offset_text is None:
        raise ServerError("Upload-Offset is required.", code="bad_request", field="Upload-Offset")
    offset = v.int_text(offset_text, "Upload-Offset", lo=0, hi=2**62)
    checksum = _checksum(request)
    async with svc.uploads.lock(up):
        if offset != up.offset:
            raise ServerError(
                "Upload-Offset is not the server's offset; HEAD and resume from there.",
                code="offset_mismatch",
                status=409,
                headers={"Upload-Offset": str(up.offset)},
                offset=up.offset,
            )
        _check_fits(request, up, offset)
        if up.state == "active":
            svc.uploads.check_space(up.length - up.offset, promised=False)
            try:
                await _write(request, up, checksum)
            except BodyCut as cut:
                if "timeout" in str(cut):
                    raise _body_timeout() from None
                # The client is gone; this answer is for the log only.
                return Response(status_code=400)
    await body.drain(request, idle_timeout=svc.config.body_timeout)
    return Response(status_code=204, headers=_state_headers(request, up))


async def delete(request: Request) -> Response:
    """Termination."""
    _check_version(request)
    session = await authenticate(request)
    svc = services(request)
    up = await svc.uploads.get(session.user_id, request.path_params["upload_id"])
    async with svc.uploads.lock(up):
        await svc.uploads.terminate(up)
    return Response(status_code=204)


def routes() -> list[Route]:
    """The tus routes, mounted at `/files/`."""
    return [
        Route("/files/", options, methods=["OPTIONS"]),
        Route("/files/", create, methods=["POST"]),
        Route("/files/{upload_id:str}", head, methods=["HEAD"]),
        Route("/files/{upload_id:str}", patch, methods=["PATCH"]),
        Route("/files/{upload_id:str}", delete, methods=["DELETE"]),
        Route("/files/{upload_id:str}", options, methods=["OPTIONS"]),
    ]
