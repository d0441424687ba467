"""The server's shared objects (one per app), and the request helpers every endpoint uses:
authentication and the base URL that links are built from."""

from __future__ import annotations

import collections
import re
import time
from dataclasses import dataclass, field

from starlette.requests import Request

from server.config import ServerConfig
from server.errors import ServerError
from server.recordings import RecordingStore
from server.sessions import Session, SessionStore
from server.uploads import UploadStore
from server.users import UserStore

_HOST_RE = re.compile(r"(\[[0-9A-Fa-f:.]{2,45}\]|[A-Za-z0-9.-]{1,253})(:[0-9]{1,5})?")


@dataclass
class LoginLimiter:
    """Counts failed logins per account name in a sliding window (docs/protocol.md §4)."""

    allowed: int
    window: float
    _failures: dict[str, collections.deque[float]] = field(default_factory=dict)

    def check(self, user: str) -> None:
        """429 `too_many_requests` while `user` has too many recent failures."""
        q = self._failures.get(user)
        if not q:
            return
        now = time.monotonic()
        while q and q[0] <= now - self.window:
            q.popleft()
        if len(q) >= self.allowed:
            retry = max(1, int(q[0] + self.window - now) + 1)
            raise ServerError(
                "Too many failed sign-ins for this account; wait and try again.",
                code="too_many_requests",
                status=429,
                headers={"Retry-After": str(retry)},
            )

    def failed(self, user: str) -> None:
        """Record one failed login of `user`."""
        if len(self._failures) > 100_000:
            self._failures.clear()  # bounded memory under a flood of made-up names
        self._failures.setdefault(user, collections.deque()).append(time.monotonic())

    def succeeded(self, user: str) -> None:
        """Forget the failures of `user`."""
        self._failures.pop(user, None)


@dataclass
class Services:
    """Everything the endpoints share."""

    config: ServerConfig
    users: UserStore
    sessions: SessionStore
    uploads: UploadStore
    recordings: RecordingStore
    org_recipient: str
    limiter: LoginLimiter


def services(request: Request) -> Services:
    """The app's `Services`."""
    svc: Services = request.app.state.services
    return svc


def authenticate(request: Request) -> Session:
    """The live session of the request's bearer token, or 401 with the reason."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ServerError(
            "Sign in first: this request needs an 'Authorization: Bearer' access token.",
            code="unauthorized",
            status=401,
            headers={"WWW-Authenticate": "Bearer"},
        )
    return services(request).sessions.authenticate(token.strip())


def base_url(request: Request) -> str:
    """`scheme://host[:port]` as the client addressed us (so links work through a proxy)."""
    host = request.headers.get("host", "")
    if not _HOST_RE.fullmatch(host):
        raise ServerError("The Host header is missing or malformed.", code="bad_request")
    scheme = "https" if request.url.scheme == "https" else "http"
    return f"{scheme}://{host}"
