"""Fixtures of the outbox tests: keys (in memory, or on the real Secret Service where keys are
what the test is about), an audit log, an outbox factory, and FLAC chunks of the known signal."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest
from outbox_helpers import RATE

from crypto.keys import DeviceKeys
from crypto.keystore import KeyStore, MemoryKeyStore
from outbox import AuditLog, EventBus, Outbox


@pytest.fixture()
def memory_keys() -> DeviceKeys:
    """DeviceKeys over an in-memory store: for tests that are not about keys."""
    return DeviceKeys(MemoryKeyStore())


@pytest.fixture()
def real_keys(real_store: KeyStore) -> DeviceKeys:
    """DeviceKeys on the real Secret Service."""
    return DeviceKeys(real_store)


@pytest.fixture()
def audit_key() -> bytes:
    """A fresh 32-byte audit key."""
    return secrets.token_bytes(32)


@pytest.fixture()
def bus_events() -> tuple[EventBus, list[object]]:
    """An EventBus and the list every published event lands in."""
    bus = EventBus()
    seen: list[object] = []
    bus.subscribe(seen.append)
    return bus, seen


OpenOutbox = Callable[..., Outbox]


@pytest.fixture()
def open_outbox(data_dir: Path, memory_keys: DeviceKeys, audit_key: bytes) -> Iterator[OpenOutbox]:
    """Opens outboxes on `data_dir` (memory keys unless `keys=` is given); closes them after."""
    opened: list[Outbox] = []

    def make(**kwargs: object) -> Outbox:
        keys = kwargs.pop("keys", memory_keys)
        path = kwargs.pop("data", data_dir)
        audit = kwargs.pop("audit", None) or AuditLog(
            Path(str(path)) / "audit.log", audit_key, device_id="test-device"
        )
        box = Outbox.open(Path(str(path)), keys=keys, audit=audit, **kwargs)  # type: ignore[arg-type]
        opened.append(box)
        return box

    yield make
    for box in opened:
        box.close()


@pytest.fixture()
def tone_chunks() -> Callable[[int, float], list[np.ndarray]]:
    """`n` chunks of `seconds` each of a deterministic noise signal (int16 mono), for tests that
    do not need the test environment's signal."""

    def make(n: int, seconds: float = 1.0) -> list[np.ndarray]:
        rng = np.random.default_rng(1234)
        frames = int(RATE * seconds)
        return [rng.integers(-8000, 8000, frames, dtype=np.int16) for _ in range(n)]

    return make
