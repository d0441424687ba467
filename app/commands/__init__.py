"""`logmeets` subcommands, one module each, discovered by `app.cli`.

Each module defines `NAME`, `HELP`, `configure(parser)` and `run(args, ctx) -> int`.
"""
