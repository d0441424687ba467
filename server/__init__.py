"""`logmeets-server`: the reference implementation of the LogMeets upload API v1
(docs/protocol.md). Imports `crypto` only. Its third-party dependencies are the `server` extra.
"""
