"""Per-account limits on what uploads may hold (docs/protocol.md §5.2, §5.7): the open
(incomplete) uploads of an account and the bytes they declare, the disk space promised to open
uploads, and whether a manifest claims a complete upload (unclaimed ones expire)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from server.errors import ServerError


class Held(Protocol):
    """What these rules read of an upload (`server.upload_record.Upload`, without importing it)."""

    @property
    def user_id(self) -> str: ...
    @property
    def chunk_id(self) -> str: ...
    @property
    def recording_id(self) -> str: ...
    @property
    def length(self) -> int: ...
    @property
    def offset(self) -> int: ...
    @property
    def state(self) -> str: ...


def promised_bytes(uploads: Iterable[Held]) -> int:
    """Bytes that open uploads may still write: free space already spoken for."""
    return sum(u.length - u.offset for u in uploads if u.state == "active")


def check_account(
    uploads: Iterable[Held], user_id: str, length: int, *, max_open: int, max_bytes: int
) -> None:
    """429 `quota_exceeded` when one more open upload of `length` bytes would pass the
    account's limits."""
    mine = [u for u in uploads if u.user_id == user_id and u.state == "active"]
    declared = sum(u.length for u in mine)
    if len(mine) + 1 > max_open or declared + length > max_bytes:
        raise ServerError(
            "This account has too many unfinished uploads (or bytes declared by them); finish "
            "or delete some, then retry.",
            code="quota_exceeded",
            status=429,
            headers={"Retry-After": "60"},
            open_uploads=len(mine),
            open_bytes=declared,
            max_open_uploads=max_open,
            max_open_bytes=max_bytes,
        )


def claimed_by_manifest(data_dir: Path, up: Held) -> bool:
    """Whether the stored manifest of the upload's recording lists its chunk. Ids were
    validated as UUIDs and account names as `USER_RE` before they were stored."""
    path = data_dir / "recordings" / up.user_id / f"{up.recording_id}.json"
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    chunks = doc.get("manifest", {}).get("chunks", [])
    return any(c.get("chunk_id") == up.chunk_id for c in chunks if isinstance(c, dict))
