"""`logmeets-server`: serve (default), adduser, export, tenant, purge-tenant, copy-store. See
docs/protocol.md §10."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import getpass
import ipaddress
import logging
import signal
import socket
import sys
from pathlib import Path
from types import FrameType
from urllib.parse import urlsplit

from crypto.errors import CryptoError
from server.cli_backends import (
    add_backend_args,
    add_copy_command,
    add_purge_command,
    add_tenant_command,
    adduser_shared,
    backend_config,
    copy_command,
    export_source,
    purge_command,
    tenant_command,
)
from server.config import ServerConfig
from server.errors import ServerError
from server.versions import check_minimum

COMMANDS = ("serve", "adduser", "export", "tenant", "purge-tenant", "copy-store")
log = logging.getLogger("server")


def _positive(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError("must be > 0")
    return value


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="logmeets-server", description="LogMeets reference ingest server (API v1)."
    )
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("serve", help="run the server (the default command)")
    s.add_argument("--data", type=Path, required=True, help="data directory")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8443, help="0 takes a free port")
    s.add_argument("--tls-cert", type=Path)
    s.add_argument("--tls-key", type=Path)
    s.add_argument("--tls-self-signed", action="store_true")
    s.add_argument("--demo-user", metavar="NAME:PASSWORD")
    org = s.add_mutually_exclusive_group()
    org.add_argument("--org-recipient", metavar="AGE1…", help="the organisation's age recipient")
    org.add_argument(
        "--org-recipient-file", type=Path, metavar="FILE", help="a file holding only that key"
    )
    # Refused with an explanation: the ingest server no longer reads the identity.
    org.add_argument("--org-identity", type=Path, help=argparse.SUPPRESS)
    s.add_argument("--access-ttl", type=_positive, default=900.0)
    s.add_argument("--refresh-ttl", type=_positive, default=30 * 24 * 3600.0)
    s.add_argument("--upload-expiry", type=_positive, default=24 * 3600.0)
    s.add_argument(
        "--body-timeout",
        type=_positive,
        default=30.0,
        help="seconds a request head may take, and a body may stall, before the server hangs up",
    )
    s.add_argument("--max-upload-size", type=int, default=256 * 1024 * 1024)
    s.add_argument(
        "--lock-steal-after",
        type=_positive,
        default=5.0,
        help="seconds without body bytes after which a PATCH loses its upload to a newer one",
    )
    s.add_argument(
        "--min-free-mb", type=int, default=64, help="refuse uploads below this free disk space"
    )
    s.add_argument(
        "--max-connections-per-address", type=int, default=64, help="connections one IP may hold"
    )
    s.add_argument("--max-open-uploads", type=int, default=100, help="per account")
    s.add_argument(
        "--min-client-version",
        metavar="X",
        help="answer older clients 426 client_too_old (they keep their recordings)",
    )
    s.add_argument(
        "--web-url-base",
        metavar="URL",
        help="https URL to which a recording id is appended: the manifest's answer links it",
    )
    s.add_argument(
        "--max-open-bytes", type=int, default=2048 * 1024 * 1024, help="declared, per account"
    )
    s.add_argument(
        "--complete-expiry",
        type=_positive,
        default=30 * 24 * 3600.0,
        help="seconds a complete upload waits for a manifest that lists it, then expires",
    )
    s.add_argument("--access-log", action="store_true", help="log every request to stderr")
    add_backend_args(s, serve=True)
    a = sub.add_parser("adduser", help="create an account or set its password")
    a.add_argument("name")
    a.add_argument("--data", type=Path, required=True)
    add_backend_args(a, serve=False)
    e = sub.add_parser("export", help="decrypt and join a complete recording into one FLAC")
    e.add_argument("recording_id")
    e.add_argument("--data", type=Path, required=True)
    e.add_argument("--out", type=Path, required=True)
    e.add_argument("--user", help="the account (needed when several hold the recording id)")
    e.add_argument("--org-identity", type=Path, help="default: the demo identity beside --data")
    add_backend_args(e, serve=False, tenant=False)
    e.add_argument("--tenant", help="only a recording of this tenant (shared backends)")
    add_tenant_command(sub)
    add_purge_command(sub)
    add_copy_command(sub)
    return p


def _web_url_base(text: str | None) -> str | None:
    """`--web-url-base`: an https URL (http only to loopback, for tests) without credentials."""
    if not text:
        return None
    parts = urlsplit(text)
    secure = parts.scheme == "https" or (parts.scheme == "http" and _is_loopback(parts.hostname))
    if not secure or not parts.hostname or parts.username or len(text) > 1024:
        raise ServerError(
            f"--web-url-base {text!r} is not an https URL such as https://logmeets.example/r/.",
            code="bad_web_url_base",
        )
    return text


def _is_loopback(host: str | None) -> bool:
    if host is None:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def listening_socket(host: str, port: int) -> socket.socket:
    """The server's listening TCP socket (port 0: any free port)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY only on such sockets, and without it a
    # response's body waits ~40 ms behind its head for the client's delayed ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(2048)
    return sock


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from server import orgkey
    from server.app import background, create_app
    from server.http import guarded_h11
    from server.lock import DataDirLock
    from server.pace import Pace
    from server.tls import ensure_self_signed

    if bool(args.tls_cert) != bool(args.tls_key):
        raise ServerError("Give both --tls-cert and --tls-key.", code="tls_incomplete")
    if args.tls_self_signed and args.tls_cert:
        raise ServerError(
            "Use either --tls-self-signed or --tls-cert/--tls-key.", code="tls_conflict"
        )
    if args.org_identity is not None:
        raise ServerError(
            "serve no longer reads the organisation identity: give its public key with "
            "--org-recipient age1… (age-keygen -y FILE prints it) and keep the identity where "
            "you run export.",
            code="org_identity_on_server",
        )
    tls = bool(args.tls_cert or args.tls_self_signed)
    if not tls and not _is_loopback(args.host):
        raise ServerError(
            "Without TLS the server only listens on a loopback address; add --tls-self-signed "
            "or --tls-cert/--tls-key.",
            code="tls_required",
        )
    config = ServerConfig(
        data_dir=args.data,
        access_ttl=args.access_ttl,
        refresh_ttl=args.refresh_ttl,
        upload_expiry=args.upload_expiry,
        body_timeout=args.body_timeout,
        lock_steal_after=args.lock_steal_after,
        max_upload_size=args.max_upload_size,
        min_free_bytes=args.min_free_mb * 1024 * 1024,
        max_connections_per_address=args.max_connections_per_address,
        max_open_uploads=args.max_open_uploads,
        max_open_bytes=args.max_open_bytes,
        complete_expiry=args.complete_expiry,
        min_client_version=(
            check_minimum(args.min_client_version) if args.min_client_version else None
        ),
        web_url_base=_web_url_base(args.web_url_base),
        **backend_config(args),
    )
    config.data_dir.mkdir(parents=True, exist_ok=True)
    data_lock = DataDirLock(config.data_dir)
    data_lock.acquire()
    demo = None
    if args.demo_user:
        name, sep, password = args.demo_user.partition(":")
        if not sep:
            raise ServerError("--demo-user takes NAME:PASSWORD.", code="bad_demo_user")
        demo = (name, password)
    recipient = orgkey.resolve_recipient(
        config.data_dir,
        given=args.org_recipient,
        given_file=args.org_recipient_file,
        demo=demo is not None,
    )
    config = dataclasses.replace(config, org_recipient=recipient)
    app = create_app(config)
    if demo is not None:
        app.state.services.users.set_password(*demo)
    ca_path = cert = key = None
    if args.tls_self_signed:
        ca_path, cert, key = ensure_self_signed(config.data_dir)
    elif args.tls_cert:
        cert, key = args.tls_cert, args.tls_key

    sock = listening_socket(args.host, args.port)
    port = sock.getsockname()[1]
    host = f"[{args.host}]" if sock.family == socket.AF_INET6 else args.host
    url = f"{'https' if tls else 'http'}://{host}:{port}"
    uconfig = uvicorn.Config(
        app,
        ssl_certfile=str(cert) if cert else None,
        ssl_keyfile=str(key) if key else None,
        log_config=None,
        access_log=args.access_log,
        http=guarded_h11(
            Pace(config.body_timeout, config.min_rate, config.rate_grace),
            config.max_connections_per_address,
        ),
        lifespan="off",
        # Bounded request head: 64 KiB for the request line plus all headers.
        h11_max_incomplete_event_size=64 * 1024,
        timeout_keep_alive=30,
        limit_concurrency=2000,
        timeout_graceful_shutdown=10,
        server_header=False,
    )
    server = _make_server_class()(uconfig)

    async def run() -> None:
        task = asyncio.create_task(server.serve(sockets=[sock]))
        while not server.started:
            if task.done():
                await task
                return
            await asyncio.sleep(0.02)
        print(f"LISTENING {url}", flush=True)
        if ca_path is not None:
            print(f"CA {ca_path.resolve()}", flush=True)
        jobs = asyncio.create_task(background(app))
        try:
            await task
        finally:
            jobs.cancel()

    # uvicorn stops gracefully on SIGTERM/SIGINT, then re-raises the signal under the handler
    # that was installed before it: this one turns that into a clean exit with status 0.
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, _exit_cleanly)
    try:
        asyncio.run(run())
    finally:
        data_lock.release()
        log.info("stopped")
    return 0


def _make_server_class() -> type:
    import uvicorn

    class Server(uvicorn.Server):
        """uvicorn's server, with a shutdown that does not wait on idle keep-alive clients.

        A TLS close waits for the peer's close_notify, which an idle client (a pooled
        connection) never sends: uvicorn would then wait the whole graceful timeout. Requests
        in progress keep their grace; idle connections are dropped after half a second."""

        async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
            reaper = asyncio.create_task(self._drop_idle())
            try:
                await super().shutdown(sockets)
            finally:
                reaper.cancel()

        async def _drop_idle(self) -> None:
            while True:
                await asyncio.sleep(0.5)
                for conn in list(self.server_state.connections):
                    cycle = getattr(conn, "cycle", None)
                    transport = getattr(conn, "transport", None)
                    if transport is not None and (cycle is None or cycle.response_complete):
                        transport.abort()

    return Server


def _exit_cleanly(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)


def _adduser(args: argparse.Namespace) -> int:
    from server.users import UserStore

    if sys.stdin.isatty():
        password = getpass.getpass(f"Password for {args.name}: ")
        if getpass.getpass("Again: ") != password:
            raise ServerError("The passwords differ.", code="password_mismatch")
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    args.data.mkdir(parents=True, exist_ok=True)
    if args.database or args.store:
        return adduser_shared(args, password)
    UserStore(args.data).set_password(args.name, password)
    print(f"user {args.name} saved in {args.data / 'users.json'}")
    return 0


def _export(args: argparse.Namespace) -> int:
    from server import orgkey
    from server.export import export_recording

    path = args.org_identity
    if path is None:
        for candidate in (
            orgkey.demo_identity_path(args.data),
            args.data / orgkey.LEGACY_IDENTITY_FILE,
        ):
            if candidate.exists():
                path = candidate
                break
    if path is None:
        raise ServerError(
            "Give the organisation identity with --org-identity FILE (the age-keygen file whose "
            "public key the server announces).",
            code="org_identity_missing",
        )
    identity = orgkey.load_identity(path)
    if args.tenant is not None and not (args.database or args.store):
        raise ServerError(
            "--tenant applies to shared backends: give --database and --store too (a data "
            "directory holds one organisation).",
            code="tenant_needs_shared_backends",
        )
    source = export_source(args) if args.database or args.store else args.data
    result = export_recording(source, args.recording_id, args.out, identity, user_id=args.user)
    print(
        f"wrote {result.path}: {result.chunks} chunks, {result.frames} frames, "
        f"{result.sample_rate} Hz, {result.channels} channel(s)"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of `logmeets-server`."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0] not in COMMANDS and argv[0] not in ("-h", "--help")):
        argv.insert(0, "serve")
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO,
        stream=sys.stderr,
        format="%(asctime)s %(name)s %(levelname)s %(message)s",
    )
    try:
        handler = {
            "serve": _serve,
            "adduser": _adduser,
            "export": _export,
            "tenant": tenant_command,
            "purge-tenant": purge_command,
            "copy-store": copy_command,
        }[args.command]
        return handler(args)
    except ServerError as err:
        print(f"logmeets-server: {err.message}", file=sys.stderr)
        return 1
    except (OSError, CryptoError) as err:
        print(f"logmeets-server: {err}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
