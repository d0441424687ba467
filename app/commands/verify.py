"""`logmeets verify [--json]`: decrypt and check every local chunk; damaged ones are set aside."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from app.core import Core
from app.messages import all_messages

if TYPE_CHECKING:
    from app.context import Context

NAME = "verify"
HELP = "check that every chunk on this computer decrypts to valid audio (exit 1 if not)"


def configure(parser: argparse.ArgumentParser) -> None:
    """Adds --json."""
    parser.add_argument("--json", action="store_true", help="print a JSON list of results")


def advice(problem: str, detail: str) -> str:
    """What the user can do about one verify problem code."""
    template = all_messages().get(f"verify.{problem}", "{detail}")
    try:
        return template.format(detail=detail)
    except (KeyError, IndexError, ValueError):
        return detail


def run(args: argparse.Namespace, ctx: Context) -> int:
    """Exit 0 when every chunk is whole, 1 when any is quarantined (now or before).

    Takes the outbox exclusively: it may quarantine chunks, and must not race the uploader."""
    with Core(ctx) as core:
        core.open()
        results = core.verify().value
    bad = [r for r in results if not r.ok]
    if args.json:
        rows = [
            {
                "chunk_id": r.chunk_id,
                "recording_id": r.recording_id,
                "index": r.index,
                "ok": r.ok,
                "problem": r.problem,
                "detail": r.detail,
                "advice": advice(r.problem, r.detail) if r.problem else None,
            }
            for r in results
        ]
        print(json.dumps(rows, indent=2), file=ctx.out)
    else:
        for r in bad:
            print(
                f"chunk {r.index} of recording {r.recording_id} ({r.chunk_id}): "
                f"{advice(r.problem or '', r.detail)}",
                file=ctx.out,
            )
        print(
            f"{len(results) - len(bad)} of {len(results)} chunks OK"
            + (f", {len(bad)} set aside (not uploaded, not deleted)." if bad else "."),
            file=ctx.out,
        )
    return 1 if bad else 0
