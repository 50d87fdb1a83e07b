"""`python -m unmanned_store_engine serve`."""

import sys

from .cli import main

sys.exit(main())
