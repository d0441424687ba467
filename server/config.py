"""The server's configuration, passed into the app factory (no module reads globals)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

MiB = 1024 * 1024


@dataclass(frozen=True)
class ServerConfig:
    """Everything `create_app` needs. Durations are seconds."""

    data_dir: Path
    access_ttl: float = 900.0
    refresh_ttl: float = 30 * 24 * 3600.0
    upload_expiry: float = 24 * 3600.0
    body_timeout: float = 30.0
    # A PATCH silent this long is presumed dead when another request wants its upload.
    lock_steal_after: float = 5.0
    max_upload_size: int = 256 * MiB
    max_json_size: int = 1 * MiB
    # Creation and PATCH are refused with 503 while the data dir has less free space than this.
    min_free_bytes: int = 64 * MiB
    login_failures_allowed: int = 5
    login_failure_window: float = 60.0
    scrypt_n: int = 2**15
    org_identity_file: Path | None = None
