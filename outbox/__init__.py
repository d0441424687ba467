"""The durable local state: sealed chunk files, the SQLite index, the chunk and recording state
machine, the audit log and the event bus that the recorder and the uploader publish on.

Imports `crypto` only. Errors derive from `outbox.errors.OutboxError`.
"""

from outbox.audit import AuditLog, verify_audit_log
from outbox.errors import OutboxError
from outbox.events import EventBus
from outbox.events_types import ChunkSealed, ChunkStateChanged, RecordingStateChanged
from outbox.model import (
    ChunkInfo,
    ChunkState,
    ExportReport,
    Marker,
    RecordingInfo,
    RecordingState,
    VerifyResult,
)
from outbox.store import Outbox

__all__ = [
    "AuditLog",
    "ChunkInfo",
    "ChunkSealed",
    "ChunkState",
    "ChunkStateChanged",
    "EventBus",
    "ExportReport",
    "Marker",
    "Outbox",
    "OutboxError",
    "RecordingInfo",
    "RecordingState",
    "RecordingStateChanged",
    "VerifyResult",
    "verify_audit_log",
]
