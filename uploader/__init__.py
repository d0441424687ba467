"""Network: the tus 1.0 client, the sync scheduler, the sign-in session, receipts and
connectivity. Imports `crypto` and `outbox` only; never Qt, never `recorder`.

Callers use the names below (`from uploader import SyncScheduler`); the modules behind them are
described in docs/uploader.md. Every error derives from `UploadError` and carries a `code`.
"""

from uploader.engine import PassSummary
from uploader.errors import (
    AuthError,
    ClientTooOld,
    CustodyError,
    ForeignOriginError,
    HTTPStatusError,
    InsecureURLError,
    NetworkError,
    ProtocolError,
    SyncIncomplete,
    TLSError,
    UploadError,
)
from uploader.events import (
    ChunkConfirmed,
    ChunkErased,
    ManifestSent,
    ReceiptMismatch,
    RecordingProgress,
    SyncState,
    SyncStatus,
    UploadProgress,
    UploadStarted,
)
from uploader.scheduler import SyncConfig, SyncScheduler, check_announced_recipient
from uploader.signin import REFRESH_TOKEN_KEY, STATIC_TOKEN_KEY, SessionInfo, SignInSession
from uploader.transport import (
    HTTPTransport,
    Reply,
    Transport,
    check_url,
    network_error,
    proxies_for,
    trusted_session,
)
from uploader.tus import TusClient, UploadJob
from uploader.tus_headers import ServerCaps

__all__ = [
    "REFRESH_TOKEN_KEY",
    "STATIC_TOKEN_KEY",
    "AuthError",
    "ChunkConfirmed",
    "ChunkErased",
    "ClientTooOld",
    "CustodyError",
    "ForeignOriginError",
    "HTTPStatusError",
    "HTTPTransport",
    "InsecureURLError",
    "ManifestSent",
    "NetworkError",
    "PassSummary",
    "ProtocolError",
    "ReceiptMismatch",
    "RecordingProgress",
    "Reply",
    "ServerCaps",
    "SessionInfo",
    "SignInSession",
    "SyncConfig",
    "SyncIncomplete",
    "SyncScheduler",
    "SyncState",
    "SyncStatus",
    "TLSError",
    "Transport",
    "TusClient",
    "UploadError",
    "UploadJob",
    "UploadProgress",
    "UploadStarted",
    "check_announced_recipient",
    "check_url",
    "network_error",
    "proxies_for",
    "trusted_session",
]
