"""Upload benchmark of the uploader (issue 6): 50 MiB over loopback HTTPS to `logmeets-server`.

Baselines measured in the same run, interleaved, medians of a few runs:
  - curl doing one PATCH of the whole 50 MiB, without Upload-Checksum, to an upload created
    beforehand, over the same TLS (TLS 1.3, AES-256-GCM, OpenSSL 3 on both sides) to the same
    server: curl's own `time_total - time_pretransfer`, so neither curl's start-up and file
    read nor its TCP and TLS handshake are counted against it (our connection is warm);
  - tuspy (the Python tus client) with 4 MiB chunks.
Our client does the whole upload: creation (with the first piece) and PATCHes with
`Upload-Checksum: sha256`. Pieces start at 8 MiB and then take about two seconds each at the
speed measured so far (at most 64 MiB), so from the second run on, like a long-running app, the
client knows the link. Its TLS connection is warm (curl's handshake is not timed either); the
server verifies every piece's checksum (curl sends none), and the one-piece digest is the sha256
the outbox index already holds, as in the app.

Progress: the same upload with the app's progress reporting on (`UploadProgress` as the bytes
go out, through `ProgressThrottle` onto an EventBus with a subscriber, as the sync thread does)
against the same client without progress callbacks (its body then goes out as plain bytes);
the ratio is printed (goal >= 0.95x). `--progress-only` runs just these two.

Then a client process is SIGKILLed mid-PATCH and started again; the script prints the bytes the
second process re-sent that the server already had (the goal is 0). This part needs a real
keyring (run it through `make bench`, which starts the test environment).

    .venv/bin/python bench/upload.py [--size-mib 50] [--runs 5] [--progress-only] [--no-kill]

Goals: >= 0.9x curl, >= 1.2x tuspy. Timings on a shared machine are noisy: read the ratios.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from crypto import MemoryKeyStore  # noqa: E402
from outbox import EventBus  # noqa: E402
from uploader import HTTPTransport, ServerCaps, SignInSession, TusClient, UploadJob  # noqa: E402
from uploader.progress import ProgressThrottle  # noqa: E402

SERVER_BIN = Path(sys.executable).parent / "logmeets-server"
USER, PASSWORD = "bench", "bench-password"
MiB = 1024 * 1024


def start_server(data: Path) -> tuple[subprocess.Popen[bytes], str]:
    cmd = [
        str(SERVER_BIN),
        "serve",
        "--data",
        str(data),
        "--tls-self-signed",
        "--port",
        "0",
        "--demo-user",
        f"{USER}:{PASSWORD}",
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert proc.stdout is not None
    line = proc.stdout.readline().decode().strip()
    if not line.startswith("LISTENING "):
        raise SystemExit(f"server did not start: {line!r}")
    return proc, line.split()[1]


def metadata(sha256: str, size: int) -> dict[str, str]:
    return {
        "chunk_id": str(uuid.uuid4()),
        "recording_id": str(uuid.uuid4()),
        "index": "0",
        "sha256": sha256,
        "size": str(size),
    }


def encode(meta: dict[str, str]) -> str:
    return ",".join(f"{k} {base64.b64encode(v.encode()).decode()}" for k, v in meta.items())


def run_curl(tus: TusClient, path: Path, sha: str, size: int, token: str, ca: Path) -> float:
    """Creates an upload (not timed), then one PATCH of the whole file with curl."""
    reply = tus.transport.request(
        "POST",
        tus.endpoint,
        headers={
            "Tus-Resumable": "1.0.0",
            "Upload-Length": str(size),
            "Upload-Metadata": encode(metadata(sha, size)),
            "Authorization": f"Bearer {token}",
        },
    )
    url = reply.headers["Location"]
    out = subprocess.run(
        [
            "curl",
            "-sS",
            "-o",
            "/dev/null",
            "-w",
            "%{http_code} %{time_pretransfer} %{time_total}",
            "--cacert",
            str(ca),
            "-X",
            "PATCH",
            "-H",
            "Tus-Resumable: 1.0.0",
            "-H",
            "Upload-Offset: 0",
            "-H",
            "Content-Type: application/offset+octet-stream",
            "-H",
            "Expect:",
            "-H",
            f"Authorization: Bearer {token}",
            "--data-binary",
            f"@{path}",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    code, pretransfer, total = out.stdout.split()
    if code != "204":
        raise SystemExit(f"curl PATCH answered {code}")
    tus.terminate(url)
    return float(total) - float(pretransfer)


def run_ours(
    tus: TusClient, data: bytes, sha: str, *, checksum: bool = True, progress: bool = False
) -> float:
    """Our whole upload. checksum=False hides the server's checksum extension from the client
    (to compare like with like: curl and tuspy send no Upload-Checksum); progress=True reports
    progress as the sync engine does, to a subscriber that keeps every event."""
    seen: list[object] = []
    if progress:
        bus = EventBus()
        bus.subscribe(seen.append)
        tus.on_sending = tus.on_progress = ProgressThrottle(bus.publish)
    caps = tus.caps()
    tus._caps = ServerCaps(
        caps.extensions if checksum else caps.extensions - {"checksum"},
        caps.checksum_algorithms,
        caps.max_size,
    )
    # As the engine does: the outbox's index holds the chunk's sha256, verified before upload.
    job = UploadJob("bench", "bench", data, metadata(sha, len(data)), sha256=sha)
    t0 = time.perf_counter()
    try:
        tus.upload(job)
    finally:
        tus.on_sending, tus.on_progress = None, lambda job: None
    elapsed = time.perf_counter() - t0
    assert job.offset == len(data) and job.url is not None
    assert not progress or len(seen) >= 2, "no progress was reported"
    tus.terminate(job.url)
    return elapsed


def run_tuspy(endpoint: str, data: bytes, sha: str, token: str, ca: Path) -> float:
    from tusclient import client

    os.environ["REQUESTS_CA_BUNDLE"] = str(ca)  # tuspy trusts what requests trusts
    c = client.TusClient(endpoint, headers={"Authorization": f"Bearer {token}"})
    up = c.uploader(
        file_stream=io.BytesIO(data), chunk_size=4 * MiB, metadata=metadata(sha, len(data))
    )
    t0 = time.perf_counter()
    up.upload()
    elapsed = time.perf_counter() - t0
    assert up.offset == len(data)
    return elapsed


def throughput(size: int, seconds: list[float]) -> float:
    return size / MiB / statistics.median(seconds)


def compare_progress(tus: TusClient, data: bytes, sha: str, size: int, runs: int) -> None:
    """Our upload with and without progress reporting, interleaved (the order alternates)."""
    plain: list[float] = []
    watched: list[float] = []
    for i in range(runs):
        first, second = (plain, watched) if i % 2 == 0 else (watched, plain)
        first.append(run_ours(tus, data, sha, progress=first is watched))
        second.append(run_ours(tus, data, sha, progress=second is watched))
    print_progress_ratio(size, plain, watched, runs)


def print_progress_ratio(size: int, plain: list[float], watched: list[float], runs: int) -> None:
    ratio = throughput(size, watched) / throughput(size, plain)
    print(
        f"{size // MiB} MiB, median of {runs} runs: without progress "
        f"{throughput(size, plain):.1f} MiB/s, with progress {throughput(size, watched):.1f} MiB/s"
    )
    print(
        f"  with / without progress = {ratio:.2f}x (goal >= 0.95x)"
        f"{'' if ratio >= 0.95 else '  BELOW GOAL'}"
    )


def kill_and_resume(base_url: str, ca: Path, work: Path) -> None:
    """SIGKILL a sync process mid-PATCH, start it again, print the bytes it re-sent."""
    from keyring.backends import SecretService

    from crypto import DeviceKeys, KeyStore
    from outbox import AuditLog, Outbox

    service = f"LogMeets bench {uuid.uuid4()}"
    store = KeyStore(SecretService.Keyring(), service=service)
    keys = DeviceKeys(store)
    home = work / "client-home"
    box = Outbox.open(
        home, keys=keys, audit=AuditLog(home / "audit.log", keys.audit_key(), device_id="bench")
    )
    rec = box.begin_recording(
        title="bench", sample_rate=48000, channels=1, subtype="PCM_16", started_at=time.time()
    )
    chunk = box.seal_chunk(rec.id, 0, os.urandom(16 * MiB), started_at=time.time(), duration=30)
    box.finish_recording(rec.id, time.time())
    box.close()
    SignInSession(HTTPTransport(ca_file=ca), base_url, store).login(USER, PASSWORD)

    def child(kbps: int) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, __file__, "--child", str(home), base_url, str(ca), service, str(kbps)],
            stdout=subprocess.PIPE,
            text=True,
        )

    first = child(40_000)  # 5 MB/s: about three seconds for the chunk
    uploads = work / "server" / "uploads"

    def server_offset() -> int | None:
        for p in uploads.glob("*.json"):
            try:
                up = json.loads(p.read_text())
            except ValueError:
                continue  # being replaced right now
            if up["chunk_id"] == chunk.id:
                return int(up["offset"])
        return None

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and first.poll() is None:
        if (server_offset() or 0) > 0:
            time.sleep(0.3)  # well inside a later PATCH
            break
        time.sleep(0.02)
    if first.poll() is not None:
        raise SystemExit("the first sync process ended before it could be killed")
    first.send_signal(signal.SIGKILL)
    first.wait()
    time.sleep(0.5)
    had = server_offset()
    assert had is not None
    second = child(0)
    out, _ = second.communicate(timeout=120)
    result = json.loads(out.strip().splitlines()[-1])
    resent = result["bytes_sent"] - (chunk.size - had)
    print(
        f"SIGKILL mid-PATCH: server had {had} of {chunk.size} bytes; the restarted client "
        f"sent {result['bytes_sent']}; bytes re-sent that the server had: {resent}"
    )
    for name in (f"recording/{rec.id}", "audit/key"):
        store.delete(name)


def child_main(argv: list[str]) -> None:
    """The sync process of `kill_and_resume`."""
    from keyring.backends import SecretService

    from crypto import DeviceKeys, KeyStore
    from outbox import AuditLog, Outbox
    from uploader import SyncConfig, SyncScheduler

    home, url, ca, service, kbps = argv
    store = KeyStore(SecretService.Keyring(), service=service)
    keys = DeviceKeys(store)
    box = Outbox.open(
        Path(home),
        keys=keys,
        audit=AuditLog(Path(home) / "audit.log", keys.audit_key(), device_id="bench"),
    )
    sched = SyncScheduler(
        box,
        SyncConfig(
            server_url=url, ca_file=Path(ca), device_id="bench", bandwidth_limit_kbps=int(kbps)
        ),
        store,
    )
    summary = sched.run_once()
    sched.stop()
    box.close()
    print(json.dumps({"bytes_sent": summary.bytes_sent, "drained": summary.drained}))


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child_main(sys.argv[2:])
        return
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--size-mib", type=int, default=50)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--piece-mib", type=int, default=8, help="our first piece (default 8)")
    ap.add_argument("--no-kill", action="store_true", help="skip the SIGKILL part (no keyring)")
    ap.add_argument(
        "--progress-only", action="store_true", help="only with and without progress reporting"
    )
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="logmeets-bench-upload-") as tmp:
        work = Path(tmp)
        proc, base_url = start_server(work / "server")
        try:
            ca = work / "server" / "tls" / "ca.pem"
            size = args.size_mib * MiB
            data = os.urandom(size)  # stands in for ciphertext: age output is random-looking
            sha = hashlib.sha256(data).hexdigest()
            path = work / "payload.bin"
            path.write_bytes(data)
            session = SignInSession(HTTPTransport(ca_file=ca), base_url, MemoryKeyStore())
            info = session.login(USER, PASSWORD)
            token = (session.authorization() or "").removeprefix("Bearer ")
            tus = TusClient(
                HTTPTransport(ca_file=ca),
                info.tus_endpoint,
                auth=session,
                piece_size=args.piece_mib * MiB,
            )
            tus.caps()  # discovery once, as a long-running client has it
            if args.progress_only:
                compare_progress(tus, data, sha, size, args.runs)
                return
            times: dict[str, list[float]] = {
                "curl": [], "ours": [], "ours_nosum": [], "tuspy": [], "ours_progress": []
            }  # fmt: skip
            for _ in range(args.runs):
                times["curl"].append(run_curl(tus, path, sha, size, token, ca))
                times["ours"].append(run_ours(tus, data, sha))
                times["tuspy"].append(run_tuspy(info.tus_endpoint, data, sha, token, ca))
                times["ours_nosum"].append(run_ours(tus, data, sha, checksum=False))
                times["ours_progress"].append(run_ours(tus, data, sha, progress=True))
            rate = {k: throughput(size, v) for k, v in times.items()}
            print(f"{args.size_mib} MiB over loopback HTTPS, median of {args.runs} runs:")
            p = args.piece_mib
            for k, label in (
                ("curl", "curl, one PATCH after TLS, no checksum"),
                ("tuspy", "tuspy, 4 MiB chunks, no checksum"),
                ("ours", f"LogMeets uploader, adaptive from {p} MiB + sha256"),
                ("ours_nosum", "LogMeets uploader, adaptive, no checksum"),
            ):
                print(
                    f"  {label:42s} {rate[k]:7.1f} MiB/s  "
                    f"(runs: {', '.join(f'{t:.3f}s' for t in times[k])})"
                )
            vs_curl, vs_tuspy = rate["ours"] / rate["curl"], rate["ours"] / rate["tuspy"]
            print(
                f"  ours / curl  = {vs_curl:.2f}x (goal >= 0.9x)"
                f"{'' if vs_curl >= 0.9 else '  BELOW GOAL'}"
            )
            print(
                f"  ours / tuspy = {vs_tuspy:.2f}x (goal >= 1.2x)"
                f"{'' if vs_tuspy >= 1.2 else '  BELOW GOAL'}"
            )
            nosum_curl = rate["ours_nosum"] / rate["curl"]
            nosum_tuspy = rate["ours_nosum"] / rate["tuspy"]
            print(
                f"  without Upload-Checksum (like for like): ours / curl = {nosum_curl:.2f}x, "
                f"ours / tuspy = {nosum_tuspy:.2f}x"
            )
            print_progress_ratio(size, times["ours"], times["ours_progress"], args.runs)
            path.unlink()
            if not args.no_kill:
                kill_and_resume(base_url, ca, work)
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(20)


if __name__ == "__main__":
    main()
