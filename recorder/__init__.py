"""Audio capture: devices, the PortAudio stream, level meter, FLAC chunker, crash journal and
recovery. Imports `crypto` and `outbox` only; never Qt, never `uploader`.
"""
