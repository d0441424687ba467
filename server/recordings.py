"""Recording manifests (docs/protocol.md §7): validation, the completeness check against the
account's verified uploads, and storage under `DATA/recordings/<user_id>/<recording_id>.json`."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import anyio.to_thread

from server import validate as v
from server.errors import ServerError, invalid
from server.storage import read_json, write_json
from server.upload_record import Upload
from server.uploads import UploadStore

MAX_CHUNKS = 100_000
MAX_MARKERS = 10_000
_EPOCH_MAX = 1e11  # year ~5138: rejects garbage, not real dates
_TIME_MAX = 1e9


def _list(obj: dict[str, Any], field: str, *, max_len: int, min_len: int = 0) -> list[Any]:
    value = obj.get(field, [] if min_len == 0 else None)
    if not isinstance(value, list):
        raise invalid(field, f"'{field}' must be a list")
    if not min_len <= len(value) <= max_len:
        raise invalid(field, f"'{field}' must have {min_len} to {max_len} entries")
    return value


def _obj(value: object, field: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise invalid(field, f"'{field}' entries must be objects")
    return value


def validate_manifest(recording_id: str, doc: dict[str, Any]) -> dict[str, Any]:
    """The manifest normalised to the documented fields; 400 `invalid_field` on any bad one."""
    if "recording_id" in doc and doc["recording_id"] != recording_id:
        raise invalid("recording_id", "'recording_id' must equal the id in the URL")
    title = v.string(doc, "title", max_len=512, required=False) or ""
    started = v.number(doc, "started_at", lo=0, hi=_EPOCH_MAX, required=False)
    ended = v.number(doc, "ended_at", lo=0, hi=_EPOCH_MAX, required=False)
    if started is not None and ended is not None and ended < started:
        raise invalid("ended_at", "'ended_at' must not be before 'started_at'")
    out: dict[str, Any] = {
        "recording_id": recording_id,
        "title": title,
        "started_at": started,
        "ended_at": ended,
        "sample_rate": v.integer(doc, "sample_rate", lo=8000, hi=384000, required=False),
        "channels": v.integer(doc, "channels", lo=1, hi=8, required=False),
        "subtype": v.string(doc, "subtype", max_len=16, required=False),
    }
    chunks: list[dict[str, Any]] = []
    seen_ids: set[str] = set()
    seen_idx: set[int] = set()
    for raw in _list(doc, "chunks", min_len=1, max_len=MAX_CHUNKS):
        c = _obj(raw, "chunks")
        cid = v.uuid_str(c.get("chunk_id"), "chunks.chunk_id")
        idx = v.integer(c, "index", lo=0, hi=MAX_CHUNKS * 10)
        assert idx is not None
        if cid in seen_ids:
            raise invalid("chunks.chunk_id", f"chunk {cid} is listed twice")
        if idx in seen_idx:
            raise invalid("chunks.index", f"index {idx} is listed twice")
        seen_ids.add(cid)
        seen_idx.add(idx)
        recovered = c.get("recovered", False)
        if not isinstance(recovered, bool):
            raise invalid("chunks.recovered", "'recovered' must be true or false")
        chunks.append(
            {
                "chunk_id": cid,
                "index": idx,
                "sha256": v.sha256_hex(c.get("sha256"), "chunks.sha256"),
                "size": v.integer(c, "size", lo=1, hi=2**40),
                "duration": v.number(c, "duration", lo=0, hi=_TIME_MAX, required=False),
                "started_at": v.number(c, "started_at", lo=0, hi=_EPOCH_MAX, required=False),
                "recovered": recovered,
            }
        )
    out["chunks"] = sorted(chunks, key=lambda c: c["index"])
    out["markers"] = [
        {
            "at": v.number(m, "at", lo=0, hi=_TIME_MAX),
            "label": v.string(m, "label", max_len=256, required=False) or "",
        }
        for m in (_obj(x, "markers") for x in _list(doc, "markers", max_len=MAX_MARKERS))
    ]
    gaps = []
    for g in (_obj(x, "gaps") for x in _list(doc, "gaps", max_len=MAX_MARKERS)):
        start = v.number(g, "start", lo=0, hi=_EPOCH_MAX)
        end = v.number(g, "end", lo=0, hi=_EPOCH_MAX)
        assert start is not None and end is not None
        if end < start:
            raise invalid("gaps.end", "a gap must not end before it starts")
        gaps.append({"start": start, "end": end, "reason": v.string(g, "reason", max_len=64) or ""})
    out["gaps"] = gaps
    out["silences"] = [_stretch(x) for x in _list(doc, "silences", max_len=MAX_MARKERS)]
    return out


def _stretch(value: object) -> list[float]:
    """One `silences` entry: `[start, end]`, seconds from the start, 0 ≤ start ≤ end."""
    if (
        not isinstance(value, list)
        or len(value) != 2
        or any(isinstance(x, bool) or not isinstance(x, int | float) for x in value)
    ):
        raise invalid("silences", "'silences' entries must be [start, end] pairs of numbers")
    start, end = float(value[0]), float(value[1])
    if not (math.isfinite(start) and math.isfinite(end) and 0 <= start <= end <= _TIME_MAX):
        raise invalid("silences", f"'silences' entries must have 0 <= start <= end <= {_TIME_MAX}")
    return [start, end]


@dataclass(frozen=True)
class ManifestResult:
    """The outcome of a complete manifest: `created` is False on a repeat."""

    created: bool
    chunks: int
    size: int


class _Lookup(Protocol):
    async def by_chunks(self, user_id: str, chunk_ids: list[str]) -> Mapping[str, Upload]: ...


async def missing_chunks(uploads: _Lookup, user_id: str, manifest: dict[str, Any]) -> None:
    """409 `missing_chunks` unless every chunk of the manifest is held complete with the
    manifest's size and sha256, for this recording."""
    rid = manifest["recording_id"]
    missing: list[str] = []
    mismatched: list[str] = []
    held = await uploads.by_chunks(user_id, [c["chunk_id"] for c in manifest["chunks"]])
    for c in manifest["chunks"]:
        up = held.get(c["chunk_id"])
        if up is None or up.state != "complete":
            missing.append(c["chunk_id"])
        elif up.sha256 != c["sha256"] or up.length != c["size"] or up.recording_id != rid:
            mismatched.append(c["chunk_id"])
    if missing or mismatched:
        raise ServerError(
            "Some chunks of this recording are not on the server yet; upload them and send "
            "the manifest again.",
            code="missing_chunks",
            status=409,
            missing=missing,
            mismatched=mismatched,
        )


class RecordingStore:
    """Stored manifests of complete recordings."""

    def __init__(self, data_dir: Path, uploads: UploadStore) -> None:
        self.dir = data_dir / "recordings"
        self._uploads = uploads

    def _path(self, user_id: str, recording_id: str) -> Path:
        return self.dir / user_id / f"{recording_id}.json"

    async def put(self, user_id: str, manifest: dict[str, Any]) -> ManifestResult:
        """Store a manifest whose chunks are all held and verified, else 409 with the ids."""
        rid = manifest["recording_id"]
        await missing_chunks(self._uploads, user_id, manifest)
        path = self._path(user_id, rid)
        created = not path.exists()

        def _write() -> None:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_json(path, {"complete": True, "user_id": user_id, "manifest": manifest})

        await anyio.to_thread.run_sync(_write)
        await self._uploads.claim(user_id, [c["chunk_id"] for c in manifest["chunks"]])
        size = sum(int(c["size"]) for c in manifest["chunks"])
        return ManifestResult(created, len(manifest["chunks"]), size)

    def get(self, user_id: str, recording_id: str) -> dict[str, Any] | None:
        """The stored manifest document, or None."""
        return find_recording(self.dir.parent, recording_id, user_id)


def find_recording(
    data_dir: Path, recording_id: str, user_id: str | None = None
) -> dict[str, Any] | None:
    """A stored recording document by id, searching every account unless `user_id` is given;
    `recording_ambiguous` when several accounts hold that id (ids are chosen by clients, so
    the first one found could be anyone's). Both ids are validated before they become a path.
    Read-only: safe while the server runs."""
    rid = v.uuid_str(recording_id, "recording_id")
    if user_id is not None and not v.USER_RE.fullmatch(user_id):
        raise invalid("user", "'user' is not an account name")
    base = data_dir / "recordings"
    users = [user_id] if user_id else sorted(p.name for p in base.glob("*") if p.is_dir())
    found = [u for u in users if v.USER_RE.fullmatch(u) and (base / u / f"{rid}.json").exists()]
    if len(found) > 1:
        raise recording_ambiguous(rid, found)
    if not found:
        return None
    doc: dict[str, Any] = read_json(base / found[0] / f"{rid}.json")
    return doc


def recording_ambiguous(recording_id: str, accounts: list[str]) -> ServerError:
    """`export` without `--user` when several accounts hold the recording id."""
    return ServerError(
        f"Several accounts hold a recording {recording_id} ({', '.join(accounts)}); give --user.",
        code="recording_ambiguous",
        accounts=accounts,
    )
