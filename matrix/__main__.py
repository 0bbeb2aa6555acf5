"""`python -m matrix` is the `escalate` CLI."""

import sys

from .cli import main

sys.exit(main())
