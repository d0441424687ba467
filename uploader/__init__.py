"""Network: the tus 1.0 client, sync scheduler, auth session, receipts and connectivity.
Imports `crypto` and `outbox` only; never Qt, never `recorder`.
"""

from uploader.engine import PassSummary
from uploader.errors import SyncIncomplete, UploadError
from uploader.events import (
    ChunkConfirmed,
    ChunkErased,
    ManifestSent,
    ReceiptMismatch,
    RecordingProgress,
    SyncState,
    SyncStatus,
    UploadProgress,
)
from uploader.scheduler import SyncConfig, SyncScheduler
from uploader.session import REFRESH_TOKEN_KEY, Session, SessionInfo
from uploader.transport import HTTPTransport, check_url

__all__ = [
    "REFRESH_TOKEN_KEY",
    "ChunkConfirmed",
    "ChunkErased",
    "HTTPTransport",
    "ManifestSent",
    "PassSummary",
    "ReceiptMismatch",
    "RecordingProgress",
    "Session",
    "SessionInfo",
    "SyncConfig",
    "SyncIncomplete",
    "SyncScheduler",
    "SyncState",
    "SyncStatus",
    "UploadError",
    "UploadProgress",
    "check_url",
]
