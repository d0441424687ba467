"""The durable local state: sealed chunk files, the SQLite index, the chunk and recording state
machine, the audit log and the event bus that the recorder and the uploader publish on.

Imports `crypto` only. Errors derive from `outbox.errors.OutboxError`.
"""
