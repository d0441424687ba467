"""The `export` source of shared backends (`--database`, `--store`): a complete recording's
manifest and upload rows from the metadata database, its chunks' ciphertext from the blob store
by the object key each row names. The pipeline (decrypt, check the binding, join, tag) is
`server.export`'s, the same as for a data directory."""

from __future__ import annotations

import json
from typing import Any

from server import validate as v
from server.blobs import BlobStore
from server.db import Database
from server.errors import ServerError, invalid
from server.recordings import recording_ambiguous
from server.shared_upload_row import COLUMNS, from_row
from server.upload_record import Upload

# Answers of S3 (and FileNotFoundError of a directory) that mean "the object is not there".
_GONE = {"NoSuchKey", "NoSuchBucket", "404", "NotFound"}


class SharedSource:
    """Reads the database and the store the replicas write; changes neither."""

    def __init__(self, db: Database, blobs: BlobStore, tenant: str | None = None) -> None:
        """With `tenant`, only that tenant's recordings are found."""
        self.db = db
        self.blobs = blobs
        self.tenant = tenant
        self._keys: dict[str, str] = {}  # upload id -> object key, from `uploads()`

    def recording(self, recording_id: str, user_id: str | None) -> dict[str, Any] | None:
        rid = v.uuid_str(recording_id, "recording_id")
        if user_id is not None and not v.USER_RE.fullmatch(user_id):
            raise invalid("user", "'user' is not an account name")
        sql = "SELECT user_id, manifest FROM recordings WHERE recording_id = ?"
        params: tuple[str, ...] = (rid,)
        if user_id is not None:
            sql += " AND user_id = ?"
            params += (user_id,)
        if self.tenant is not None:
            sql += " AND tenant_id = ?"
            params += (self.tenant,)
        rows = sorted(self.db.query(sql, params))
        if len(rows) > 1:
            raise recording_ambiguous(rid, [str(r[0]) for r in rows])
        if not rows:
            return None
        return {"complete": True, "user_id": rows[0][0], "manifest": json.loads(rows[0][1])}

    def uploads(self, user_id: str) -> dict[str, Upload]:
        rows = self.db.query(
            f"SELECT {COLUMNS} FROM uploads WHERE user_id = ? AND state = 'complete' "  # noqa: S608
            "ORDER BY created_at",
            (user_id,),
        )
        found: dict[str, Upload] = {}
        for r in rows:
            up = from_row(r)  # ordered by creation: the newest one wins
            found[up.chunk_id] = up
            self._keys[up.upload_id] = up.object_key
        return found

    def ciphertext(self, up: Upload, index: int) -> bytes:
        key = self._keys.get(up.upload_id, "")
        # The key names the chunk (docs/protocol.md §9): a row pointing at another object is
        # refused before anything is read.
        suffix = f"/{up.user_id}/{up.recording_id}/{index}-{up.chunk_id}.flac.age"
        if not key.endswith(suffix) or ".." in key.split("/"):
            raise ServerError(
                f"Chunk {index} ({up.chunk_id}): its upload row names the object {key!r}, not "
                f"one ending in {suffix!r}; nothing was exported.",
                code="chunk_misplaced",
                chunk_id=up.chunk_id,
            )
        try:
            return self.blobs.read(key)
        except FileNotFoundError as exc:
            raise _missing(up, index, key, "no such file") from exc
        except Exception as exc:
            code = str(getattr(exc, "response", {}).get("Error", {}).get("Code", ""))
            if code in _GONE:
                raise _missing(up, index, key, code) from exc
            raise ServerError(
                f"Cannot read the object {key} of chunk {index} from the store: {exc}",
                code="store_unavailable",
                chunk_id=up.chunk_id,
            ) from exc


def _missing(up: Upload, index: int, key: str, why: str) -> ServerError:
    return ServerError(
        f"Chunk {index} ({up.chunk_id}) is recorded in the database but its object {key} is "
        f"not in the store ({why}). After a restore, copy the bucket's objects back from the "
        "same date as the database dump (docs/deploy.md §6); nothing was exported.",
        code="chunk_missing",
        chunk_id=up.chunk_id,
    )
