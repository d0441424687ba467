"""Fixtures of the recorder tests: a real outbox in a fresh data dir, an event log."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from crypto.keys import DeviceKeys
from crypto.keystore import MemoryKeyStore
from outbox import AuditLog, EventBus

if TYPE_CHECKING:
    from outbox import Outbox


@pytest.fixture()
def keys() -> DeviceKeys:
    # The keyring is not what these tests are about: an in-memory store (real keyring tests
    # run the CLI in the test environment).
    return DeviceKeys(MemoryKeyStore())


@pytest.fixture()
def bus() -> EventBus:
    return EventBus()


@pytest.fixture()
def events(bus: EventBus) -> list[object]:
    seen: list[object] = []
    bus.subscribe(seen.append)
    return seen


@pytest.fixture()
def outbox(tmp_path: Path, keys: DeviceKeys, bus: EventBus) -> Iterator[Outbox]:
    from outbox import Outbox

    home = tmp_path / "home"
    home.mkdir()
    audit = AuditLog(home / "audit.log", keys.audit_key(), device_id="test-device")
    box = Outbox.open(home, keys=keys, audit=audit, events=bus, exclusive=True)
    yield box
    box.close()
