"""A sync client in its own process, for the SIGKILL test: `client_proc.py HOME URL CA SERVICE
PIECE KBPS`. Uses the real Secret Service keyring (service SERVICE) so that the parent and each
child share keys and the session; prints a JSON summary when drained."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from keyring.backends import SecretService

from crypto import DeviceKeys, KeyStore
from outbox import AuditLog, Outbox
from uploader import SyncConfig, SyncScheduler

#: The organisation recipient parent and child seal to (known from the start, as with a managed
#: config), so that the chunks go as the parent sealed them. Its identity is not needed here.
ORG_RECIPIENT = "age1d2957muqjlqdl6ae8frgke6xx5g8h67fepnwrh69zw9pz9l2juksgps7xd"


def open_box(home: Path, service: str) -> tuple[Outbox, KeyStore]:
    store = KeyStore(SecretService.Keyring(), service=service)
    keys = DeviceKeys(store)
    audit = AuditLog(home / "audit.log", keys.audit_key(), device_id="kill-test")
    return Outbox.open(home, keys=keys, audit=audit, org_recipient=ORG_RECIPIENT), store


def main() -> None:
    home, url, ca, service, piece, kbps = sys.argv[1:7]
    box, store = open_box(Path(home), service)
    cfg = SyncConfig(
        server_url=url,
        ca_file=Path(ca),
        piece_size=int(piece),
        bandwidth_limit_kbps=int(kbps),
        timeout=(3.0, 10.0),
        backoff_base=0.2,
        backoff_cap=2.0,
    )
    sched = SyncScheduler(box, cfg, store)
    summary = sched.run_once()
    sched.stop()
    print(json.dumps({"confirmed": summary.confirmed, "bytes_sent": summary.bytes_sent}))
    box.close()


if __name__ == "__main__":
    main()
