"""`python -m reference_door`."""

import sys

from .cli import main

sys.exit(main())
