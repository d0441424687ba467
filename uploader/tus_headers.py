"""The tus 1.0 headers and what they mean: the server's capabilities (`OPTIONS`),
`Upload-Metadata`, `Upload-Checksum`, `Upload-Offset` and where a `Location` points. Pure
functions over headers; the state machine that sends them is `tus.py`.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit, urlunsplit

from uploader.errors import ForeignOriginError, ProtocolError
from uploader.transport import Reply

TUS_VERSION = "1.0.0"
OCTET = "application/offset+octet-stream"


@dataclass(frozen=True)
class ServerCaps:
    """What `OPTIONS` on the creation URL said the server offers."""

    extensions: frozenset[str] = frozenset()
    checksum_algorithms: tuple[str, ...] = ()
    max_size: int | None = None

    @property
    def checksum_algorithm(self) -> str | None:
        """sha256 when offered, else sha1, else None (send no Upload-Checksum)."""
        if "checksum" not in self.extensions:
            return None
        for algo in ("sha256", "sha1"):
            if algo in self.checksum_algorithms:
                return algo
        return None

    @property
    def creation_with_upload(self) -> bool:
        """The first piece may travel with the POST that creates the upload."""
        return "creation-with-upload" in self.extensions

    @classmethod
    def from_reply(cls, reply: Reply) -> ServerCaps:
        """Parses Tus-Extension, Tus-Checksum-Algorithm and Tus-Max-Size."""

        def items(name: str) -> list[str]:
            raw = reply.headers.get(name, "")
            return [x.strip().lower() for x in raw.split(",") if x.strip()]

        size = reply.headers.get("Tus-Max-Size", "")
        return cls(
            extensions=frozenset(items("Tus-Extension")),
            checksum_algorithms=tuple(items("Tus-Checksum-Algorithm")),
            max_size=int(size) if size.isdigit() else None,
        )


def encode_metadata(metadata: Mapping[str, str]) -> str:
    """The tus `Upload-Metadata` encoding: `key base64(value)` pairs, comma-separated."""
    parts = []
    for key, value in metadata.items():
        if not key or any(c in key for c in " ,"):
            raise ValueError(f"bad metadata key {key!r}")
        parts.append(f"{key} {base64.b64encode(value.encode('utf-8')).decode('ascii')}")
    return ",".join(parts)


def origin(url: str) -> tuple[str, str, int | None]:
    """(scheme, host, port) of `url`, the port made explicit for https and http."""
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:  # a port that is not a number: an origin of its own, matching nothing
        return (parts.scheme.lower(), parts.netloc.lower(), -1)
    scheme = parts.scheme.lower()
    if port is None:
        port = {"https": 443, "http": 80}.get(scheme)
    return (scheme, (parts.hostname or "").lower(), port)


def same_origin(url: str, other: str) -> bool:
    """True when both URLs have the same scheme, host and port (and a host at all)."""
    return bool(urlsplit(url).hostname) and origin(url) == origin(other)


def under_endpoint(url: str, endpoint: str) -> bool:
    """True when `url` is on the endpoint's origin and its path lies under the endpoint's: a
    stored upload URL is reused only then (made for another server or endpoint, it is dropped)."""
    base = urlsplit(endpoint).path.rstrip("/") + "/"
    return same_origin(url, endpoint) and urlsplit(url).path.startswith(base)


def resolve_location(request_url: str, location: str) -> str:
    """The absolute upload URL from a `Location` header: relative ones are resolved against the
    request URL; an `http://` Location answered over TLS for the same host (a TLS-terminating
    proxy in front of a server that does not know it) is upgraded to the request's https
    origin; one for another host is refused rather than sending chunks in clear, and any other
    origin is refused (`foreign_location`): the bearer token goes to the endpoint's origin only."""
    absolute = urljoin(request_url, location.strip())
    req, loc = urlsplit(request_url), urlsplit(absolute)
    if req.scheme == "https" and loc.scheme == "http":
        if loc.hostname != req.hostname:
            raise ProtocolError(
                f"the server sent a plain-http upload URL for another host: {absolute}",
                code="insecure_location",
                location=absolute,
            )
        return urlunsplit(("https", req.netloc, loc.path, loc.query, ""))
    if loc.scheme not in ("http", "https"):
        raise ProtocolError(f"unusable Location {location!r}", location=location)
    if not same_origin(absolute, request_url):
        raise ForeignOriginError(
            f"the server sent an upload URL on another origin: {absolute}",
            code="foreign_location",
            location=absolute,
        )
    return absolute


def digest_header(algo: str, piece: bytes | memoryview) -> str:
    """The `Upload-Checksum` value of `piece`: `<algo> <base64 digest>`."""
    return f"{algo} {base64.b64encode(hashlib.new(algo, piece).digest()).decode('ascii')}"


def offset_header(reply: Reply, name: str = "Upload-Offset") -> int | None:
    """A non-negative integer header (`Upload-Offset`, `Upload-Length`), or None when absent
    or not a number."""
    raw = reply.headers.get(name)
    if raw is None or not raw.strip().isdigit():
        return None
    return int(raw.strip())
