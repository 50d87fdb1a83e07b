"""`python -m unmanned_store_engine serve`."""

import sys

from .malloc import limit_arenas

# Before cli's imports: numpy, OpenCV and onnxruntime start threads as they load.
limit_arenas()

from .cli import main  # noqa: E402

sys.exit(main())
