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
    # A request head, and a JSON body, must arrive whole within this many seconds; a PATCH body
    # may stall this long (it is authenticated, and slow networks are legitimate).
    body_timeout: float = 30.0
    # Past `rate_grace` seconds, a head or JSON body arriving slower than `min_rate` bytes/s
    # (on average since it began) is cut off.
    min_rate: float = 1024.0
    rate_grace: float = 5.0
    max_connections_per_address: int = 64
    # A PATCH silent this long is presumed dead when another request wants its upload.
    lock_steal_after: float = 5.0
    max_upload_size: int = 256 * MiB
    max_json_size: int = 1 * MiB
    # Creation and PATCH are refused with 503 while the data dir has less free space than this.
    min_free_bytes: int = 64 * MiB
    # Per account: incomplete uploads at once, and the bytes they declare.
    max_open_uploads: int = 100
    max_open_bytes: int = 2048 * MiB
    # A complete upload that no manifest lists this long after it completed expires.
    complete_expiry: float = 30 * 24 * 3600.0
    # Failed sign-ins allowed per account (or known device) and per source address before a
    # lock of `login_failure_window` seconds, doubled at each further lockout.
    login_failures_allowed: int = 5
    login_failures_per_address: int = 20
    login_failure_window: float = 60.0
    device_proof_ttl: float = 180 * 24 * 3600.0
    scrypt_n: int = 2**17  # OWASP's scrypt setting (r=8, p=1): 128 MiB and ~0.4 s per hash
    # The organisation's age recipient (public key); None: `DATA/org-recipient.txt`.
    org_recipient: str | None = None
    # Older clients are answered 426 client_too_old (server/versions.py); None: any version.
    min_client_version: str | None = None
    # The manifest's answer carries `web_url = web_url_base + recording id`; None: no link.
    web_url_base: str | None = None
    # Shared backends (docs/deploy.md): the metadata database (sqlite:///… or postgresql://…)
    # and the blob store (dir:///… or s3://…). Neither: today's JSON files and DATA/uploads.
    database: str | None = None
    store: str | None = None
    db_pool: int = 10
    # The tenant new accounts (`--demo-user`, `adduser`) go to on shared backends.
    tenant: str = "default"
    # Seconds between two runs of the expiry sweep (every backend).
    sweep_interval: float = 300.0
    # AWS_* keys for an s3:// store that names none (passed in from the environment).
    store_env: tuple[tuple[str, str], ...] = ()

    @property
    def shared(self) -> bool:
        """Whether the metadata lives in a database (and the bytes in a blob store)."""
        return self.database is not None or self.store is not None
