"""Keys and ciphertext: the OS key store, the age chunk container, journal sealing, crypto-erase.

Imports nothing of ours. Every error raised here derives from `crypto.errors.CryptoError`.
"""
