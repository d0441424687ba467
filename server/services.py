"""The server's shared objects (one per app), and the request helpers every endpoint uses:
authentication and the base URL that links are built from."""

from __future__ import annotations

import re
from dataclasses import dataclass

import anyio.to_thread
from starlette.requests import Request

from server.config import ServerConfig
from server.devices import Devices
from server.errors import ServerError
from server.recordings import RecordingStore
from server.sessions import Session, Sessions
from server.shared_accounts import SharedUsers, Tenants
from server.shared_recordings import SharedRecordings
from server.shared_uploads import SharedUploadStore
from server.throttle import LoginThrottle
from server.uploads import UploadStore
from server.users import UserStore
from server.versions import CLIENT_VERSION_HEADER, require_client

_HOST_RE = re.compile(r"(\[[0-9A-Fa-f:.]{2,45}\]|[A-Za-z0-9.-]{1,253})(:[0-9]{1,5})?")


@dataclass
class Services:
    """Everything the endpoints share."""

    config: ServerConfig
    users: UserStore | SharedUsers
    sessions: Sessions
    uploads: UploadStore | SharedUploadStore
    recordings: RecordingStore | SharedRecordings
    org_recipient: str
    throttle: LoginThrottle
    devices: Devices
    tenants: Tenants | None = None  # shared backends: each tenant has its own recipient

    def recipient(self, user_id: str) -> str:
        """The age recipient the account's chunks are sealed to: its tenant's."""
        if self.tenants is None:
            return self.org_recipient
        return self.tenants.of_user(user_id).recipient


def services(request: Request) -> Services:
    """The app's `Services`."""
    svc: Services = request.app.state.services
    return svc


async def authenticate(request: Request) -> Session:
    """The live session of the request's bearer token, or 401 with the reason; 426 for a
    client older than `--min-client-version`. The lookup runs in a worker thread: on replicas
    it waits for a database connection, which must never stall the event loop."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ServerError(
            "Sign in first: this request needs an 'Authorization: Bearer' access token.",
            code="unauthorized",
            status=401,
            headers={"WWW-Authenticate": "Bearer"},
        )
    svc = services(request)
    session = await anyio.to_thread.run_sync(svc.sessions.authenticate, token.strip())
    stated = request.headers.get(CLIENT_VERSION_HEADER) or session.client_version
    require_client(stated, svc.config.min_client_version)
    return session


def require_current_client(request: Request, signed_in_as: str | None = None) -> None:
    """426 client_too_old for a client older than `--min-client-version`: the version of its
    header, else `signed_in_as` (the login's client_version)."""
    stated = request.headers.get(CLIENT_VERSION_HEADER) or signed_in_as
    require_client(stated, services(request).config.min_client_version)


def client_address(request: Request) -> str:
    """The client's IP address: the peer's, or behind a trusted HTTP proxy (uvicorn's
    `FORWARDED_ALLOW_IPS`, 127.0.0.1 and ::1 by default) the one its `X-Forwarded-For` names;
    behind a TCP proxy, the proxy's (docs/deploy.md §2)."""
    return request.client.host if request.client else "unknown"


def base_url(request: Request) -> str:
    """`scheme://host[:port]` as the client addressed us (so links work through a proxy)."""
    host = request.headers.get("host", "")
    if not _HOST_RE.fullmatch(host):
        raise ServerError("The Host header is missing or malformed.", code="bad_request")
    scheme = "https" if request.url.scheme == "https" else "http"
    return f"{scheme}://{host}"
