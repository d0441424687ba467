"""Network: the tus 1.0 client, sync scheduler, auth session, receipts and connectivity.
Imports `crypto` and `outbox` only; never Qt, never `recorder`.
"""
