"""`logmeets logout`: end the session at the server and forget its tokens. Chunks stay on this
computer and upload after the next `logmeets login`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.context import Context

NAME = "logout"
HELP = "sign out (recordings not yet uploaded stay and go after the next sign-in)"


def configure(parser: argparse.ArgumentParser) -> None:
    """No options."""


def run(args: argparse.Namespace, ctx: Context) -> int:
    """Ends the session (best effort when the server is unreachable) and deletes the tokens."""
    from app import __version__
    from uploader import HTTPTransport, SignInSession, UploadError

    s = ctx.settings
    if not s.server_url:
        print("Not signed in to any server.", file=ctx.out)
        return 0
    transport = HTTPTransport(ca_file=_path(s.ca_file), spki_pin=s.spki_pin)
    session = SignInSession(
        transport, s.server_url, ctx.keystore(), device_id=ctx.device_id, client_version=__version__
    )
    try:
        session.logout()
        print(f"Signed out of {s.server_url}.", file=ctx.out)
    except UploadError as exc:
        # The tokens are forgotten anyway (logout's finally): only the server did not hear it.
        print(
            f"Signed out on this computer; the server was not reached ({exc.code}).", file=ctx.out
        )
    finally:
        transport.close()
    ctx.audit().append("logout", server=s.server_url)
    ctx.audit().set_user(None)
    return 0


def _path(value: str | None) -> Path | None:
    return Path(value) if value else None
