"""`logmeets logout`: end the session at the server and forget its tokens. Chunks stay on this
computer and upload after the next `logmeets login`."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app.core import Core

if TYPE_CHECKING:
    from app.context import Context

NAME = "logout"
HELP = "sign out (recordings not yet uploaded stay and go after the next sign-in)"


def configure(parser: argparse.ArgumentParser) -> None:
    """No options."""


def run(args: argparse.Namespace, ctx: Context) -> int:
    """Ends the session (best effort when the server is unreachable) and deletes the tokens."""
    core = Core(ctx)
    sign_out = core.begin_sign_out()
    if sign_out.session is None:
        print("Not signed in to any server.", file=ctx.out)
        return 0
    error = core.end_session(sign_out)
    core.forget_session(sign_out)
    if error is None:
        print(f"Signed out of {sign_out.server_url}.", file=ctx.out)
    else:
        # The tokens are forgotten anyway: only the server did not hear it.
        print(
            f"Signed out on this computer; the server was not reached ({error.code}).",
            file=ctx.out,
        )
    return 0
