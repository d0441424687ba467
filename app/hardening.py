"""Process hardening the app applies to itself at start: no core dumps.

A core dump of the recorder holds whatever was in RAM: PCM and FLAC buffers of the meeting,
recording identities, the refresh token. One per OS, so each platform's mechanism is in one place.
"""

from __future__ import annotations

import logging
import sys

log = logging.getLogger(__name__)


def disable_core_dumps() -> bool:
    """Turns core dumps off for this process and its children. Returns whether it could.

    Linux and macOS: RLIMIT_CORE 0, soft and hard, so the process cannot raise it again (the
    kernel, systemd-coredump and apport all honour it). Windows has no per-process switch that an
    unprivileged process can set: Windows Error Reporting's local dumps are a machine policy,
    off unless an administrator enables `LocalDumps` (docs/threat-model.md §4).
    """
    if sys.platform in ("linux", "darwin"):
        return _rlimit_core_zero()
    return False


def _rlimit_core_zero() -> bool:
    if sys.platform == "win32":
        # No `resource` module there; the check also lets mypy --platform win32 skip the rest.
        return False
    import resource

    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (OSError, ValueError) as e:
        log.warning("core dumps could not be turned off: %s", e)
        return False
    return True
