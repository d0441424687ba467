"""`logmeets diagnostics [--json]`: versions, OS, folders, audio devices, settings (no secrets),
the proxy's route and the last errors of the log, for a support ticket (the same text as the
window's Help › About › Copy diagnostics)."""

from __future__ import annotations

import argparse
import contextlib
import json
from typing import TYPE_CHECKING

from app.diagnostics import build_diagnostics, diagnostics_text

if TYPE_CHECKING:
    from app.context import Context

NAME = "diagnostics"
HELP = "print what a support ticket needs (versions, OS, devices, settings; no secrets)"


def configure(parser: argparse.ArgumentParser) -> None:
    """Adds --json."""
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: argparse.Namespace, ctx: Context) -> int:
    """Prints the diagnostics. The proxy's route is included when a keyring answers (its
    credentials are read to build the resolver, and never printed)."""
    with contextlib.suppress(Exception):  # a keyring problem is part of what is diagnosed
        ctx.proxy()
    report = build_diagnostics(ctx)
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False), file=ctx.out)
    else:
        print(diagnostics_text(report), end="", file=ctx.out)
    return 0
