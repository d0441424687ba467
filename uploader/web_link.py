"""The link to a recording on the server's web site (`web_url` of the manifest's answer).

The app opens it in the user's browser, so a hostile or broken server must not be able to send
the user anywhere else: docs/protocol.md §7 lists the checks. A refused link is logged and
dropped; it never fails the upload.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from uploader.transport import is_loopback

__all__ = ["MAX_WEB_URL", "checked_web_url"]

log = logging.getLogger(__name__)

MAX_WEB_URL = 2048


def _problem(value: object, server_url: str) -> str | None:
    """Why `value` is not an acceptable link for a server at `server_url` (None: it is)."""
    if not isinstance(value, str):
        return "not a string"
    if len(value) > MAX_WEB_URL:
        return f"longer than {MAX_WEB_URL} characters"
    if any(c.isspace() or ord(c) < 0x20 or ord(c) == 0x7F for c in value):
        return "contains whitespace or control characters"
    try:
        parts = urlsplit(value)
        _ = parts.port  # raises ValueError for a malformed port
    except ValueError:
        return "not a URL"
    host = parts.hostname
    if parts.scheme != "https" and not (parts.scheme == "http" and is_loopback(host)):
        return f"scheme {parts.scheme or 'missing'!r} is not https"
    if parts.username is not None or parts.password is not None:
        return "carries a user name or password"
    server_host = urlsplit(server_url).hostname
    if not host or host != server_host:
        return f"host {host!r} is not the server's {server_host!r}"
    return None


def checked_web_url(value: object, server_url: str, recording_id: str) -> str | None:
    """`value` if it is a link the app may open for the server at `server_url`; otherwise None
    (and a log line naming the reason; the link itself is not logged in full)."""
    if value is None:
        return None
    reason = _problem(value, server_url)
    if reason is None and isinstance(value, str):
        return value
    log.warning("web_url refused for recording %s: %s", recording_id, reason)
    return None
