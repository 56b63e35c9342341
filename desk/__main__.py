"""`python -m desk ...`: the same command line as the installed `desk`."""

import sys

from desk.cli import main

sys.exit(main())
