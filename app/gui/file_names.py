"""Names the window derives from user data: a safe file name for an export, a server's host."""

from __future__ import annotations

import re

FALLBACK_NAME = "recording"


def export_file_name(title: str | None) -> str:
    """A file name (without extension) for a recording's export: its title with every
    character other than letters, digits, '-', '_' and spaces replaced."""
    name = re.sub(r"[^\w\- ]+", "_", title or FALLBACK_NAME).strip()
    return name or FALLBACK_NAME


def host_of(url: str | None) -> str | None:
    """The server's address as the status bar shows it: no scheme, no trailing slash."""
    if not url:
        return None
    return re.sub(r"^https?://", "", url).rstrip("/")
