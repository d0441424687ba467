"""The audit log: an append-only JSON-lines record of what happened to recordings and chunks.

Each line is one entry: `v`, `ts` (UTC ISO 8601), `seq` (1, 2, 3...), `user_id`, `device_id`,
`action`, `recording_id`, `chunk_id`, `outcome`, `detail` (small scalars only), `prev` (the `mac`
of the entry before, "" for the first) and `mac` = HMAC-SHA256(audit key, canonical JSON of every
other field). Canonical JSON: sorted keys, no spaces, ASCII. Editing, deleting, duplicating or
reordering a line breaks the MAC or the chain at that line.

Cutting lines off the END leaves a valid chain, so each append also rewrites a small sidecar
`<log>.head` (the last seq and mac, itself MAC'd) and, given an anchor, the same record in the
OS keyring (`outbox.audit_check`). A log shorter than either head was truncated; the keyring's
copy also catches the log and its `.head` cut or rolled back together. Limits
(docs/threat-model.md): someone who can read the keyring has the key and can rewrite it all;
what the chain proves is that the lines present are the ones this device wrote, in order.

Appends are safe across threads (a lock) and across processes (an OS lock on `<log>.lock`, and
the tail of the file, not memory, decides the next seq). Each line is written with one `write`
and fsync'd before `append` returns. Nothing secret or audible is ever written: detail values are
scalars, long strings are cut, and keys that name secrets are redacted.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import re
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import filelock

from crypto.errors import CryptoError
from crypto.files import fsync_file, write_atomic
from outbox.audit_check import (
    AuditProblem,
    Head,
    HeadAnchor,
    Line,
    anchor_problems,
    decode_head,
    encode_head,
    file_head_problems,
    head_path,
    read_head_file,
)
from outbox.errors import OutboxError
from outbox.lock import os_file_lock

__all__ = [
    "AUDIT_VERSION",
    "AuditLog",
    "AuditProblem",
    "HeadAnchor",
    "head_path",
    "verify_audit_log",
]

log = logging.getLogger(__name__)

AUDIT_VERSION = 1
_GENESIS = ""
_MAX_TEXT = 300
_MAX_DETAIL_FIELDS = 24
_SECRET_KEY = re.compile(r"pass|token|secret|key|identity|credential|pcm|audio|plaintext", re.I)
_TAIL_BLOCK = 64 * 1024


def _canonical(obj: dict[str, Any]) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def _mac(key: bytes, entry: dict[str, Any]) -> str:
    body = {k: v for k, v in entry.items() if k != "mac"}
    return hmac.new(key, _canonical(body), hashlib.sha256).hexdigest()


def _clean_detail(detail: dict[str, Any]) -> dict[str, Any]:
    """Only short scalars reach the log; names that suggest a secret or audio are redacted."""
    out: dict[str, Any] = {}
    for name, value in list(detail.items())[:_MAX_DETAIL_FIELDS]:
        key = str(name)[:64]
        if _SECRET_KEY.search(key):
            out[key] = "[redacted]"
        elif value is None or isinstance(value, bool | int | float):
            out[key] = value
        elif isinstance(value, bytes | bytearray | memoryview):
            out[key] = "[bytes omitted]"
        else:
            out[key] = str(value)[:_MAX_TEXT]
    return out


class AuditLog:
    """Appends HMAC-chained entries to `path` (see the module docstring)."""

    def __init__(
        self, path: Path | str, key: bytes, *, device_id: str, anchor: HeadAnchor | None = None
    ) -> None:
        """`anchor` keeps each entry's head record in the keyring too (None: the file only)."""
        if len(key) < 16:
            raise ValueError("the audit key must be at least 16 bytes")
        self.path = Path(path)
        self._key = bytes(key)
        self._device_id = device_id
        self._user_id: str | None = None
        self._lock = threading.Lock()
        self._head = head_path(self.path)
        self._anchor = anchor
        self._file_lock = os_file_lock(self.path.with_name(self.path.name + ".lock"))

    def set_user(self, user_id: str | None) -> None:
        """The user recorded in later entries that do not name one (None: nobody signed in)."""
        with self._lock:
            self._user_id = user_id

    def append(
        self,
        action: str,
        outcome: str = "ok",
        *,
        user_id: str | None = None,
        recording_id: str | None = None,
        chunk_id: str | None = None,
        **detail: Any,
    ) -> None:
        """Write one entry and fsync it, then its head record (file, and keyring if anchored).

        Raises OutboxError(code="audit_write_failed") if the log or its `.head` cannot be
        written; a keyring that fails only logs a warning (see `_anchored`)."""
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            try:
                self._file_lock.acquire(timeout=30.0, poll_interval=0.005)
            except filelock.Timeout:
                raise OutboxError(
                    "the audit log stayed locked by another process",
                    code="audit_write_failed",
                    path=str(self.path),
                    reason="locked",
                ) from None
            try:
                self._append_locked(
                    action, outcome, user_id or self._user_id, recording_id, chunk_id, detail
                )
            finally:
                self._file_lock.release()

    # -- private --------------------------------------------------------------------------------

    def _append_locked(
        self,
        action: str,
        outcome: str,
        user_id: str | None,
        recording_id: str | None,
        chunk_id: str | None,
        detail: dict[str, Any],
    ) -> None:
        last, ends_with_newline = _read_tail(self.path)
        # A log shorter than a head was cut: keep counting from the head so the hole stays
        # visible (the next entry's seq and prev do not follow the last line present).
        anchored, anchor_read = self._anchored()
        for head in (read_head_file(self._head, self._key), anchored):
            if head is not None and (last is None or head.seq > last.seq):
                last = head
        seq = (last.seq if last else 0) + 1
        entry: dict[str, Any] = {
            "v": AUDIT_VERSION,
            "ts": datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z"),
            "seq": seq,
            "user_id": user_id,
            "device_id": self._device_id,
            "action": str(action)[:64],
            "recording_id": recording_id,
            "chunk_id": chunk_id,
            "outcome": str(outcome)[:32],
            "detail": _clean_detail(detail),
            "prev": last.mac if last else _GENESIS,
        }
        entry["mac"] = _mac(self._key, entry)
        # A torn last line (power loss mid-write) is closed off so this entry starts a new line.
        line = (b"" if ends_with_newline else b"\n") + _canonical(entry) + b"\n"
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_BINARY", 0)
            fd = os.open(self.path, flags, 0o600)
            try:
                os.write(fd, line)  # one write: a killed process never leaves half a line
                fsync_file(fd)
            finally:
                os.close(fd)
            record = encode_head(self._key, seq, entry["mac"])
            write_atomic(self._head, record.encode("ascii") + b"\n")
        except (OSError, CryptoError) as exc:
            raise OutboxError(
                "could not write the audit log",
                code="audit_write_failed",
                path=str(self.path),
                reason=getattr(exc, "strerror", None) or str(exc),
            ) from exc
        # Without the keyring's record this entry may have skipped past it: leave it as it was.
        if anchor_read and self._anchor is not None:
            _save_anchor(self._anchor, record)

    def _anchored(self) -> tuple[Head | None, bool]:
        """The keyring's head record if authentic, and whether the keyring could be read.

        A keyring that fails (locked, D-Bus gone) does not stop the log: the entry is written
        and kept by the file head; the keyring's record stays behind until an append reaches it.
        """
        if self._anchor is None:
            return None, False
        try:
            return decode_head(self._anchor.load(), self._key), True
        except CryptoError as exc:
            log.warning("audit log head: the keyring cannot be read (%s)", exc.code)
            return None, False


def _save_anchor(anchor: HeadAnchor, record: str) -> None:
    try:
        anchor.save(record)
    except CryptoError as exc:
        log.warning("audit log head: the keyring cannot be written (%s)", exc.code)


def _read_tail(path: Path) -> tuple[Head | None, bool]:
    """The last well-formed entry's (seq, mac), and whether the file ends with a newline."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return None, True
    if size == 0:
        return None, True
    with path.open("rb") as f:
        block = _TAIL_BLOCK
        while True:
            start = max(0, size - block)
            f.seek(start)
            data = f.read(size - start)
            lines = data.split(b"\n")
            if start > 0:
                lines = lines[1:]  # the first piece may be the middle of a line
            for raw in reversed(lines):
                parsed = _parse_link(raw)
                if parsed is not None:
                    return parsed, data.endswith(b"\n")
            if start == 0:
                return None, data.endswith(b"\n")
            block *= 4


def _parse_link(raw: bytes) -> Head | None:
    try:
        obj = json.loads(raw)
        seq, mac = obj["seq"], obj["mac"]
    except (ValueError, KeyError, TypeError):
        return None
    if isinstance(seq, int) and not isinstance(seq, bool) and isinstance(mac, str):
        return Head(seq, mac)
    return None


def verify_audit_log(
    path: Path | str, key: bytes, *, anchor: HeadAnchor | None = None
) -> list[AuditProblem]:
    """Check every line of the log at `path`; returns the problems found, in line order.

    Detected: a changed line (its MAC fails), a deleted line (a hole in seq), reordered or
    duplicated lines, lines from elsewhere spliced in (prev does not chain), a torn or garbled
    line, and a log cut short at the end (compared with `<log>.head` and, given `anchor`, with
    the keyring's head record: missing, older or replaced logs). A keyring failure reading the
    anchor raises CryptoError.
    """
    log_path = Path(path)
    problems: list[AuditProblem] = []
    try:
        data = log_path.read_bytes()
    except FileNotFoundError:
        data = b""
    raw_lines = data.split(b"\n")
    if raw_lines and raw_lines[-1] == b"":
        raw_lines.pop()  # the newline that ends the last line
    elif raw_lines:
        problems.append(
            AuditProblem(len(raw_lines), "incomplete last line: a write was cut off (power loss?)")
        )

    lines: list[Line] = []
    for number, raw in enumerate(raw_lines, start=1):
        if number == len(raw_lines) and not data.endswith(b"\n"):
            continue  # already reported as incomplete
        try:
            entry = json.loads(raw)
            if not isinstance(entry, dict):
                raise TypeError("not an object")
            mac, seq, prev = entry["mac"], entry["seq"], entry["prev"]
            if not (isinstance(seq, int) and isinstance(mac, str) and isinstance(prev, str)):
                raise TypeError("bad field types")
        except (ValueError, KeyError, TypeError):
            problems.append(
                AuditProblem(number, "not a valid audit entry: the line was damaged or edited")
            )
            continue
        if not hmac.compare_digest(mac, _mac(key, entry)):
            problems.append(
                AuditProblem(
                    number, "the entry was changed after it was written (its MAC does not match)"
                )
            )
        lines.append(Line(number, seq, mac, prev))

    by_seq: dict[int, Line] = {}
    for ln in lines:
        by_seq.setdefault(ln.seq, ln)
    previous: Line | None = None
    for ln in lines:
        problems.extend(_order_problems(ln, previous, by_seq))
        expected_prev = (
            _GENESIS if ln.seq == 1 else (by_seq[ln.seq - 1].mac if ln.seq - 1 in by_seq else None)
        )
        if expected_prev is not None and not hmac.compare_digest(ln.prev, expected_prev):
            problems.append(
                AuditProblem(
                    ln.number,
                    f"entry {ln.seq} does not chain to entry {ln.seq - 1}: "
                    "lines from another log were put in, or a line was replaced",
                )
            )
        previous = ln
    problems.extend(file_head_problems(log_path, key, lines, len(raw_lines)))
    if anchor is not None:
        problems.extend(anchor_problems(anchor.load(), key, lines, len(raw_lines)))
    problems.sort(key=lambda p: p.line)
    return problems


def _order_problems(ln: Line, previous: Line | None, by_seq: dict[int, Line]) -> list[AuditProblem]:
    """Order findings for one line, given the line before it."""
    before = previous.seq if previous else 0
    if ln.seq == before + 1:
        return []
    if ln.seq == before:
        return [AuditProblem(ln.number, f"entry {ln.seq} appears twice (a line was duplicated)")]
    if ln.seq < before:
        return [
            AuditProblem(
                ln.number,
                f"out of order: entry {ln.seq} comes after entry {before} (lines were moved)",
            )
        ]
    between = range(before + 1, ln.seq)
    missing = [s for s in between if s not in by_seq]
    if missing:
        span = f"{missing[0]}" if len(missing) == 1 else f"{missing[0]}-{missing[-1]}"
        return [AuditProblem(ln.number, f"entries {span} are missing before this line (deleted)")]
    later = [s for s in between if by_seq[s].number > ln.number]
    if later:
        where = by_seq[later[0]].number
        return [
            AuditProblem(
                ln.number,
                f"out of order: entry {ln.seq} comes before entry {later[0]} "
                f"(line {where}); lines were moved",
            )
        ]
    return []  # the skipped entries came earlier: already reported where they were moved to
