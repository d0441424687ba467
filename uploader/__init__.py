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
    ProxyError,
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
from uploader.proxy import (
    MODES as PROXY_MODES,
)
from uploader.proxy import (
    ProxyCredentials,
    ProxyResolver,
    ProxySettings,
    Route,
    SystemProxy,
    bypassed,
    environment_proxy,
)
from uploader.scheduler import SyncConfig, SyncScheduler, check_announced_recipient
from uploader.signin import REFRESH_TOKEN_KEY, STATIC_TOKEN_KEY, SessionInfo, SignInSession
from uploader.transport import (
    HTTPTransport,
    Proxies,
    Reply,
    Transport,
    check_url,
    host_port,
    network_error,
    proxies_for,
    proxy_auth_needed,
    trusted_session,
)
from uploader.tus import TusClient, UploadJob
from uploader.tus_headers import ServerCaps

__all__ = [
    "PROXY_MODES",
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
    "Proxies",
    "ProxyCredentials",
    "ProxyError",
    "ProxyResolver",
    "ProxySettings",
    "ReceiptMismatch",
    "RecordingProgress",
    "Reply",
    "Route",
    "ServerCaps",
    "SessionInfo",
    "SignInSession",
    "SyncConfig",
    "SyncIncomplete",
    "SyncScheduler",
    "SyncState",
    "SyncStatus",
    "SystemProxy",
    "TLSError",
    "Transport",
    "TusClient",
    "UploadError",
    "UploadJob",
    "UploadProgress",
    "UploadStarted",
    "bypassed",
    "check_announced_recipient",
    "check_url",
    "environment_proxy",
    "host_port",
    "network_error",
    "proxies_for",
    "proxy_auth_needed",
    "trusted_session",
]
