"""Proof that the server stored what we sent, and the manifest that closes a recording.

Against a LogMeets server: `GET /api/v1/chunks/{id}` returns the sha256 and size the server
computed over the bytes it stored (docs/protocol.md §6); only a complete receipt equal to the
local ciphertext allows erasing the local copy. Against a plain tus server there is no receipt
API: a fresh HEAD showing offset == length is the (weaker) confirmation, strengthened by the
per-PATCH checksum when the server offers that extension.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from uploader.errors import HTTPStatusError, ProtocolError
from uploader.retry import should_retry
from uploader.signin import SignInSession
from uploader.transport import status_error
from uploader.tus import TusClient, UploadJob
from uploader.web_link import checked_web_url

log = logging.getLogger(__name__)


class Verdict(StrEnum):
    """What the server says about one chunk we finished sending."""

    match = "match"  # stored, verified, equal to ours: erase allowed
    mismatch = "mismatch"  # stored something else: keep ours, discard theirs, send again
    incomplete = "incomplete"  # the server lacks bytes (or lost the upload): resume
    discarded = "discarded"  # the server failed its own verification and dropped it: resend


@dataclass(frozen=True)
class Receipt:
    """A server's statement about one chunk."""

    verdict: Verdict
    sha256: str | None = None
    size: int | None = None
    offset: int | None = None
    weaker: bool = False  # from a plain HEAD, not from a hash over stored bytes


class Confirmer(Protocol):
    """How a chunk is confirmed on this kind of server."""

    def check(self, job: UploadJob, sha256: str) -> Receipt:
        """The server's verdict on `job` (whose ciphertext hashes to `sha256`)."""
        ...

    def send_manifest(self, recording_id: str, manifest: dict[str, Any]) -> ManifestResult:
        """Hands the recording's manifest to the server."""
        ...


@dataclass(frozen=True)
class ManifestResult:
    """The server's answer to a manifest."""

    complete: bool
    missing: tuple[str, ...] = ()
    mismatched: tuple[str, ...] = ()
    web_url: str | None = None  # the recording's page on the server's site, checked (§7)


class ReceiptConfirmer:
    """Confirmation by the LogMeets receipt API."""

    def __init__(self, signin: SignInSession) -> None:
        self.signin = signin

    def check(self, job: UploadJob, sha256: str) -> Receipt:
        """GET the receipt and compare it with the local ciphertext's sha256 and size."""
        reply = self.signin.api("GET", self.signin.chunk_path(job.chunk_id))
        if reply.status == 404:
            return Receipt(Verdict.incomplete)
        if reply.status == 422:
            return Receipt(Verdict.discarded)
        if reply.status != 200:
            raise status_error(reply, "receipt")
        data = reply.json()
        if not isinstance(data, dict):
            raise ProtocolError("unreadable receipt", chunk_id=job.chunk_id)
        if not data.get("complete"):
            offset = data.get("offset")
            return Receipt(Verdict.incomplete, offset=offset if isinstance(offset, int) else None)
        server_sha, server_size = data.get("sha256"), data.get("size")
        if not isinstance(server_sha, str) or not isinstance(server_size, int):
            raise ProtocolError("unreadable receipt", chunk_id=job.chunk_id)
        same = server_sha.lower() == sha256.lower() and server_size == job.length
        return Receipt(Verdict.match if same else Verdict.mismatch, server_sha, server_size)

    def send_manifest(self, recording_id: str, manifest: dict[str, Any]) -> ManifestResult:
        """PUT /api/v1/recordings/{id}: 200/201 complete, or 409 with what is missing."""
        reply = self.signin.api("PUT", self.signin.recording_path(recording_id), manifest)
        if reply.status in (200, 201):
            body = reply.json() if reply.body else {}
            found = body.get("web_url") if isinstance(body, dict) else None
            return ManifestResult(
                True, web_url=checked_web_url(found, self.signin.server_url, recording_id)
            )
        if reply.status == 409:
            body = reply.json() if reply.body else {}
            body = body if isinstance(body, dict) else {}
            return ManifestResult(
                False,
                tuple(str(x) for x in body.get("missing", ()) or ()),
                tuple(str(x) for x in body.get("mismatched", ()) or ()),
            )
        raise status_error(reply, "manifest")


class HeadConfirmer:
    """Confirmation against a plain tus server: a fresh HEAD with offset == length (plus the
    checksum extension on every PATCH, where offered). Weaker: nothing proves the stored
    bytes equal ours, so the settings say so."""

    def __init__(self, tus: TusClient) -> None:
        self.tus = tus

    def check(self, job: UploadJob, sha256: str) -> Receipt:
        """HEAD the upload URL; complete when the server has every byte."""
        if job.url is None:
            return Receipt(Verdict.incomplete)
        try:
            offset, length = self.tus.head(job.url)
        except HTTPStatusError as exc:
            if exc.status in (404, 410):
                return Receipt(Verdict.incomplete)
            raise
        if length is not None and length != job.length:
            return Receipt(Verdict.mismatch, size=length, offset=offset, weaker=True)
        if offset < job.length:
            return Receipt(Verdict.incomplete, offset=offset, weaker=True)
        return Receipt(Verdict.match, sha256, job.length, offset, weaker=True)

    def send_manifest(self, recording_id: str, manifest: dict[str, Any]) -> ManifestResult:
        """A plain tus server has no recordings API: the manifest travels as one more tus
        upload (metadata `kind=manifest`), so the organisation still gets it."""
        data = json.dumps(manifest, sort_keys=True).encode("utf-8")
        job = UploadJob(
            chunk_id=f"manifest-{recording_id}",
            recording_id=recording_id,
            data=data,
            metadata={
                "kind": "manifest",
                "recording_id": recording_id,
                "filename": f"{recording_id}.manifest.json",
                "filetype": "application/json",
            },
        )
        try:
            self.tus.upload(job)
        except HTTPStatusError as exc:
            if 400 <= exc.status < 500 and not should_retry(exc):
                # This server takes only chunks (it validates their metadata). Each chunk's
                # metadata names its recording and index, so the recording can still be put
                # together; the manifest only adds title and markers. Not worth a stuck outbox.
                log.warning(
                    "the tus server refused the manifest of %s: HTTP %s", recording_id, exc.status
                )
                return ManifestResult(True)
            raise
        return ManifestResult(True)
