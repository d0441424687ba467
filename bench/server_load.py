"""Load benchmark of `logmeets-server` (issues 5 and 18): N clients upload M chunks each,
concurrently, over HTTPS, the way the uploader does (the creation POST carries the first piece,
PATCHes the rest, then the receipt GET; a manifest PUT per recording). Every receipt must match
the sha256 of the bytes sent.

    .venv/bin/python bench/server_load.py [--clients 50] [--chunks 20] [--size 262144]
    .venv/bin/python bench/server_load.py --cluster [--clients 200] [--chunks 20] [--size 1048576]

Default: one JSON server subprocess; prints its peak RSS against its RSS after start-up and the
aggregate throughput against one client alone (measured first, in the same run).
`--cluster`: `tools/cluster.sh` (PostgreSQL, Ceph RGW on memstore, HAProxy with TLS) with three
replicas, then a fresh one with one replica on the same machine; prints throughput, p50/p99
latency per request kind, errors, the ratio of 3 replicas to 1, each replica's RSS and the CPU
seconds of each part. `--piece` sends smaller request bodies than the uploader's 8 MiB (a chunk
then goes in PATCHes too); `--sign-ins 200` signs every client in at once (a sign-in burst from
one address).

Exit status 1 if any request, receipt or manifest is wrong. Timings on a shared machine are
noisy: read the ratios, not the absolute numbers.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pyrage

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

sys.path.insert(0, str(REPO / "tests" / "server"))

from _load_client import KINDS, MIB, PASSWORD, Run, run_clients  # noqa: E402  (bench/)
from backends import free_port  # noqa: E402  (tests/server: ports no other connection takes)

from server.db import Database  # noqa: E402
from server.shared_accounts import SharedUsers  # noqa: E402
from server.users import UserStore  # noqa: E402
from uploader.tus import DEFAULT_PIECE  # noqa: E402

SERVER_BIN = Path(sys.executable).parent / "logmeets-server"
CLUSTER_SH = REPO / "tools" / "cluster.sh"


def _kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{field} not in /proc/{pid}/status")


class Sampler(threading.Thread):
    """Samples the server's VmRSS every 20 ms; VmHWM (the kernel's own peak) is read too."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0
        self.stop_flag = threading.Event()

    def run(self) -> None:
        while not self.stop_flag.is_set():
            self.peak = max(self.peak, _kib(self.pid, "VmRSS"))
            time.sleep(0.02)


def single_server(args: argparse.Namespace) -> int:
    """The default mode: one JSON server subprocess, one client alone, then all of them."""
    with tempfile.TemporaryDirectory(prefix="logmeets-bench-") as tmp:
        data = Path(tmp) / "data"
        data.mkdir()
        store = UserStore(data)
        users = [f"bench{i:03d}" for i in range(args.clients)] + ["solo"]
        for user in users:
            store.set_password(user, PASSWORD)
        # The server holds only the organisation's public key; nothing here decrypts.
        org_recipient = str(pyrage.x25519.Identity.generate().to_public())
        proc = subprocess.Popen(
            [
                *(str(SERVER_BIN), "serve", "--data", str(data), "--port", "0"),
                *("--tls-self-signed", "--org-recipient", org_recipient),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        try:
            assert proc.stdout is not None
            line = proc.stdout.readline().strip()
            if not line.startswith("LISTENING "):
                print(f"server did not start: {line!r}")
                return 1
            url = line.split(" ", 1)[1]
            ca = str(data / "tls" / "ca.pem")
            time.sleep(0.5)
            baseline = _kib(proc.pid, "VmRSS")
            sampler = Sampler(proc.pid)
            sampler.start()
            shape = (args.chunks, args.size, args.piece, args.sign_ins)
            solo = run_clients(url, ca, ["solo"], *shape)
            after_solo = _kib(proc.pid, "VmRSS")

            def upload_phase_only() -> None:
                sampler.peak = 0

            load = run_clients(url, ca, users[:-1], *shape, on_start=upload_phase_only)
            sampler.stop_flag.set()
            sampler.join()
            upload_peak = sampler.peak
            peak = max(upload_peak, _kib(proc.pid, "VmHWM"))
        finally:
            proc.terminate()
            proc.wait(timeout=30)

    errors = solo.stats.errors + load.stats.errors
    n_chunks = args.clients * args.chunks
    print(f"server_load: {args.clients} clients x {args.chunks} chunks x {args.size} B over HTTPS")
    print(f"  receipts checked: {n_chunks + args.chunks}, errors: {len(errors)}")
    for e in errors[:10]:
        print(f"    {e}")
    print(f"  server RSS after start-up (baseline): {baseline / 1024:.1f} MiB")
    print(f"  server RSS after one client (incl. one 128 MiB scrypt): {after_solo / 1024:.1f} MiB")
    print(
        f"  server peak RSS while {args.clients} clients upload: {upload_peak / 1024:.1f} MiB"
        f"  (ratio to baseline {upload_peak / baseline:.2f})"
    )
    print(
        f"  server peak RSS overall (VmHWM, incl. 2 concurrent 128 MiB scrypt logins): "
        f"{peak / 1024:.1f} MiB  (ratio to baseline {peak / baseline:.2f})"
    )
    print(f"  one client alone (baseline): {solo.mib_s():.1f} MiB/s")
    print(
        f"  {args.clients} clients: {load.mib_s():.1f} MiB/s aggregate, "
        f"{n_chunks / load.seconds:.0f} chunks/s, {load.seconds:.1f} s  "
        f"(ratio to one client {load.mib_s() / solo.mib_s():.2f})"
    )
    for kind in KINDS:
        print(f"  {kind:<13} p50 / p99: {load.stats.percentiles(kind)}")
    print(f"  server exit status after SIGTERM: {proc.returncode}")
    return 1 if errors or proc.returncode != 0 else 0


def _cpu(pid: int, children: bool = False) -> float:
    """CPU seconds of a process (with its reaped children's when asked)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = sum(int(f) for f in fields[11 : 15 if children else 13])  # utime stime cutime cstime
    return ticks / os.sysconf("SC_CLK_TCK")


def cluster_cpu(c: Path, replicas: int) -> dict[str, float]:
    """CPU seconds so far of each part of the cluster at `c`, and of this process (the
    clients): where the machine's cores go."""
    pg = int((c / "pg" / "data" / "postmaster.pid").read_text().split()[0])
    backends = [int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit()]
    pg_cpu = _cpu(pg, children=True)
    for b in backends:
        try:
            if Path(f"/proc/{b}/stat").read_text().rsplit(")", 1)[1].split()[1] == str(pg):
                pg_cpu += _cpu(b)
        except (OSError, IndexError):
            continue  # gone meanwhile
    ceph = sum(_cpu(int((c / "rgw" / f"{n}.pid").read_text())) for n in ("rgw", "osd", "mon"))
    cpu = {f"r{n}": _cpu(int((c / f"r{n}.pid").read_text())) for n in range(1, replicas + 1)}
    t = os.times()
    return cpu | {
        "HAProxy": _cpu(int((c / "haproxy.pid").read_text())),
        "Ceph": ceph,
        "PostgreSQL": pg_cpu,
        "clients": t.user + t.system,
    }


@dataclass
class ClusterRun:
    """One cluster round: the upload phase; per replica its RSS at rest, its peak RSS during
    the upload (sampled) and its VmHWM, in KiB; CPU seconds per part; the load averages."""

    replicas: int
    run: Run
    rest: list[int]
    upload_peak: list[int]
    hwm: list[int]
    cpu: dict[str, float]
    load_before: tuple[float, float, float]
    load_after: tuple[float, float, float]


def cluster_round(replicas: int, args: argparse.Namespace) -> ClusterRun:
    """A fresh cluster with `replicas` replicas (its objects in RAM: freed with it), accounts
    with cheap scrypt created in PostgreSQL as tests/server/test_cluster.py does, one upload
    phase through HAProxy, then each replica's peak RSS; the cluster is stopped after."""
    d = Path(tempfile.mkdtemp(prefix="logmeets-load-"))
    d.chmod(0o755)  # PostgreSQL runs as an unprivileged user below it
    total = args.clients * args.chunks * args.size
    env = os.environ | {
        "LOGMEETS_REPLICAS": str(replicas),
        # The objects plus room for RGW's own; never less than rgw.sh's default.
        "LOGMEETS_MEMSTORE_BYTES": str(max(2 << 30, int(total * 1.25) + (1 << 30))),
    }
    try:
        out = subprocess.run(
            [str(CLUSTER_SH), "start", str(d / "c"), str(free_port(20))],
            capture_output=True,
            text=True,
            timeout=300,
            env=env,
        )
        if out.returncode != 0:
            raise RuntimeError(f"cluster.sh start failed: {out.stderr.strip()}")
        lines = dict(line.split(" ", 1) for line in out.stdout.splitlines() if " " in line)
        cfg = dict(
            line.partition("=")[::2] for line in (d / "c" / "cluster.env").read_text().splitlines()
        )
        db = Database(cfg["pg_url"].strip("'"), pool_size=2)
        try:
            # Cheap hashes: the server verifies at each account's stored cost, and 200 sign-ins
            # at the real cost would measure scrypt, not uploads.
            accounts = SharedUsers(db, scrypt_n=2**12)
            users = [f"load{i:03d}" for i in range(args.clients)]
            for user in users:
                accounts.set_password(user, PASSWORD)
        finally:
            db.close()
        pids = [int((d / "c" / f"r{n}.pid").read_text()) for n in range(1, replicas + 1)]
        rest = [_kib(p, "VmRSS") for p in pids]
        samplers = [Sampler(p) for p in pids]
        cpu: dict[str, float] = {}
        before = os.getloadavg()

        def upload_phase_starts() -> None:
            cpu.update(cluster_cpu(d / "c", replicas))
            for s in samplers:
                s.start()

        url, ca = lines["LISTENING"], lines["CA"]
        shape = (args.chunks, args.size, args.piece, args.sign_ins)
        run = run_clients(url, ca, users, *shape, on_start=upload_phase_starts)
        used = {k: v - cpu[k] for k, v in cluster_cpu(d / "c", replicas).items()}
        after = os.getloadavg()
        for s in samplers:
            s.stop_flag.set()
            s.join()
        hwm = [_kib(p, "VmHWM") for p in pids]
        peaks = [s.peak for s in samplers]
        return ClusterRun(replicas, run, rest, peaks, hwm, used, before, after)
    except BaseException:
        keep = Path(tempfile.mkdtemp(prefix="logmeets-load-logs-"))
        for log in (d / "c").glob("*.log"):
            shutil.copy(log, keep)
        print(f"server_load: the cluster's logs are in {keep}", file=sys.stderr)
        raise
    finally:
        subprocess.run([str(CLUSTER_SH), "stop", str(d / "c")], capture_output=True, timeout=300)
        shutil.rmtree(d, ignore_errors=True)


def cluster(args: argparse.Namespace) -> int:
    """The `--cluster` mode: 3 replicas, then 1, on the same machine; figures side by side."""
    rounds = [cluster_round(n, args) for n in (3, 1)]
    n_chunks = args.clients * args.chunks
    print(
        f"server_load --cluster: {args.clients} clients x {args.chunks} chunks x {args.size} B, "
        f"pieces of {args.piece} B, through HAProxy (TLS) to replicas over PostgreSQL + Ceph RGW"
    )
    for c in rounds:
        r = c.run
        rate = f"{r.mib_s():.1f} MiB/s, {n_chunks / r.seconds:.1f} chunks/s, {r.seconds:.1f} s"
        right = f"receipts right {r.confirmed // args.size}/{n_chunks}"
        load = f"load average {c.load_before[0]:.1f} before, {c.load_after[0]:.1f} after"
        print(f"  {c.replicas} replica(s): {rate}; {right}, errors {len(r.stats.errors)}; {load}")
        for i in range(c.replicas):
            print(
                f"    r{i + 1} RSS: {c.rest[i] / 1024:.0f} MiB at rest, peak while uploading"
                f" {c.upload_peak[i] / 1024:.0f} MiB, VmHWM {c.hwm[i] / 1024:.0f} MiB"
                " (incl. the start-up scrypt of --demo-user)"
            )
        cores = ", ".join(f"{k} {v:.1f}" for k, v in c.cpu.items())
        print(
            f"    CPU seconds while uploading: {cores}; total {sum(c.cpu.values()):.0f} of"
            f" {os.cpu_count()} cores x {r.seconds:.0f} s"
        )
        for kind in KINDS:
            print(f"    {kind:<13} p50 / p99: {r.stats.percentiles(kind)}")
        print(f"    sign-ins answered 429 and tried again: {r.stats.throttled}")
        for e in r.stats.errors[:10]:
            print(f"    error: {e}")
    three, one = rounds[0].run, rounds[1].run
    print(f"  ratio of 3 replicas to 1 (throughput): {three.mib_s() / one.mib_s():.2f}")
    return 1 if any(c.run.stats.errors for c in rounds) else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cluster", action="store_true", help="3 replicas vs 1 behind HAProxy")
    ap.add_argument("--clients", type=int, help="default 50, or 200 with --cluster")
    ap.add_argument("--chunks", type=int, default=20, help="chunks per client")
    ap.add_argument("--size", type=int, help="bytes per chunk (256 KiB, or 1 MiB with --cluster)")
    ap.add_argument(
        "--piece",
        type=int,
        default=DEFAULT_PIECE,
        help="bytes per request body, as the uploader's first piece (8 MiB: a chunk in one POST)",
    )
    ap.add_argument(
        "--sign-ins",
        type=int,
        default=10,
        help="sign-ins at a time before the upload (all from 127.0.0.1, whose allowance is 20)",
    )
    args = ap.parse_args()
    args.clients = args.clients or (200 if args.cluster else 50)
    args.size = args.size or (MIB if args.cluster else 256 * 1024)
    if min(args.clients, args.chunks, args.size, args.piece, args.sign_ins) < 1:
        ap.error("--clients, --chunks, --size, --piece and --sign-ins must be at least 1")
    try:
        return cluster(args) if args.cluster else single_server(args)
    except RuntimeError as exc:  # a sign-in refused, a cluster that did not start
        print(f"server_load: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
