"""Per-append cost of the audit log (issue 13 item 3): the file alone (the log line fsync'd and
`audit.log.head` replaced, as before the keyring kept the head), and the same with the head kept
in the keyring too: the in-memory store (the cost of the code) and the real Secret Service over
D-Bus (one read and one write of `audit/head/<id>` per append). Median and 90th percentile of
`--appends` appends each, interleaved over `--rounds` rounds. Needs the real keyring: run it
through `make bench`, which starts the test environment, or

    tests/env/with-testenv.sh .venv/bin/python bench/audit.py [--appends 50] [--rounds 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from crypto import DeviceKeys, KeyStore, MemoryKeyStore  # noqa: E402
from crypto.keys import audit_head_entry_name  # noqa: E402
from outbox import AuditLog, HeadAnchor, verify_audit_log  # noqa: E402


def time_appends(log: AuditLog, n: int) -> list[float]:
    """Seconds taken by each of `n` appends of an entry like the sealer's."""
    times = []
    for i in range(n):
        start = time.perf_counter()
        log.append("chunk_sealed", recording_id=str(uuid.uuid4()), index=i, size=1_000_000 + i)
        times.append(time.perf_counter() - start)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--appends", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    real = KeyStore.for_platform(service=f"LogMeets Recorder bench {uuid.uuid4()}")
    real.self_test()
    memory = MemoryKeyStore()
    log_ids: list[str] = []  # one per log: a head belongs to one log
    results: dict[str, list[float]] = {"file only": [], "memory store": [], "real keyring": []}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for r in range(args.rounds):
                for label, store in (
                    ("file only", None),
                    ("memory store", memory),
                    ("real keyring", real),
                ):
                    keys = DeviceKeys(store if store is not None else MemoryKeyStore())
                    log_ids.append(str(uuid.uuid4()))
                    anchor = HeadAnchor(keys, log_ids[-1]) if store is not None else None
                    path = Path(tmp) / f"{r}-{label.replace(' ', '-')}.log"
                    log = AuditLog(path, keys.audit_key(), device_id="bench", anchor=anchor)
                    results[label] += time_appends(log, args.appends)
                    if verify_audit_log(path, keys.audit_key(), anchor=anchor):
                        print(f"audit: {label}: the log does not verify")
                        return 1
    finally:
        for log_id in log_ids:
            real.delete(audit_head_entry_name(log_id))
        real.delete("audit/key")

    base = statistics.median(results["file only"])
    for label, times in results.items():
        median = statistics.median(times)
        p90 = statistics.quantiles(times, n=10)[-1]
        print(
            f"audit: {label:13s} median {median * 1000:6.2f} ms, p90 {p90 * 1000:6.2f} ms "
            f"per append ({len(times)} appends; +{(median - base) * 1000:.2f} ms on the file only)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
