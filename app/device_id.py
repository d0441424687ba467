"""A stable id for this installation, created at first start and kept in the data dir.

Not a secret (it is sent to the server and written in the audit log); it names the device so
that the server and the audit log can tell two laptops of one user apart.
"""

from __future__ import annotations

import json
import platform
import uuid
from pathlib import Path

from crypto.files import write_atomic

DEVICE_FILE = "device.json"


def device_identity(data_dir: Path) -> tuple[str, str]:
    """Returns (device_id, device_name), creating the id on first call."""
    path = data_dir / DEVICE_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        device_id = str(uuid.UUID(str(data["device_id"])))
        return device_id, str(data.get("device_name") or platform.node())
    except FileNotFoundError:
        pass
    except (ValueError, KeyError, TypeError, OSError):
        # A damaged file: keep it for inspection and start a new identity.
        path.replace(path.with_suffix(".json.damaged"))
    device_id = str(uuid.uuid4())
    name = platform.node() or "unknown device"
    body = json.dumps({"device_id": device_id, "device_name": name}, indent=2) + "\n"
    write_atomic(path, body.encode("utf-8"))
    return device_id, name
