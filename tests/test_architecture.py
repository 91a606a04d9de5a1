"""The layer rules of DESIGN.md, enforced: import-linter contracts, and the headless half
running with Qt made unimportable."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import maskmeme_gui

PACKAGE = Path(maskmeme_gui.__file__).parent


def test_import_contracts_hold() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint)], capture_output=True, text=True, cwd=PACKAGE.parents[1])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_only_qt_imports_pyside_and_only_config_paths_imports_appdirs() -> None:
    # import-linter only sees imports between packages it can find; this also catches
    # imports inside functions and of packages that are not installed.
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE).as_posix()
        roots = {name.split(".")[0] for name in _imported_modules(path)}
        if not relative.startswith("qt/") and relative != "cli.py":
            assert not roots & {"PySide6", "shiboken6"}, relative
        if relative != "config/paths.py":
            assert "appdirs" not in roots, relative
        if relative.startswith("model/"):
            assert "PIL" not in roots, relative


def test_the_headless_render_runs_without_qt(tmp_path: Path) -> None:
    out = tmp_path / "meme.png"
    script = (
        "import sys\n"
        "sys.modules['PySide6'] = None\n"  # any import of Qt now raises ImportError
        "sys.modules['shiboken6'] = None\n"
        "from maskmeme_gui.cli import main\n"
        f"code = main(['render', 'masked-face', '-o', {str(out)!r}, '--width', '300'])\n"
        "assert not any(name.startswith('PySide6') for name in sys.modules if sys.modules[name])\n"
        "sys.exit(code)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert out.stat().st_size > 1000
