"""One sync pass: every pending chunk, oldest recording first, goes through
upload → receipt → confirm → erase; then the manifests of finished recordings.

The engine never deletes anything the server has not proven it holds: `erase_chunk` follows
only a matching receipt (or, on a plain tus server, a fresh complete HEAD). A mismatching
receipt keeps the local chunk, discards the server's copy (tus termination) and sends it again.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from outbox import ChunkInfo, ChunkState, EventBus, Outbox, OutboxError
from uploader.errors import (
    AuthError,
    ClientTooOld,
    CustodyError,
    ForeignOriginError,
    InsecureURLError,
    ProtocolError,
    TLSError,
    UploadError,
)
from uploader.events import (
    ChunkConfirmed,
    ChunkErased,
    ManifestSent,
    ReceiptMismatch,
    RecordingProgress,
    UploadStarted,
)
from uploader.progress import ProgressThrottle
from uploader.receipts import Confirmer, Verdict
from uploader.retry import Backoff, GiveUp, Waiter, should_retry
from uploader.tus import Stopped, TusClient, UploadJob
from uploader.tus_headers import under_endpoint

log = logging.getLogger(__name__)

MAX_RECEIPT_ROUNDS = 5  # upload+receipt rounds for one chunk in one pass before giving up a pass


@dataclass
class PassSummary:
    """What one pass did, and what is left."""

    confirmed: int = 0
    erased: int = 0
    manifests: int = 0
    mismatches: int = 0
    bytes_sent: int = 0  # body bytes put on the wire, re-sent ones included
    pending: int = 0  # chunks still pending after the pass
    manifests_pending: int = 0
    failures: dict[str, str] = field(default_factory=dict)  # chunk or recording id -> code

    @property
    def drained(self) -> bool:
        """Everything confirmed and every finished recording's manifest accepted."""
        return self.pending == 0 and self.manifests_pending == 0


def chunk_metadata(chunk: ChunkInfo, device_id: str) -> dict[str, str]:
    """The tus Upload-Metadata of docs/protocol.md §5.2."""
    meta = {
        "chunk_id": chunk.id,
        "recording_id": chunk.recording_id,
        "index": str(chunk.index),
        "sha256": chunk.sha256,
        "size": str(chunk.size),
        "duration": repr(float(chunk.duration)),
        "started_at": repr(float(chunk.started_at)),
        "filename": f"{chunk.recording_id}-{chunk.index:05d}.flac.age",
    }
    if device_id:
        meta["device_id"] = device_id
    return meta


# Errors after which no other chunk can go either: the pass stops and the scheduler waits.
GLOBAL_ERRORS = (AuthError, TLSError, InsecureURLError, CustodyError, ClientTooOld, GiveUp)


class SyncEngine:
    """Runs passes over the outbox with one tus client and one way of confirming."""

    def __init__(
        self,
        outbox: Outbox,
        tus: TusClient,
        confirmer: Confirmer,
        *,
        events: EventBus | None = None,
        device_id: str = "",
        waiter: Waiter | None = None,
        backoff_factory: Callable[[], Backoff] = Backoff,
        on_wait: Callable[[BaseException, float], None] = lambda e, d: None,
    ) -> None:
        self.outbox = outbox
        self.tus = tus
        self.confirmer = confirmer
        self.events = events
        self.device_id = device_id
        self.waiter = waiter or tus.waiter
        self.backoff_factory = backoff_factory
        self._on_wait = on_wait
        self.current: ChunkInfo | None = None
        self._throttle = ProgressThrottle(self._publish)
        tus.on_persist = self._persist
        tus.on_progress = self._progress
        tus.on_sending = self._progress
        tus.on_wait = self._wait_hook
        tus.waiter = self.waiter
        tus.backoff_factory = backoff_factory

    # -- a pass --------------------------------------------------------------------------

    def run_pass(self, parked: Collection[str] = ()) -> PassSummary:
        """Uploads and confirms every pending chunk, then sends ready manifests. Transient
        failures are retried inside (never given up); a chunk-specific permanent failure skips
        that chunk for this pass; AuthError/TLSError end the pass. Chunk and recording ids in
        `parked` (recent permanent failures, waiting out their delay) are left alone."""
        summary = PassSummary()
        skip: set[str] = set(parked)
        if self.outbox.pending_chunks():
            self._org_recipient()
        while True:
            pending = [c for c in self.outbox.pending_chunks() if c.id not in skip]
            if not pending:
                break
            chunk = pending[0]
            try:
                self.process(chunk, summary)
            except (Stopped, *GLOBAL_ERRORS):
                raise
            except (UploadError, OutboxError) as exc:
                code = getattr(exc, "code", "upload_error")
                log.warning("chunk %s not sent this pass: %s", chunk.id, code)
                summary.failures[chunk.id] = code
                skip.add(chunk.id)
                self._record_failure(chunk.id, code)
        self.send_manifests(summary, skip)
        summary.pending = len(self.outbox.pending_chunks())
        summary.manifests_pending = len(self.outbox.recordings_ready_for_manifest())
        return summary

    def process(self, chunk: ChunkInfo, summary: PassSummary) -> None:
        """One chunk, all the way to erased (or an exception)."""
        self.current = chunk
        try:
            self._process(chunk, summary)
        finally:
            self.current = None

    def _process(self, chunk: ChunkInfo, summary: PassSummary) -> None:
        org = self._org_recipient()
        data, sha256 = self._read_checked(chunk)
        if chunk.org_recipient != org:
            chunk = self._reseal(chunk, org)
            data, sha256 = self._read_checked(chunk)
        url = self._stored_url(chunk)
        job = UploadJob(
            chunk.id,
            chunk.recording_id,
            data,
            chunk_metadata(chunk, self.device_id),
            url=url,
            offset=chunk.upload_offset if url else 0,
            sha256=sha256,  # verified just above: a one-piece upload needs no second hash
        )
        state = chunk.state
        for _round in range(MAX_RECEIPT_ROUNDS):
            if state is not ChunkState.UPLOADED:
                sent_before = job.bytes_sent
                self._publish(UploadStarted(chunk.id, chunk.recording_id, job.length, job.offset))
                self.tus.upload(job)
                summary.bytes_sent += job.bytes_sent - sent_before
            receipt = self.retrying(lambda: self.confirmer.check(job, sha256))
            if receipt.verdict is Verdict.match:
                if state is not ChunkState.UPLOADED:
                    self.outbox.mark_uploaded(chunk.id)
                self.outbox.confirm(chunk.id, sha256=receipt.sha256 or sha256, size=job.length)
                summary.confirmed += 1
                self._publish(ChunkConfirmed(chunk.id, chunk.recording_id, receipt.weaker))
                self.outbox.erase_chunk(chunk.id)
                summary.erased += 1
                self._publish(ChunkErased(chunk.id, chunk.recording_id))
                self._recording_progress(chunk.recording_id)
                return
            if receipt.verdict is Verdict.mismatch:
                summary.mismatches += 1
                log.warning("receipt of %s does not match: sending it again", chunk.id)
                self.outbox.audit.append(
                    "receipt_mismatch", "kept", recording_id=chunk.recording_id, chunk_id=chunk.id
                )
                self._publish(
                    ReceiptMismatch(
                        chunk.id,
                        chunk.recording_id,
                        sha256,
                        job.length,
                        receipt.sha256 or "",
                        receipt.size if receipt.size is not None else -1,
                    )
                )
                if job.url is not None:
                    self.retrying(partial(self.tus.terminate, job.url))
            if state is ChunkState.UPLOADED:
                # Confirmed once, now not: only a fresh upload helps, which the outbox does not
                # allow from `uploaded`. Keep the chunk and report it.
                raise UploadError(
                    f"chunk {chunk.id} was stored but its receipt is now {receipt.verdict}",
                    code="receipt_lost",
                    chunk_id=chunk.id,
                )
            if receipt.verdict in (Verdict.mismatch, Verdict.discarded):
                job.url, job.offset = None, 0
                self._persist(job)
            # incomplete: the next upload() HEADs and sends what is missing

        raise ProtocolError(
            f"chunk {chunk.id}: the server did not confirm it after {MAX_RECEIPT_ROUNDS} rounds",
            code="not_confirmed",
            chunk_id=chunk.id,
        )

    def _stored_url(self, chunk: ChunkInfo) -> str | None:
        """The chunk's stored upload URL when it belongs to the current endpoint. One made for
        another server or endpoint (or planted) is forgotten, never asked: the upload starts
        anew. A chunk already `uploaded` cannot start anew: it stays, with a coded error."""
        url = chunk.upload_url
        if url is None or under_endpoint(url, self.tus.endpoint):
            return url
        if chunk.state is ChunkState.UPLOADED:
            raise ForeignOriginError(
                f"chunk {chunk.id}: its upload URL is not on the tus endpoint",
                code="foreign_upload_url",
                chunk_id=chunk.id,
            )
        log.warning("chunk %s: stored upload URL not under the endpoint, forgotten", chunk.id)
        self.outbox.set_upload(chunk.id, url=None, offset=0)
        return None

    def send_manifests(self, summary: PassSummary, skip: Collection[str] = ()) -> None:
        """PUT the manifest of every stopped recording whose chunks are all confirmed."""
        for rec in self.outbox.recordings_ready_for_manifest():
            if rec.id in skip:
                continue
            manifest = self.outbox.manifest(rec.id)
            try:
                result = self.retrying(partial(self.confirmer.send_manifest, rec.id, manifest))
            except (Stopped, *GLOBAL_ERRORS):
                raise
            except UploadError as exc:
                summary.failures[rec.id] = exc.code
                continue
            if result.complete:
                self.outbox.mark_manifest_sent(rec.id, web_url=result.web_url)
                summary.manifests += 1
                self._publish(ManifestSent(rec.id))
            else:
                # Chunks we already erased cannot be sent again; say so loudly, keep trying.
                log.error(
                    "manifest of %s refused: missing %s, mismatched %s",
                    rec.id,
                    result.missing,
                    result.mismatched,
                )
                summary.failures[rec.id] = "missing_chunks"

    # -- hooks and helpers ---------------------------------------------------------------

    def _org_recipient(self) -> str:
        """The organisation's current recipient; CustodyError(org_recipient_unknown) if none."""
        org = self.outbox.org_recipient
        if org is None:
            # Sent now, a chunk would be one the organisation cannot decrypt, and erased after
            # its receipt: nothing goes until the recipient is known (signed in, or configured).
            raise CustodyError(
                "the organisation's recipient is not known: nothing is uploaded",
                code="org_recipient_unknown",
            )
        return org

    def _read_checked(self, chunk: ChunkInfo) -> tuple[bytes, str]:
        """The chunk's ciphertext and its SHA-256, which must be the index's."""
        data = self.outbox.read_ciphertext(chunk.id)
        sha256 = hashlib.sha256(data).hexdigest()
        if sha256 != chunk.sha256 or len(data) != chunk.size:
            # The file changed on disk: sending it would only earn a 422. Keep it for the user.
            self.outbox.quarantine(chunk.id, "local ciphertext differs from its index hash")
            raise UploadError(
                f"chunk {chunk.id} is damaged on disk",
                code="local_chunk_damaged",
                chunk_id=chunk.id,
            )
        return data, sha256

    def _reseal(self, chunk: ChunkInfo, org: str) -> ChunkInfo:
        """Seal a chunk the organisation cannot decrypt (sealed before its recipient was known,
        or to another) to `org` before it goes. The server's upload of the old bytes is ended
        first: otherwise it holds the chunk id with another hash (409), or could confirm it."""
        # A URL off the endpoint is not ours to end (and gets no token): the reseal forgets it.
        if chunk.upload_url is not None and under_endpoint(chunk.upload_url, self.tus.endpoint):
            self.retrying(partial(self.tus.terminate, chunk.upload_url))
        log.info("resealing chunk %s to the organisation's recipient", chunk.id)
        return self.outbox.reseal_chunk(chunk.id, org)

    def retrying(self, fn: Callable[[], Any]) -> Any:
        """Calls `fn` until it succeeds, backing off on transient errors like the tus client."""
        backoff = self.backoff_factory()
        while True:
            if self.waiter.stopped:
                raise Stopped("sync stopped")
            try:
                return fn()
            except UploadError as exc:
                if isinstance(exc, Stopped) or not should_retry(exc):
                    raise
                if self.waiter.stopped:
                    raise Stopped("sync stopped") from exc
                delay = backoff.failed(exc)
                self._wait_hook(exc, delay)
                self.waiter.wait(delay)

    def _persist(self, job: UploadJob) -> None:
        if not job.chunk_id.startswith("manifest-"):
            self.outbox.set_upload(job.chunk_id, url=job.url, offset=job.offset)

    def _progress(self, job: UploadJob) -> None:
        if not job.chunk_id.startswith("manifest-"):
            self._throttle(job)

    def _wait_hook(self, error: BaseException, delay: float) -> None:
        if self.current is not None:
            self._record_failure(self.current.id, getattr(error, "code", type(error).__name__))
        self._on_wait(error, delay)

    def _record_failure(self, chunk_id: str, code: str) -> None:
        try:
            self.outbox.record_failure(chunk_id, code)
        except OutboxError:
            log.debug("could not record failure of %s", chunk_id)

    def _recording_progress(self, recording_id: str) -> None:
        chunks = self.outbox.chunks(recording_id)
        done = [c for c in chunks if c.state in (ChunkState.CONFIRMED, ChunkState.ERASED)]
        self._publish(
            RecordingProgress(
                recording_id,
                len(done),
                len(chunks),
                sum(c.size for c in done),
                sum(c.size for c in chunks),
            )
        )

    def _publish(self, event: object) -> None:
        if self.events is not None:
            self.events.publish(event)
