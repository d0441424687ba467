"""Device proofs (docs/protocol.md §3.1): at each successful sign-in the server gives the device
a fresh random proof, bound to the account and the `device_id`, and keeps only its sha256 in
`DATA/devices.json`. A later sign-in that presents it is throttled per device instead of per
account (`server.throttle`): an attack on the account does not lock its known devices out."""

from __future__ import annotations

import hashlib
import hmac
import re
import threading
import time
from pathlib import Path
from typing import Any

from server.sessions import new_secret
from server.storage import read_json, write_json

PROOF_RE = re.compile(r"[A-Za-z0-9_-]{43}")
_MAX_DEVICES = 32  # per account; the least recently used is forgotten first


def _hash(proof: str) -> str:
    return hashlib.sha256(proof.encode("ascii")).hexdigest()


class DeviceProofs:
    """Thread-safe table `user_id -> device_id -> (sha256 of the proof, issued_at)`."""

    def __init__(self, data_dir: Path, *, ttl: float) -> None:
        self._path = data_dir / "devices.json"
        self._ttl = ttl
        self._lock = threading.Lock()
        self._table: dict[str, dict[str, dict[str, Any]]] = {}
        if self._path.exists():
            self._table = read_json(self._path).get("devices", {})

    def check(self, user_id: str, device_id: str, proof: str) -> bool:
        """Whether `proof` is the live proof last issued to this device of this account."""
        with self._lock:
            rec = self._table.get(user_id, {}).get(device_id)
        stored = rec["hash"] if rec and rec["issued_at"] + self._ttl > time.time() else "0" * 64
        # Compared in constant time even when no proof is stored.
        return hmac.compare_digest(_hash(proof), stored) and rec is not None

    def issue(self, user_id: str, device_id: str) -> str:
        """A fresh proof for the device (the previous one dies); persisted before returned."""
        proof = new_secret()
        now = time.time()
        with self._lock:
            devices = self._table.setdefault(user_id, {})
            devices[device_id] = {"hash": _hash(proof), "issued_at": now}
            live = sorted(
                (d for d in devices.items() if d[1]["issued_at"] + self._ttl > now),
                key=lambda d: d[1]["issued_at"],
            )
            self._table[user_id] = dict(live[-_MAX_DEVICES:])
            write_json(self._path, {"version": 1, "devices": self._table})
        return proof
