"""The `maskmeme` command.

    maskmeme                      open the window
    maskmeme FILE...              open images or projects in the window
    maskmeme render INPUT -o OUT  make a meme without a window (INPUT: an image or a template id)
    maskmeme faces PHOTO [--json] list the faces found on a photo
    maskmeme templates            list the built-in templates

Exit codes of the headless commands: 0 done, 2 bad usage, 3 bad input (a file, a caption, a
font named in a project), 4 the output could not be written, 5 part of maskmeme itself is
missing or broken (a bundled font, a face-finding model). Errors are one line on stderr, never a
traceback, and quote at most a short, elided part of what the user gave. This module imports
Qt only when the window is asked for, so the headless commands run where Qt is not installed,
and imports the headless commands (headless.py: the renderer, Pillow) only when they are asked
for, so the window starts without them.
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Sequence

HEADLESS_COMMANDS = ("render", "faces", "templates")


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # Pillow warns about what it reads past in a damaged picture ("Corrupt EXIF data"), with
    # its own source line; the loader already reads such a file as well as it can.
    warnings.filterwarnings("ignore", category=UserWarning, module=r"PIL(\.|$)")
    if argv and (argv[0] in HEADLESS_COMMANDS or argv[0] in ("-h", "--help", "--version")):
        from maskmeme_gui.headless import run_headless

        return run_headless(argv)
    try:
        from maskmeme_gui.qt.app import run_app
    except ImportError as exc:
        from maskmeme_gui.headless import EXIT_USAGE, fail

        return fail(f"the window cannot start: {exc}", EXIT_USAGE)
    return run_app(argv)
