"""The rules of uploads that every upload store follows, written once (docs/protocol.md §5): an
upload is seen only by its account, a rejected one is gone, an expired one answers 410, and
creation is idempotent by `(account, chunk_id)`: the live upload of the same chunk is returned,
or 409 `chunk_conflict` when it declares another size or sha256.

`UploadRules` holds them over four steps a store provides, which differ only in where the rows
live: `server.uploads.UploadStore` (one server: tables in memory, JSON files on disk) and
`server.shared_uploads.SharedUploadStore` (replicas: the metadata database)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Generic, TypeVar

from server.config import ServerConfig
from server.errors import ServerError
from server.upload_locks import locked
from server.upload_record import NewUpload, Upload

U = TypeVar("U", bound=Upload)
_CREATE_TRIES = 3  # a twin creation that wins the race each time is a client bug


def _chunk_conflict(chunk_id: str) -> ServerError:
    return ServerError(
        "This chunk id is already being uploaded with another size or sha256.",
        code="chunk_conflict",
        status=409,
        chunk_id=chunk_id,
    )


@dataclass(frozen=True)
class UploadLimits:
    """How long uploads live and what they may hold (docs/protocol.md §5.2, §5.5, §5.7)."""

    expiry: float  # seconds an incomplete upload lives after its last byte
    min_free_bytes: int = 0  # creation and PATCH are refused below this much free space
    steal_after: float = 5.0  # seconds without a byte before a writer loses the upload
    max_open_uploads: int = 100  # per account
    max_open_bytes: int = 2**31  # declared by the open uploads of an account
    complete_expiry: float = 30 * 24 * 3600.0  # a complete upload no manifest claims

    @classmethod
    def of(cls, config: ServerConfig) -> UploadLimits:
        """The limits a server's configuration sets."""
        return cls(
            expiry=config.upload_expiry,
            min_free_bytes=config.min_free_bytes,
            steal_after=config.lock_steal_after,
            max_open_uploads=config.max_open_uploads,
            max_open_bytes=config.max_open_bytes,
            complete_expiry=config.complete_expiry,
        )


class UploadRules(ABC, Generic[U]):
    """Lookups and idempotent creation over a store's rows (`U`: its upload record)."""

    def __init__(self, limits: UploadLimits) -> None:
        self.limits = limits
        self.expiry = limits.expiry
        self.complete_expiry = limits.complete_expiry
        self.min_free_bytes = limits.min_free_bytes
        self.max_open_uploads = limits.max_open_uploads
        self.max_open_bytes = limits.max_open_bytes

    @abstractmethod
    async def _find(self, upload_id: str) -> U | None:
        """The upload of this id, any account, any state; or None."""

    @abstractmethod
    async def _latest(self, user_id: str, chunk_ids: list[str]) -> dict[str, U]:
        """The most recently created upload of each of these chunks by this account, by
        chunk id (chunks without one are left out)."""

    @abstractmethod
    async def _expire_if_due(self, up: U) -> None:
        """Expire `up` (state `expired`, bytes freed) if it is past its time."""

    @abstractmethod
    async def _add(self, user_id: str, new: NewUpload) -> U | None:
        """Store a fresh upload after the account's quota and the free space allow it (429,
        503 otherwise); None when a twin creation of the same chunk got there first."""

    async def get(self, user_id: str, upload_id: str) -> U:
        """The caller's live upload, or 404 `not_found` / 410 `upload_expired`."""
        up = await self._find(upload_id)
        if up is None or up.user_id != user_id or up.state == "rejected":
            raise ServerError("No such upload.", code="not_found", status=404)
        await self._expire_if_due(up)
        if up.state == "expired":
            raise ServerError(
                "This upload expired; create it again.", code="upload_expired", status=410
            )
        return up

    async def by_chunk(self, user_id: str, chunk_id: str) -> U | None:
        """The latest upload of a chunk by this account (any state but expired), or None."""
        return (await self.by_chunks(user_id, [chunk_id])).get(chunk_id)

    async def by_chunks(self, user_id: str, chunk_ids: list[str]) -> dict[str, U]:
        """`by_chunk` of many chunks in one lookup (a manifest's), by chunk id."""
        found = await self._latest(user_id, chunk_ids)
        for up in found.values():
            await self._expire_if_due(up)
        return {cid: up for cid, up in found.items() if up.state != "expired"}

    async def create(self, user_id: str, new: NewUpload) -> tuple[U, bool]:
        """Create an upload, or return the live one of the same chunk (idempotency).

        Returns (upload, created). Raises 409 `chunk_conflict` when the live upload of that
        chunk declares another size or sha256.
        """
        for _ in range(_CREATE_TRIES):
            existing = await self.by_chunk(user_id, new.chunk_id)
            if existing is not None and existing.state in ("active", "complete"):
                if existing.length != new.length or existing.declared_sha256 != new.sha256:
                    raise _chunk_conflict(new.chunk_id)
                return existing, False
            up = await self._add(user_id, new)
            if up is not None:
                return up, True
            # A twin creation (on another replica) won the race: return its upload.
        raise locked("This chunk is being created by another request; retry shortly.")
