"""`python -m app`, and the entry point of the frozen bundle: the `logmeets` command."""

import multiprocessing
import sys

from app.cli import main

# Not when a spawned child (the PAC engine, system audio capture) imports this module.
if __name__ == "__main__":
    # In the frozen bundle a spawned child is this executable again: it runs the child's work
    # and exits here instead of starting the app.
    multiprocessing.freeze_support()
    sys.exit(main())
