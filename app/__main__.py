"""`python -m app`, and the entry point of the frozen bundle: the `logmeets` command."""

import multiprocessing
import sys

from app.cli import main

# The guard: the system-audio child process (spawned) imports this module again as
# `__mp_main__`; freeze_support lets the frozen bundle run as that child.
if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
