"""`logmeets login --server URL --user NAME [--password-stdin] [--ca-file F]`: sign in, keep the
refresh token in the OS keyring, and remember the server (and CA file) in config.toml."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from app.core import Core
from uploader import check_url

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
    core = Core(ctx)
    server = args.server.rstrip("/")
    check_url(server)  # refuse http:// to a non-loopback host before asking for a password
    ca_file = str(args.ca_file.resolve()) if args.ca_file else None
    ctx.keystore()  # a missing keyring is reported before the password is asked
    login = core.log_in(server, args.user, _password(args), ca_file)
    core.finish_sign_in(login)
    print(f"Signed in to {server} as {login.info.user_id}.", file=ctx.out)
    return 0
