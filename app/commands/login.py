"""`logmeets login --server URL --user NAME [--password-stdin] [--ca-file F]`: sign in, keep the
refresh token in the OS keyring, and remember the server (and CA file) in config.toml."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.context import Context

NAME = "login"
HELP = "sign in to a LogMeets server (the session is kept in the system key store)"


def configure(parser: argparse.ArgumentParser) -> None:
    """Adds --server, --user, --password-stdin and --ca-file."""
    parser.add_argument("--server", required=True, metavar="URL", help="e.g. https://host:8443")
    parser.add_argument("--user", required=True, metavar="NAME")
    parser.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    parser.add_argument(
        "--ca-file", type=Path, metavar="F", help="extra CA certificate (PEM) to trust"
    )


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return getpass.getpass(f"Password for {args.user}: ")


def run(args: argparse.Namespace, ctx: Context) -> int:
    """Signs in; on success saves server_url, server_user, ca_file (and the organisation's
    recipient when none is configured) and prints who is signed in."""
    from app import __version__
    from app.settings import save_user_settings
    from uploader import HTTPTransport, SignInSession, check_url

    server = args.server.rstrip("/")
    check_url(server)  # refuse http:// to a non-loopback host before asking for a password
    ca_file = args.ca_file.resolve() if args.ca_file else None
    transport = HTTPTransport(ca_file=ca_file, spki_pin=ctx.settings.spki_pin)
    try:
        session = SignInSession(
            transport,
            server,
            ctx.keystore(),
            device_id=ctx.device_id,
            device_name=ctx.device_name,
            client_version=__version__,
        )
        info = session.login(args.user, _password(args))
    finally:
        transport.close()
    s = ctx.settings
    changes: dict[str, Any] = {
        "server_url": server,
        "server_user": args.user,
        "ca_file": str(ca_file) if ca_file else None,
    }
    if info.org_recipient and not s.org_recipient:
        changes["org_recipient"] = info.org_recipient
    changes = {k: v for k, v in changes.items() if k not in s.locked}
    ctx.settings = save_user_settings(ctx.data_dir, **changes)
    ctx.audit().set_user(info.user_id)
    ctx.audit().append("login", user_id=info.user_id, server=server)
    print(f"Signed in to {server} as {info.user_id}.", file=ctx.out)
    return 0
