"""`python -m maskmeme_gui` is the same as the `maskmeme` command."""

import sys

from maskmeme_gui.cli import main

sys.exit(main())
