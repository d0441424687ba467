"""`python -m app`, and the entry point of the frozen bundle: the `logmeets` command."""

import sys

from app.cli import main

sys.exit(main())
