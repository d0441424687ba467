"""`python -m app`: the same as the `logmeets` command."""

import sys

from app.cli import main

sys.exit(main())
