"""A request body over one piece of a chunk that says how far it got: each block it hands the
network is counted (`on_read`), and drawn from the bandwidth limit when there is one.

requests sees `__len__` and sends a Content-Length; urllib3 reads the body block by block
(`SEND_BLOCK`, set on our connections in uploader/transport.py), so the count moves as the bytes
go out, within one PATCH, not only when the server answers."""

from __future__ import annotations

from collections.abc import Callable

from uploader.ratelimit import TokenBucket

#: Bytes urllib3 asks for at a time (its default, 16 KiB, costs a call and a TLS record per
#: 16 KiB; 256 KiB keeps a fast link's cost of counting negligible, see bench/RESULTS.md).
SEND_BLOCK = 256 * 1024
#: Blocks handed out under a bandwidth limit: small, so the pace is even.
THROTTLED_BLOCK = 16 * 1024


class PieceBody:
    """A file-like request body over `data`. With a `bucket` it takes tokens before each block;
    `on_read(n)` is told the total handed out so far after each block."""

    def __init__(
        self,
        data: bytes | memoryview,
        bucket: TokenBucket | None = None,
        *,
        on_read: Callable[[int], None] | None = None,
        block: int | None = None,
    ) -> None:
        self._view = memoryview(data)
        self._pos = 0
        self._bucket = bucket
        self._on_read = on_read
        self._block = block or (THROTTLED_BLOCK if bucket is not None else SEND_BLOCK)

    def __len__(self) -> int:
        return len(self._view)

    def read(self, size: int = -1) -> bytes:
        """Up to `size` bytes (at most one block), after the bucket allows them."""
        if size is None or size < 0 or size > self._block:
            size = self._block
        piece = self._view[self._pos : self._pos + size]
        if piece and self._bucket is not None:
            self._bucket.take(len(piece))
        self._pos += len(piece)
        if piece and self._on_read is not None:
            self._on_read(self._pos)
        return bytes(piece)
