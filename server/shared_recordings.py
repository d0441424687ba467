"""Recording manifests in the metadata database (the replicas' `server.recordings`)."""

from __future__ import annotations

import json
import time
from typing import Any

import anyio.to_thread

from server.db import Database
from server.recordings import ManifestResult, missing_chunks
from server.shared_uploads import SharedUploadStore


class SharedRecordings:
    """Stored manifests of complete recordings; the same API as `RecordingStore`."""

    def __init__(self, db: Database, uploads: SharedUploadStore) -> None:
        self.db = db
        self._uploads = uploads

    async def put(self, user_id: str, manifest: dict[str, Any]) -> ManifestResult:
        """Store a manifest whose chunks are all held and verified, else 409 with the ids."""
        rid = manifest["recording_id"]
        await missing_chunks(self._uploads, user_id, manifest)

        def _write() -> bool:
            """Whether the manifest is new (a repeat replaces it)."""
            with self.db.transaction() as tx:
                tenant = tx.query("SELECT tenant_id FROM users WHERE user_id = ?", (user_id,))
                existed = tx.query(
                    "SELECT 1 FROM recordings WHERE user_id = ? AND recording_id = ?",
                    (user_id, rid),
                )
                tx.execute(
                    "INSERT INTO recordings (user_id, recording_id, tenant_id, manifest, "
                    "stored_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id, recording_id) "
                    "DO UPDATE SET manifest = excluded.manifest",
                    (
                        user_id,
                        rid,
                        tenant[0][0] if tenant else "",
                        json.dumps(manifest),
                        time.time(),
                    ),
                )
            return not existed

        created = await anyio.to_thread.run_sync(_write)
        await self._uploads.claim(user_id, [c["chunk_id"] for c in manifest["chunks"]])
        size = sum(int(c["size"]) for c in manifest["chunks"])
        return ManifestResult(created, len(manifest["chunks"]), size)

    def get(self, user_id: str, recording_id: str) -> dict[str, Any] | None:
        """The stored manifest document, or None."""
        r = self.db.one(
            "SELECT manifest FROM recordings WHERE user_id = ? AND recording_id = ?",
            (user_id, recording_id),
        )
        if r is None:
            return None
        return {"complete": True, "user_id": user_id, "manifest": json.loads(r[0])}
