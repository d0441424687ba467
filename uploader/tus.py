"""A tus 1.0 client: one chunk's upload as a state machine that reads top to bottom.

create (POST, with the first piece when the server offers creation-with-upload) → PATCH pieces
→ done; after any failure: back off if needed, then HEAD and resume from the server's offset
(the ciphertext never changes, so any byte offset is a valid place to continue). Status
handling (docs/uploader.md §2):

    409 → HEAD and resume          423/429/5xx → back off (Retry-After honoured), then HEAD
    401 → refresh, keep the URL    404/410 → the upload is gone: create it again
    460 → resend that PATCH        422 sha256_mismatch → the server discarded it: create again

The upload URL and offset are handed to `on_persist` after creation and after every piece, so
a restarted process resumes mid-chunk from the outbox instead of starting over. `on_progress`
hears when the server has more bytes; `on_sending`, when set, hears each block of a request
body as it goes out (`job.sent`), so a long PATCH shows progress before its answer.
"""

from __future__ import annotations

import base64
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from uploader.body import PieceBody
from uploader.errors import AuthError, ForeignOriginError, ProtocolError, UploadError
from uploader.ratelimit import TokenBucket
from uploader.retry import Backoff, ChunkRetries, Waiter, should_retry
from uploader.transport import Body, Reply, Transport, status_error
from uploader.tus_headers import (
    OCTET,
    TUS_VERSION,
    ServerCaps,
    digest_header,
    encode_metadata,
    offset_header,
    resolve_location,
    same_origin,
)

log = logging.getLogger(__name__)

DEFAULT_PIECE = 8 * 1024 * 1024  # the first piece, before the link's speed is known
MAX_PIECE = 64 * 1024 * 1024  # never more in one request
MIN_PIECE = 1024 * 1024  # never less (unless piece_size is set smaller)
PIECE_SECONDS = 2.0  # pieces are sized to take about this long at the measured speed
PIECE_QUANTUM = 256 * 1024  # sizes are rounded to this, so that predictions often hold
IMMEDIATE_REPAIRS = 3  # 409/460/404/401 repaired at once this many times, then with backoff


class Stopped(UploadError):
    """The upload was asked to stop (app quit, logout). Code `stopped`; nothing is lost."""

    code = "stopped"


class AuthProvider(Protocol):
    """Where the Authorization header comes from (a session, a static token, or nothing)."""

    def authorization(self) -> str | None:
        """The `Authorization` header value, or None to send none."""
        ...

    def unauthorized(self, reply: Reply) -> None:
        """Called on a 401: refresh the token (the request is then retried with the same upload
        URL), or raise AuthError when only the user can help (signed out, superseded)."""
        ...


@dataclass
class UploadJob:
    """One chunk to upload. `url`/`offset` start from what the outbox persisted."""

    chunk_id: str
    recording_id: str
    data: bytes
    metadata: Mapping[str, str]
    url: str | None = None
    offset: int = 0
    bytes_sent: int = 0  # body bytes put on the wire (re-sent bytes included), for reports
    create_failed: bool = False  # a creation's answer was lost: next time create without body
    sha256: str | None = None  # hex sha256 of `data` when the caller has verified it already
    in_flight: int = 0  # body bytes of the request under way handed to the network so far

    @property
    def length(self) -> int:
        """Total bytes of the chunk's ciphertext."""
        return len(self.data)

    @property
    def sent(self) -> int:
        """Bytes of the chunk the server has, plus those of the request under way."""
        return min(self.length, self.offset + self.in_flight)


class _Gone(Exception):
    """The upload URL is no longer valid (404/410/422): create the upload again."""


class _Conflict(Exception):
    """409 (offset mismatch): HEAD and resume."""


class _ChecksumRejected(Exception):
    """460: the body arrived damaged, nothing of it kept; resend the same PATCH."""


class _Unauthorized(Exception):
    def __init__(self, reply: Reply) -> None:
        super().__init__("401")
        self.reply = reply


@dataclass
class TusClient:
    """Uploads chunks to one tus creation URL. One call of `upload` at a time."""

    transport: Transport
    endpoint: str  # the tus creation URL
    auth: AuthProvider | None = None
    piece_size: int = DEFAULT_PIECE
    max_piece: int = MAX_PIECE
    piece_seconds: float = PIECE_SECONDS
    limiter: TokenBucket | None = None
    waiter: Waiter = field(default_factory=Waiter)
    on_persist: Callable[[UploadJob], None] = lambda job: None  # url/offset changed
    on_progress: Callable[[UploadJob], None] = lambda job: None  # the server has more bytes
    on_sending: Callable[[UploadJob], None] | None = None  # a body block went out (job.sent)
    on_wait: Callable[[BaseException, float], None] = lambda err, delay: None  # backing off
    backoff_factory: Callable[[], Backoff] = Backoff
    _caps: ServerCaps | None = field(default=None, init=False)
    _rate: float | None = field(default=None, init=False)  # bytes/s of recent bodies (EMA)
    _cautious: bool = field(default=False, init=False)  # after a failure: no bigger than start
    _retries: ChunkRetries = field(default_factory=ChunkRetries, init=False)  # per-chunk backoff

    # -- public surface ---------------------------------------------------------------------

    def use_endpoint(self, endpoint: str) -> None:
        """Points the client at a (possibly new) creation URL; a new one forgets what was
        learnt about the old (its capabilities)."""
        if endpoint != self.endpoint:
            self.endpoint = endpoint
            self._caps = None
            self._retries.clear()

    def caps(self) -> ServerCaps:
        """The server's tus capabilities (OPTIONS, asked once and remembered)."""
        if self._caps is None:
            reply = self._send("OPTIONS", self.endpoint)
            if reply.status not in (200, 204):
                raise status_error(reply, "OPTIONS")
            self._caps = ServerCaps.from_reply(reply)
        return self._caps

    def upload(self, job: UploadJob) -> None:
        """Sends `job` until the server has every byte. Retries transient failures forever
        (calling `on_wait` before each pause); raises Stopped when stopped, and the errors only
        a person can fix (AuthError, TLSError, a refused request) after reporting them."""
        # The chunk's backoff outlives this call: a chunk created again and again (its URL
        # always gone, its receipt always discarded) keeps backing off instead of starting over.
        retry = self._retries.get(job.chunk_id, self.backoff_factory)
        backoff = retry.backoff
        need_head = job.url is not None  # a persisted URL is a hint: ask the server first
        while True:
            if self.waiter.stopped:
                raise Stopped("upload stopped")
            try:
                caps = self.caps()
                if job.url is None:
                    self._create(job, caps)
                    retry.advanced(job.offset)  # a creation alone is no progress
                elif need_head:
                    self._head(job)
                need_head = False
                while job.offset < job.length:
                    if self.waiter.stopped:
                        raise Stopped("upload stopped")
                    self._patch(job, caps)
                    retry.advanced(job.offset)
                return
            except _Gone:
                job.url, job.offset, need_head = None, 0, False
                self.on_persist(job)
                self._repair_pause(backoff, ProtocolError("upload gone", code="upload_gone"))
            except _Conflict:
                need_head = True
                self._repair_pause(backoff, ProtocolError("offset conflict", code="conflict"))
            except _ChecksumRejected:
                # Nothing of that body was kept: the same PATCH (or POST) goes again.
                self._repair_pause(backoff, ProtocolError("checksum", code="checksum_mismatch"))
            except _Unauthorized as exc:
                if self.auth is None:
                    raise AuthError("the server wants a sign-in", code="auth_needed") from None
                self.auth.unauthorized(exc.reply)  # raises AuthError when it cannot help
                # Same URL, same step again: the request never got through.
                self._repair_pause(backoff, ProtocolError("401 after refresh", code="auth_retry"))
            except UploadError as exc:
                if isinstance(exc, Stopped) or not should_retry(exc):
                    raise
                if self.waiter.stopped:  # stop() closed the connection under this request
                    raise Stopped("upload stopped") from exc
                self._cautious = True  # the next piece no bigger than the first one
                delay = backoff.failed(exc)
                log.info("upload of %s waits %.1fs: %s", job.chunk_id, delay, exc.code)
                self.on_wait(exc, delay)
                self.waiter.wait(delay)
                need_head = job.url is not None

    def head(self, url: str) -> tuple[int, int | None]:
        """(Upload-Offset, Upload-Length) of an upload; raises HTTPStatusError otherwise."""
        reply = self._send("HEAD", url, {"Cache-Control": "no-store"})
        if reply.status == 401:
            raise AuthError("the server wants a sign-in", code="auth_needed")
        offset = offset_header(reply)
        if reply.status not in (200, 204) or offset is None:
            raise status_error(reply, "HEAD")
        return offset, offset_header(reply, "Upload-Length")

    def terminate(self, url: str) -> None:
        """DELETE an upload (termination extension); gone already is fine."""
        reply = self._send("DELETE", url)
        if reply.status not in (200, 204, 404, 410):
            raise status_error(reply, "DELETE")

    # -- steps ------------------------------------------------------------------------------

    def _create(self, job: UploadJob, caps: ServerCaps) -> None:
        """POST: a new upload (or, on a server with idempotent creation, the existing one)."""
        if caps.max_size is not None and job.length > caps.max_size:
            raise UploadError(
                f"chunk {job.chunk_id} is larger than the server accepts",
                code="upload_too_large",
                size=job.length,
                max_size=caps.max_size,
            )
        headers = {
            "Upload-Length": str(job.length),
            "Upload-Metadata": encode_metadata(job.metadata),
        }
        body: Body = None
        piece = memoryview(b"")
        # After a lost creation answer the server may already hold the first piece (idempotent
        # creation tells us): ask without a body rather than send those bytes again.
        if caps.creation_with_upload and job.length > 0 and not job.create_failed:
            piece = memoryview(job.data)[: self._piece_size()]
            headers["Content-Type"] = OCTET
            digest = self._digest(caps.checksum_algorithm, job, 0, len(piece))
            if digest:
                headers["Upload-Checksum"] = digest
            body = self._body(piece, job)
            job.bytes_sent += len(piece)
        job.create_failed = True  # until an answer arrives
        started = time.monotonic()
        try:
            reply = self._send("POST", self.endpoint, headers, body)
        finally:
            job.in_flight = 0
        job.create_failed = False
        if reply.status == 401:
            raise _Unauthorized(reply)
        if reply.status == 460:
            job.sha256 = None  # do not trust the caller's digest again
            raise _ChecksumRejected()
        if reply.status not in (200, 201):
            raise status_error(reply, "create")
        location = reply.headers.get("Location")
        if not location:
            raise ProtocolError("the server created an upload without a Location")
        job.url = resolve_location(reply.url, location)
        if len(piece):
            self._measured(len(piece), time.monotonic() - started)
        offset = offset_header(reply)
        job.offset = offset if offset is not None and offset <= job.length else 0
        self.on_persist(job)
        if job.offset:
            self.on_progress(job)

    def _head(self, job: UploadJob) -> None:
        """Asks the server how much it has; the only source of truth for where to resume."""
        assert job.url is not None
        reply = self._send("HEAD", job.url, {"Cache-Control": "no-store"})
        if reply.status == 401:
            raise _Unauthorized(reply)
        if reply.status in (404, 410):
            raise _Gone()
        offset = offset_header(reply)
        if reply.status not in (200, 204):
            raise status_error(reply, "HEAD")
        if offset is None or offset > job.length:
            raise ProtocolError(f"HEAD gave an unusable offset for {job.url}", url=job.url)
        length = offset_header(reply, "Upload-Length")
        if length is not None and length != job.length:
            # Someone else's upload behind this URL, or one with another length: start anew.
            raise _Gone()
        if offset != job.offset:
            job.offset = offset
            self.on_persist(job)
        self.on_progress(job)

    def _patch(self, job: UploadJob, caps: ServerCaps) -> None:
        """Sends the next piece from the server's offset."""
        assert job.url is not None
        start = job.offset
        end = min(job.length, start + self._piece_size())
        piece = memoryview(job.data)[start:end]
        headers = {"Upload-Offset": str(start), "Content-Type": OCTET}
        digest = self._digest(caps.checksum_algorithm, job, start, end)
        if digest:
            headers["Upload-Checksum"] = digest
        job.bytes_sent += end - start
        started = time.monotonic()
        try:
            reply = self._send("PATCH", job.url, headers, self._body(piece, job))
        finally:
            job.in_flight = 0
        if reply.status == 401:
            raise _Unauthorized(reply)
        if reply.status in (404, 410):
            raise _Gone()
        if reply.status == 409:
            raise _Conflict()
        if reply.status == 460:
            job.sha256 = None  # do not trust the caller's digest again
            raise _ChecksumRejected()
        if reply.status == 422:
            # The completed upload's sha256 differed from the declared one; it is discarded.
            log.warning("server discarded %s: sha256 mismatch; creating it again", job.chunk_id)
            raise _Gone()
        if reply.status not in (200, 204):
            raise status_error(reply, "PATCH")
        offset = offset_header(reply)
        if offset is None or offset < start or offset > job.length:
            raise ProtocolError(f"PATCH answered an unusable offset for {job.url}", url=job.url)
        job.offset = offset
        self._measured(end - start, time.monotonic() - started)
        self.on_persist(job)
        self.on_progress(job)

    # -- helpers ----------------------------------------------------------------------------

    def _repair_pause(self, backoff: Backoff, error: UploadError) -> None:
        """409/460/401/404 are repaired at once a few times; if they keep coming without
        progress, something else is wrong, so the repairs start to back off."""
        if backoff.attempt < IMMEDIATE_REPAIRS:
            backoff.attempt += 1
            return
        delay = backoff.failed(error)
        self.on_wait(error, delay)
        self.waiter.wait(delay)

    def _body(self, piece: bytes | memoryview, job: UploadJob) -> Body:
        """The piece as it goes out: plain bytes unless paced or watched (a PieceBody)."""
        on_sending = self.on_sending
        if self.limiter is None and on_sending is None:
            return piece

        def went_out(n: int) -> None:
            job.in_flight = n
            if on_sending is not None:
                on_sending(job)

        return PieceBody(piece, self.limiter, on_read=went_out)

    def _piece_size(self) -> int:
        """Bytes for the next request body: about `piece_seconds` at the measured speed,
        between MIN_PIECE and `max_piece`; `piece_size` while the speed is unknown, and no
        more than that right after a failure (a cut checksummed piece is lost whole, so a
        flaky link gets small pieces and a fast one few round trips and server fsyncs)."""
        if self._rate is None:
            return self.piece_size
        floor = min(self.piece_size, MIN_PIECE)
        size = int(self._rate * self.piece_seconds) // PIECE_QUANTUM * PIECE_QUANTUM
        size = max(floor, min(self.max_piece, size))
        return min(size, self.piece_size) if self._cautious else size

    def _measured(self, nbytes: int, seconds: float) -> None:
        """Folds one body's speed into the estimate; a success ends the caution."""
        self._cautious = False
        if nbytes < PIECE_QUANTUM or seconds <= 0:
            return  # too small to say anything about the link
        sample = nbytes / seconds
        self._rate = sample if self._rate is None else 0.5 * self._rate + 0.5 * sample

    def _digest(self, algo: str | None, job: UploadJob, start: int, end: int) -> str | None:
        """Upload-Checksum of job.data[start:end]. A piece that is the whole chunk uses the
        sha256 the caller already verified (most chunks fit in one piece: no hashing at
        all); any other piece is hashed here, just before it is sent."""
        if algo is None:
            return None
        if algo == "sha256" and job.sha256 and start == 0 and end == job.length:
            return f"sha256 {base64.b64encode(bytes.fromhex(job.sha256)).decode('ascii')}"
        return digest_header(algo, memoryview(job.data)[start:end])

    def _send(
        self, method: str, url: str, headers: Mapping[str, str] | None = None, body: Body = None
    ) -> Reply:
        # The token (and the chunk) go only to the endpoint's origin, whatever URL reached here.
        if not same_origin(url, self.endpoint):
            raise ForeignOriginError(f"refusing {method} to another origin: {url}", url=url)
        all_headers = {"Tus-Resumable": TUS_VERSION, **(headers or {})}
        if self.auth is not None:
            authorization = self.auth.authorization()
            if authorization:
                all_headers["Authorization"] = authorization
        return self.transport.request(method, url, headers=all_headers, body=body)
