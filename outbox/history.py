"""The history: what the user needs to recognise a recording after its audio is gone.

Crypto-erase deletes a recording's own key once the server holds it, and the index then blanks
its title and markers (the user's words). The history keeps title, start time, duration and
markers of each such recording in one file, `<data>/history.age`: an age v1 file sealed to a
long-lived identity of its own (`history/identity` in the OS key store), separate from every
recording key, so erasing those leaves the history readable. docs/file-format.md ("History")
gives the format, docs/threat-model.md what it reveals.

Removing an entry re-keys the file: it is written again, sealed to a new identity, and the old
identity is deleted from the key store, so a backup copy of the old file opens no more. The new
identity waits in `history/identity-next` until the file sealed to it is in place; a crash in
between leaves the file readable by one of the two, and the next read finishes the switch.

Thread safety: one lock around the file and the cached entries; a read decrypts again only
when the file changed (its size and mtime), so a list refresh costs one `stat`.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyrage

from crypto.container import seal, unseal
from crypto.errors import CryptoError
from crypto.files import write_atomic
from crypto.keystore import KeyStore
from outbox.errors import OutboxError
from outbox.model import Marker, RecordingInfo

__all__ = [
    "HISTORY_FORMAT",
    "HISTORY_IDENTITY_NAME",
    "HISTORY_NAME",
    "HISTORY_NEXT_NAME",
    "HISTORY_VERSION",
    "History",
    "HistoryEntry",
    "readable_entries",
    "remember",
]

log = logging.getLogger(__name__)

HISTORY_NAME = "history.age"
HISTORY_IDENTITY_NAME = "history/identity"
HISTORY_NEXT_NAME = "history/identity-next"
HISTORY_FORMAT = "logmeets-history"
HISTORY_VERSION = 1


@dataclass(frozen=True)
class HistoryEntry:
    """One recording as the history keeps it."""

    recording_id: str
    title: str
    started_at: float
    duration: float
    markers: tuple[Marker, ...] = ()
    web_url: str | None = None  # its page on the server's site, checked (uploader.web_link)

    def to_json(self) -> dict[str, Any]:
        """The entry as stored (docs/file-format.md, "History")."""
        doc: dict[str, Any] = {
            "id": self.recording_id,
            "title": self.title,
            "started_at": self.started_at,
            "duration": self.duration,
            "markers": [[m.at, m.label] for m in self.markers],
        }
        if self.web_url is not None:
            doc["web_url"] = self.web_url
        return doc

    @classmethod
    def from_json(cls, item: dict[str, Any]) -> HistoryEntry:
        """Parse one stored entry (KeyError, TypeError, ValueError if it is malformed)."""
        return cls(
            recording_id=str(item["id"]),
            title=str(item["title"]),
            started_at=float(item["started_at"]),
            duration=float(item["duration"]),
            markers=tuple(Marker(float(at), str(label)) for at, label in item["markers"]),
            web_url=None if item.get("web_url") is None else str(item["web_url"]),
        )


def _damaged(path: Path, reason: str) -> OutboxError:
    return OutboxError(
        f"the history {path} cannot be read: {reason}",
        code="history_unreadable",
        path=str(path),
        reason=reason,
    )


class History:
    """The sealed history file of one data directory and its identity in `store`."""

    def __init__(self, data_dir: Path, store: KeyStore) -> None:
        self.path = Path(data_dir) / HISTORY_NAME
        self._store = store
        self._lock = threading.RLock()
        self._identity: Any = None  # the current identity, once read from the key store
        self._stamp: tuple[int, int] | None = None  # (size, mtime_ns) of the file cached
        self._entries: dict[str, HistoryEntry] = {}

    # -- reading --------------------------------------------------------------------------------

    def entries(self) -> dict[str, HistoryEntry]:
        """Every entry by recording id ({} without a file). OutboxError history_unreadable if the
        file is damaged or its identity is gone; CryptoError if the key store fails."""
        with self._lock:
            stamp = self._file_stamp()
            if stamp is None:
                self._stamp, self._entries = None, {}
            elif stamp != self._stamp:
                self._entries = self._read()
                self._stamp = stamp
            return dict(self._entries)

    # -- writing (the outbox's exclusive opener) ------------------------------------------------

    def put(self, entry: HistoryEntry) -> None:
        """Add or replace the entry of `entry.recording_id` (the file is sealed again)."""
        with self._lock:
            try:
                entries = self.entries()
            except OutboxError as exc:
                # Its key is gone or the file is damaged: what it held is lost either way.
                log.warning("starting a new history: %s", exc)
                entries, self._identity = {}, None
            entries[entry.recording_id] = entry
            self._write(entries, self._current_identity(create=True))

    def remove(self, recording_id: str) -> bool:
        """Delete an entry and re-key: the file is sealed to a new identity and the old one is
        deleted, so an old copy of the file opens no more. False if there was no such entry."""
        with self._lock:
            entries = self.entries()
            if entries.pop(recording_id, None) is None:
                return False
            fresh = pyrage.x25519.Identity.generate()
            # Kept before the file changes: a crash after the write still finds its key.
            self._store.set(HISTORY_NEXT_NAME, str(fresh))
            self._write(entries, fresh)
            self._promote(fresh)
            return True

    # -- private --------------------------------------------------------------------------------

    def _file_stamp(self) -> tuple[int, int] | None:
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return None
        return (st.st_size, st.st_mtime_ns)

    def _read(self) -> dict[str, HistoryEntry]:
        data = self.path.read_bytes()
        # The identity read before; if it fails, the key store's now (another process re-keyed),
        # then the staged one (a crash between writing a re-keyed file and promoting it).
        for load in (lambda: self._identity, lambda: self._store.get(HISTORY_IDENTITY_NAME)):
            found = load()
            identity = self._parse(found) if isinstance(found, str) else found
            if identity is None:
                continue
            try:
                plain = unseal(data, [identity])
            except CryptoError:
                continue
            self._identity = identity
            return self._decode(plain)
        staged = self._parse(self._store.get(HISTORY_NEXT_NAME))
        if staged is None:
            raise _damaged(self.path, "it is damaged, or its key is not in the keyring")
        try:
            plain = unseal(data, [staged])
        except CryptoError:
            raise _damaged(self.path, "it is damaged") from None
        self._promote(staged)
        return self._decode(plain)

    def _decode(self, plain: bytes) -> dict[str, HistoryEntry]:
        try:
            doc = json.loads(plain)
            if doc.get("format") != HISTORY_FORMAT:
                raise ValueError("not a LogMeets history")
            version = int(doc["version"])
            if version > HISTORY_VERSION:
                raise ValueError(f"version {version}; this LogMeets reads up to {HISTORY_VERSION}")
            items = [HistoryEntry.from_json(item) for item in doc["entries"]]
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise _damaged(self.path, str(exc)) from None
        return {e.recording_id: e for e in items}

    def _write(self, entries: dict[str, HistoryEntry], identity: Any) -> None:
        doc = {
            "format": HISTORY_FORMAT,
            "version": HISTORY_VERSION,
            "entries": [e.to_json() for e in sorted(entries.values(), key=lambda e: e.started_at)],
        }
        plain = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        write_atomic(self.path, seal(plain, [str(identity.to_public())]))
        self._entries = dict(entries)
        self._stamp = self._file_stamp()

    def _promote(self, identity: Any) -> None:
        """`identity` becomes `history/identity` (the old value is overwritten: deleted)."""
        self._store.set(HISTORY_IDENTITY_NAME, str(identity))
        self._store.delete(HISTORY_NEXT_NAME)
        self._identity = identity

    def _current_identity(self, *, create: bool) -> Any:
        if self._identity is None:
            self._identity = self._parse(self._store.get(HISTORY_IDENTITY_NAME))
        if self._identity is None and create:
            identity = pyrage.x25519.Identity.generate()
            self._store.set(HISTORY_IDENTITY_NAME, str(identity))
            self._identity = identity
        return self._identity

    def _parse(self, text: str | None) -> Any:
        if text is None:
            return None
        try:
            return pyrage.x25519.Identity.from_str(text.strip())
        except Exception as exc:
            raise _damaged(self.path, "its key in the keyring is damaged") from exc


def remember(
    history: History, info: RecordingInfo, duration: float, web_url: str | None = None
) -> None:
    """Keep `info`'s title, start, `duration` and markers in `history` before the index blanks
    them, with `web_url` (or the link the entry has already). A failure is logged, not raised:
    crypto-erase goes on without the entry."""
    known = readable_entries(history).get(info.id)
    link = web_url if web_url is not None else (known.web_url if known is not None else None)
    try:
        if known is not None and not info.title and not info.markers:
            if link == known.web_url:
                return  # scrubbed already: the entry holds the words
            history.put(dataclasses.replace(known, web_url=link))
            return
        entry = HistoryEntry(info.id, info.title, info.started_at, duration, info.markers, link)
        history.put(entry)
    except (OutboxError, CryptoError) as exc:
        log.warning("recording %s not kept in the history: %s", info.id, exc)


def readable_entries(history: History) -> dict[str, HistoryEntry]:
    """`history.entries()`, or {} and a warning if the history cannot be read: the list then
    shows scrubbed recordings untitled rather than failing."""
    try:
        return history.entries()
    except (OutboxError, CryptoError) as exc:
        log.warning("the history is not readable: %s", exc)
        return {}
