"""`python -m desk ...`: the same command line as the installed `desk`."""

import sys

from desk.cli.main import main

sys.exit(main())
