"""`python -m app`, and the entry point of the frozen bundle: the same as the `logmeets` command,
plus `--selftest` (app/selftest.py), which checks an installed copy."""

import sys

if sys.argv[1:2] == ["--selftest"]:
    from app.selftest import main as selftest

    sys.exit(selftest(sys.argv[2:]))

from app.cli import main

sys.exit(main())
