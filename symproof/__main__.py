"""Run the symproof command line: `python -m symproof`."""

import sys

from symproof.report.cli import main

sys.exit(main())
