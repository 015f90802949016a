"""``python -m hub`` is ``legal-hub``."""

import sys

from hub.cli import main

sys.exit(main())
