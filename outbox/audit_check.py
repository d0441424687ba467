"""Where the audit log ends: the head records, and the checks of the log's end against them.

Cutting lines off the end of the log leaves a valid chain, so each append also writes a head
record (the last entry's seq and mac, MAC'd with the audit key) in two places:

- `<log>.head` beside the log, which catches a log cut short on its own;
- the anchor: the same record in the OS keyring (`audit/head/<log id>` through `DeviceKeys`),
  which deleting or restoring files in the data directory does not reach. A log whose end and
  `.head` were both cut, or put back to an older copy, is shorter than the anchor says.

Appends continue numbering from the furthest of the three (the log's last line, the file head,
the anchor), so an entry written after a cut leaves the hole visible in the chain.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

__all__ = [
    "AuditProblem",
    "HeadAnchor",
    "HeadStore",
    "anchor_problems",
    "encode_head",
    "file_head_problems",
    "head_path",
]


@dataclass(frozen=True)
class AuditProblem:
    """One finding of `verify_audit_log`: the 1-based line it concerns and what is wrong.

    `code` names the findings a front end explains further (`audit_truncated`,
    `audit_head_missing`, `audit_head_mismatch`); "" for the others."""

    line: int
    reason: str
    code: str = ""


@dataclass(frozen=True)
class Head:
    """The (seq, mac) of one entry: the last one written, or the last well-formed line."""

    seq: int
    mac: str


@dataclass
class Line:
    """A well-formed line of the log: its 1-based number, seq, mac and prev."""

    number: int
    seq: int
    mac: str
    prev: str


class HeadStore(Protocol):
    """Keeps head records out of the file system's reach; `crypto.DeviceKeys` is one."""

    def audit_head(self, log_id: str) -> str | None:
        """The record last stored for `log_id`, or None."""

    def set_audit_head(self, log_id: str, value: str) -> None:
        """Replace the record of `log_id`."""


@dataclass(frozen=True)
class HeadAnchor:
    """The head record of one audit log in a HeadStore (`log_id`: the data dir's device id)."""

    store: HeadStore
    log_id: str

    def load(self) -> str | None:
        """The stored record, or None when there is none."""
        return self.store.audit_head(self.log_id)

    def save(self, value: str) -> None:
        """Replace the stored record."""
        self.store.set_audit_head(self.log_id, value)


def head_path(log_path: Path) -> Path:
    """The sidecar that records the last entry written, so truncation is detectable."""
    return log_path.with_name(log_path.name + ".head")


def _head_mac(key: bytes, seq: int, mac: str) -> str:
    return hmac.new(
        key, f"audit-head\x00{seq}\x00{mac}".encode("ascii"), hashlib.sha256
    ).hexdigest()


def encode_head(key: bytes, seq: int, mac: str) -> str:
    """The head record of entry `seq` (one line of canonical JSON, no newline)."""
    body = {"seq": seq, "mac": mac, "hmac": _head_mac(key, seq, mac)}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def decode_head(text: str | bytes | None, key: bytes) -> Head | None:
    """The record's (seq, mac) if it is well formed and authentic, else None."""
    if text is None:
        return None
    try:
        obj = json.loads(text)
        seq, mac, tag = int(obj["seq"]), str(obj["mac"]), str(obj["hmac"])
    except (ValueError, KeyError, TypeError):
        return None
    if not hmac.compare_digest(tag, _head_mac(key, seq, mac)):
        return None
    return Head(seq, mac)


def read_head_file(path: Path, key: bytes) -> Head | None:
    """The sidecar's (seq, mac) if present and authentic, else None."""
    try:
        return decode_head(path.read_bytes(), key)
    except OSError:
        return None


def _removed(last_seq: int, head_seq: int, who: str = "") -> str:
    n = head_seq - last_seq
    return (
        f"the log ends at entry {last_seq} but {who}{head_seq} were "
        f"written: the last {n} entr{'y was' if n == 1 else 'ies were'} removed"
    )


def file_head_problems(
    log_path: Path, key: bytes, lines: list[Line], line_count: int
) -> list[AuditProblem]:
    """Compare the end of the log with its sidecar head record."""
    hpath = head_path(log_path)
    if not hpath.exists():
        if lines:
            return [
                AuditProblem(
                    line_count + 1,
                    f"{hpath.name} is missing: cannot rule out that "
                    "lines were cut off the end of the log",
                )
            ]
        return []
    head = read_head_file(hpath, key)
    if head is None:
        return [AuditProblem(line_count + 1, f"{hpath.name} is damaged or was edited")]
    last = max(lines, key=lambda ln: ln.seq) if lines else None
    last_seq = last.seq if last else 0
    if head.seq > last_seq:
        return [AuditProblem(line_count + 1, _removed(last_seq, head.seq))]
    if last is not None and head.seq == last_seq and not hmac.compare_digest(head.mac, last.mac):
        return [AuditProblem(last.number, "the last entry is not the one that was written last")]
    return []


def anchor_problems(
    record: str | None, key: bytes, lines: list[Line], line_count: int
) -> list[AuditProblem]:
    """Compare the log with the head record kept in the keyring (`record`, None if absent).

    The anchor may lag the log by the entries whose append was killed before the keyring write;
    the entry it names must then still be in the log, unchanged."""
    after = line_count + 1
    head = decode_head(record, key)
    if record is None:
        if not lines:
            return []
        return [
            AuditProblem(
                after,
                "the keyring holds no record of where the log ends: cannot rule out that "
                "lines were cut off the end (the next entry writes it again)",
                "audit_head_missing",
            )
        ]
    if head is None:
        return [
            AuditProblem(
                after, "the keyring's record of the log's end is damaged", "audit_head_mismatch"
            )
        ]
    last_seq = max((ln.seq for ln in lines), default=0)
    if head.seq > last_seq:
        return [
            AuditProblem(
                after, _removed(last_seq, head.seq, "the keyring records that "), "audit_truncated"
            )
        ]
    named = [ln for ln in lines if ln.seq == head.seq]
    if named and not any(hmac.compare_digest(ln.mac, head.mac) for ln in named):
        return [
            AuditProblem(
                named[0].number,
                f"entry {head.seq} is not the one the keyring records as written: "
                "the log was replaced by another copy",
                "audit_head_mismatch",
            )
        ]
    return []
