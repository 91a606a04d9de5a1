"""Rebuild resources/fonts/Anton-Regular.ttf from the OFL web-font subsets.

The Anton family (SIL Open Font License 1.1) is published on the npm registry as
`@fontsource/anton` in per-script WOFF subsets. maskmeme wants one TTF that Pillow can load, so
this script merges the latin, latin-ext and vietnamese subsets:

    npm pack @fontsource/anton@5.3.0 && tar xzf fontsource-anton-5.3.0.tgz
    python -m venv /tmp/ft && /tmp/ft/bin/pip install fonttools
    /tmp/ft/bin/python packaging/fonts/build_anton.py \
        package/files resources/fonts/Anton-Regular.ttf

It is a maintainer's tool, not part of the app or its build.
"""

import sys
import tempfile
from pathlib import Path

from fontTools.merge import Merger
from fontTools.ttLib import TTFont

SUBSETS = ("latin", "latin-ext", "vietnamese")


def main(source: Path, target: Path) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        parts = []
        for subset in SUBSETS:
            font = TTFont(source / f"anton-{subset}-400-normal.woff")
            font.flavor = None
            part = Path(scratch) / f"{subset}.ttf"
            font.save(part)
            parts.append(str(part))
        Merger().merge(parts).save(target)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
