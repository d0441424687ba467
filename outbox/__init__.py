"""The durable local state: sealed chunk files, the SQLite index, the chunk and recording state
machine, the audit log and the event bus that the recorder and the uploader publish on.

Use the names below (`from outbox import Outbox, ChunkState`), not the modules behind them.
`Outbox` is the one class; `verify_chunks(box)`, `export_recording(box, ...)` and `reconcile(box)`
are functions over its public methods (`Outbox.open` runs `reconcile`).
Every error is an `OutboxError` with a stable `code` (listed in `CODES`). Imports `crypto` only.

Modules: `store` (Outbox; its reads in `reads`), `model` (states, transitions, records), `events`
(bus and events), `audit` (with `audit_check`: where the log ends), `errors`, `lock`, and the
helpers Outbox uses:
`changes` (each state change's transaction and audit entry), `sealing` (a new chunk's steps),
`rows` (SQL), `schema`, `layout` (files), `manifest`, `history` (titles kept after erase),
`reconcile`, `reseal` (a chunk sealed again to the organisation); and `verify`, `export`.
"""

from outbox.audit import (
    AUDIT_VERSION,
    AuditLog,
    AuditProblem,
    HeadAnchor,
    head_path,
    verify_audit_log,
)
from outbox.errors import CODES, OutboxError
from outbox.events import (
    ChunkSealed,
    ChunkStateChanged,
    EventBus,
    RecordingStateChanged,
    Subscriber,
)
from outbox.export import export_recording
from outbox.history import (
    HISTORY_IDENTITY_NAME,
    HISTORY_NAME,
    HISTORY_NEXT_NAME,
    History,
    HistoryEntry,
)
from outbox.lock import INSTANCE_LOCK_NAME, InstanceLock
from outbox.model import (
    CHANNEL_GAP_REASONS,
    CHUNK_TRANSITIONS,
    RECORDING_TRANSITIONS,
    SAMPLE_WIDTHS,
    SYSTEM_AUDIO_GAP,
    ChunkInfo,
    ChunkState,
    ExportGap,
    ExportReport,
    Gap,
    LeftoverJournal,
    Marker,
    RecordingInfo,
    RecordingState,
    Silence,
    VerifyResult,
    check_chunk_transition,
    check_recording_transition,
)
from outbox.reconcile import reconcile
from outbox.schema import SCHEMA_VERSION
from outbox.store import Outbox
from outbox.verify import verify_chunks

__all__ = [
    "AUDIT_VERSION",
    "CHANNEL_GAP_REASONS",
    "CHUNK_TRANSITIONS",
    "CODES",
    "HISTORY_IDENTITY_NAME",
    "HISTORY_NAME",
    "HISTORY_NEXT_NAME",
    "INSTANCE_LOCK_NAME",
    "RECORDING_TRANSITIONS",
    "SAMPLE_WIDTHS",
    "SCHEMA_VERSION",
    "SYSTEM_AUDIO_GAP",
    "AuditLog",
    "AuditProblem",
    "ChunkInfo",
    "ChunkSealed",
    "ChunkState",
    "ChunkStateChanged",
    "EventBus",
    "ExportGap",
    "ExportReport",
    "Gap",
    "HeadAnchor",
    "History",
    "HistoryEntry",
    "InstanceLock",
    "LeftoverJournal",
    "Marker",
    "Outbox",
    "OutboxError",
    "RecordingInfo",
    "RecordingState",
    "RecordingStateChanged",
    "Silence",
    "Subscriber",
    "VerifyResult",
    "check_chunk_transition",
    "check_recording_transition",
    "export_recording",
    "head_path",
    "reconcile",
    "verify_audit_log",
    "verify_chunks",
]
