"""The record of one tus upload (`Upload`), the validated fields that create one (`NewUpload`),
and their JSON form: `<id>.json` under `DATA/uploads/`, one key per field of `Upload`."""

from __future__ import annotations

import secrets
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

from server.errors import ServerError
from server.storage import read_json

UploadState = Literal["active", "complete", "rejected", "expired"]


@dataclass
class Upload:
    """The state of one tus upload (mutable; only the event loop changes it)."""

    upload_id: str
    user_id: str
    chunk_id: str
    recording_id: str
    index: int
    declared_sha256: str
    length: int
    offset: int
    metadata: str  # the Upload-Metadata header as received, returned by HEAD
    created_at: float
    touched_at: float
    state: UploadState = "active"
    sha256: str | None = None  # computed by the server over the stored bytes
    received_at: float | None = None
    claimed: bool = False  # listed by a stored manifest (else, once complete, it expires)

    def expires_at(self, expiry: float) -> float | None:
        """When an incomplete upload expires (None once complete)."""
        return self.touched_at + expiry if self.state == "active" else None

    def claim_by(self, complete_expiry: float) -> float | None:
        """When a complete upload that no manifest lists expires (None: not such a one)."""
        if self.state != "complete" or self.claimed or self.received_at is None:
            return None
        return self.received_at + complete_expiry


@dataclass(frozen=True)
class NewUpload:
    """The validated fields of a creation request."""

    chunk_id: str
    recording_id: str
    index: int
    sha256: str
    length: int
    metadata: str

    def start(self, user_id: str, now: float) -> Upload:
        """A fresh, empty upload of these fields for this account, under a new random id."""
        return Upload(
            upload_id=secrets.token_hex(16),
            user_id=user_id,
            chunk_id=self.chunk_id,
            recording_id=self.recording_id,
            index=self.index,
            declared_sha256=self.sha256,
            length=self.length,
            offset=0,
            metadata=self.metadata,
            created_at=now,
            touched_at=now,
        )


def read_upload(path: Path) -> Upload:
    """The upload a `<id>.json` holds. Raises ValueError or TypeError for a damaged record
    (OSError if it cannot be read)."""
    return Upload(**read_json(path))


def upload_json(up: Upload) -> dict[str, Any]:
    """The JSON document of an upload, as `read_upload` reads it back."""
    return asdict(up)


def sha256_mismatch(up: Upload) -> ServerError:
    """422: the server's hash over the stored bytes is not the declared one."""
    return ServerError(
        "The uploaded bytes do not have the declared sha256; the upload was discarded. "
        "Create it again.",
        code="sha256_mismatch",
        status=422,
        chunk_id=up.chunk_id,
        expected=up.declared_sha256,
        actual=up.sha256,
    )
