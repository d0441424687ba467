"""Device proofs (docs/protocol.md §3.1): at each successful sign-in the server gives the device
a fresh random proof, bound to the account and the `device_id`, and keeps only its sha256 in
`DATA/devices.json`. A later sign-in that presents it is throttled per device instead of per
account (`server.throttle`): an attack on the account does not lock its known devices out.

The rules (`Devices`) are written once over `DeviceRows`, where the proofs' hashes live:
`DeviceProofs` keeps them in `DATA/devices.json` (one server), `server.shared_accounts` in the
metadata database (replicas)."""

from __future__ import annotations

import hashlib
import hmac
import re
import threading
import time
from pathlib import Path
from typing import Any, Protocol

from server.sessions import new_secret
from server.storage import read_json, write_json

PROOF_RE = re.compile(r"[A-Za-z0-9_-]{43}")
_MAX_DEVICES = 32  # per account; the least recently used is forgotten first


def _hash(proof: str) -> str:
    return hashlib.sha256(proof.encode("ascii")).hexdigest()


class DeviceRows(Protocol):
    """Where the proofs' hashes are kept."""

    def get(self, user_id: str, device_id: str) -> tuple[str, float] | None:
        """(sha256 of the proof, issued_at) last stored for the device, or None."""
        ...

    def put(self, user_id: str, device_id: str, proof_hash: str, issued_at: float) -> None:
        """Store the device's new proof hash (the previous one dies)."""
        ...


class Devices:
    """The device-proof rules over `rows`: a proof lives `ttl` seconds, is bound to its
    account and device, and is replaced at every sign-in."""

    def __init__(self, rows: DeviceRows, *, ttl: float) -> None:
        self.rows = rows
        self._ttl = ttl

    def check(self, user_id: str, device_id: str, proof: str) -> bool:
        """Whether `proof` is the live proof last issued to this device of this account."""
        rec = self.rows.get(user_id, device_id)
        live = rec is not None and rec[1] + self._ttl > time.time()
        stored = rec[0] if rec is not None and live else "0" * 64
        # Compared in constant time even when no proof is stored.
        return hmac.compare_digest(_hash(proof), stored) and live

    def issue(self, user_id: str, device_id: str) -> str:
        """A fresh proof for the device (the previous one dies); stored before returned."""
        proof = new_secret()
        self.rows.put(user_id, device_id, _hash(proof), time.time())
        return proof


class _JsonRows:
    """Thread-safe table `user_id -> device_id -> (sha256 of the proof, issued_at)` in
    `DATA/devices.json`; at most `_MAX_DEVICES` live ones per account."""

    def __init__(self, data_dir: Path, *, ttl: float) -> None:
        self._path = data_dir / "devices.json"
        self._ttl = ttl
        self._lock = threading.Lock()
        self._table: dict[str, dict[str, dict[str, Any]]] = {}
        if self._path.exists():
            self._table = read_json(self._path).get("devices", {})

    def get(self, user_id: str, device_id: str) -> tuple[str, float] | None:
        with self._lock:
            rec = self._table.get(user_id, {}).get(device_id)
        return None if rec is None else (str(rec["hash"]), float(rec["issued_at"]))

    def put(self, user_id: str, device_id: str, proof_hash: str, issued_at: float) -> None:
        with self._lock:
            devices = self._table.setdefault(user_id, {})
            devices[device_id] = {"hash": proof_hash, "issued_at": issued_at}
            live = sorted(
                (d for d in devices.items() if d[1]["issued_at"] + self._ttl > issued_at),
                key=lambda d: d[1]["issued_at"],
            )
            self._table[user_id] = dict(live[-_MAX_DEVICES:])
            write_json(self._path, {"version": 1, "devices": self._table})


class DeviceProofs(Devices):
    """The device proofs of one server, in `DATA/devices.json`."""

    def __init__(self, data_dir: Path, *, ttl: float) -> None:
        super().__init__(_JsonRows(data_dir, ttl=ttl), ttl=ttl)
