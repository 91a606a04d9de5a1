#!/usr/bin/env python3
"""Install maskmeme into the current user's desktop, or remove it again.

    python3 packaging/linux/desktop_integration.py install [--target PROGRAM]
    python3 packaging/linux/desktop_integration.py uninstall

`make install-desktop` and `make uninstall-desktop` run this. It follows the freedesktop specs
for a per-user install, under ${XDG_DATA_HOME:-~/.local/share}:

    applications/io.github.maskmeme.maskmeme.desktop        the menu entry, Exec = the launcher
    metainfo/io.github.maskmeme.maskmeme.metainfo.xml       AppStream data
    mime/packages/io.github.maskmeme.maskmeme.xml           application/x-maskmeme (*.maskmeme)
    icons/hicolor/NxN/apps/io.github.maskmeme.maskmeme.png  16 .. 512 px
    icons/hicolor/scalable/apps/io.github.maskmeme.maskmeme.svg

and ~/.local/bin/maskmeme, a two-line launcher that runs PROGRAM (by default this checkout's
.venv/bin/maskmeme; `--target dist/maskmeme/maskmeme` uses the PyInstaller bundle instead).

The installed desktop entry names the launcher by its absolute path: a desktop session started
before ~/.local/bin existed does not have it on PATH, and Exec must work anyway. The launcher
also puts `maskmeme` on the terminal's PATH where ~/.local/bin is on it (Debian's ~/.profile
adds it). Then the MIME, desktop and icon databases are rebuilt so that file managers see the
new type and its handler at once.

`uninstall` removes exactly the files above (the launcher only if it is the one written here)
and rebuilds the databases, so they forget maskmeme. Folders are left in place: other programs
share them. Standard library only, so it runs with any Python 3.9 or newer.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

APP_ID = "io.github.maskmeme.maskmeme"
HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
ICONS = ROOT / "resources" / "icons"
ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
LAUNCHER_MARK = "# maskmeme launcher written by `make install-desktop`"


def data_home() -> Path:
    # The XDG Base Directory spec: a relative or empty XDG_DATA_HOME is invalid and ignored.
    value = os.environ.get("XDG_DATA_HOME", "")
    return Path(value) if os.path.isabs(value) else Path.home() / ".local" / "share"


def launcher_path() -> Path:
    # The XDG Base Directory spec names ~/.local/bin for user executables (no variable for it).
    return Path.home() / ".local" / "bin" / "maskmeme"


def planned_files(data: Path) -> dict[Path, Path]:
    """Installed path -> source file, for everything except the desktop entry and launcher."""
    files = {
        data / "metainfo" / f"{APP_ID}.metainfo.xml": HERE / f"{APP_ID}.metainfo.xml",
        data / "mime" / "packages" / f"{APP_ID}.xml": HERE / f"{APP_ID}.mime.xml",
        data / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg": ICONS / "maskmeme.svg",
    }
    for size in ICON_SIZES:
        rel = Path("hicolor", f"{size}x{size}", "apps", f"{APP_ID}.png")
        files[data / "icons" / rel] = ICONS / rel
    return files


def desktop_entry_path(data: Path) -> Path:
    return data / "applications" / f"{APP_ID}.desktop"


def exec_quote(program: Path) -> str:
    """`program` as the Desktop Entry spec wants it in Exec: quoted when it holds reserved
    characters (a home folder with a space), with `%` doubled so it is not a field code."""
    text = str(program)
    if any(c in text for c in '"`$\\\n'):
        # Legal with two levels of escaping, but too easy to get wrong for a launcher path.
        raise SystemExit(f'install-desktop: cannot use a path containing " ` $ \\ : {text}')
    text = text.replace("%", "%%")
    if re.search(r"[\s'><~|&;*?#()]", text):
        text = f'"{text}"'
    return text


def installed_entry(launcher: Path) -> str:
    """The packaged desktop entry with Exec's program (not its field codes) and TryExec aimed
    at the launcher's absolute path. TryExec hides the menu entry if the launcher is gone (the
    checkout was deleted)."""
    lines = []
    for line in (HERE / f"{APP_ID}.desktop").read_text(encoding="utf-8").splitlines():
        if line.startswith("Exec="):
            lines.append(f"TryExec={launcher}")
            _program, _, arguments = line.removeprefix("Exec=").partition(" ")
            line = " ".join(filter(None, [f"Exec={exec_quote(launcher)}", arguments]))
        lines.append(line)
    return "\n".join(lines) + "\n"


def is_our_launcher(path: Path) -> bool:
    try:
        return LAUNCHER_MARK in path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


def write_file(path: Path, text: str | None = None, source: Path | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if source is not None:
        shutil.copyfile(source, path)
    else:
        path.write_text(text or "", encoding="utf-8")
    path.chmod(0o644)
    print(f"  installed {path}")


def install(target: Path) -> None:
    data = data_home()
    launcher = launcher_path()
    target = target.absolute()
    if not os.access(target, os.X_OK):
        raise SystemExit(
            f"install-desktop: {target} is not an executable program; "
            "run `make venv` (or `make dist` for --target dist/maskmeme/maskmeme) first"
        )
    writes_launcher = target != launcher
    if writes_launcher and launcher.exists() and not is_our_launcher(launcher):
        raise SystemExit(
            f"install-desktop: {launcher} exists and was not written by maskmeme's "
            f"install-desktop (a pipx install?); remove it, or pass --target {launcher}"
        )
    print(f"Installing maskmeme for {os.environ.get('USER', 'this user')} under {data}")
    for path, source in planned_files(data).items():
        write_file(path, source=source)
    write_file(desktop_entry_path(data), installed_entry(launcher))
    if writes_launcher:
        write_file(launcher, f'#!/bin/sh\n{LAUNCHER_MARK}\nexec {shlex.quote(str(target))} "$@"\n')
        launcher.chmod(0o755)
    update_databases(data)


def uninstall() -> None:
    data = data_home()
    launcher = launcher_path()
    print(f"Removing maskmeme's desktop integration from {data}")
    doomed = [*planned_files(data), desktop_entry_path(data)]
    if is_our_launcher(launcher):
        doomed.append(launcher)
    for path in doomed:
        if path.exists() or path.is_symlink():
            path.unlink()
            print(f"  removed {path}")
    update_databases(data)


def run_tool(*command: str | Path) -> None:
    """Run a database tool if the system has it; a missing tool only delays what the desktop
    notices (until its next login or a later update), so it is a note, not an error."""
    if shutil.which(str(command[0])) is None:
        print(f"  note: {command[0]} is not installed; skipped", file=sys.stderr)
        return
    result = subprocess.run([str(c) for c in command], capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"install-desktop: {command[0]} failed: {result.stderr.strip()}")


def update_databases(data: Path) -> None:
    if (data / "mime" / "packages").is_dir():
        run_tool("update-mime-database", data / "mime")
    if (data / "applications").is_dir():
        run_tool("update-desktop-database", "-q", data / "applications")
    theme = data / "icons" / "hicolor"
    if not theme.is_dir():
        return
    # Like xdg-icon-resource: rebuild the icon cache only where one is kept (an index.theme or
    # an existing cache). A cache created here would go stale when another program drops
    # icons into the same folder without rebuilding it, and GTK would then not see theirs.
    # Without a cache GTK scans the folders; touching the theme folder makes it rescan now.
    if (theme / "icon-theme.cache").exists() or (theme / "index.theme").exists():
        run_tool("gtk-update-icon-cache", "--quiet", "--force", "--ignore-theme-index", theme)
    else:
        theme.touch()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Install maskmeme into the user's desktop.")
    commands = parser.add_subparsers(dest="command", required=True)
    add = commands.add_parser("install", help="install the menu entry, icons and file type")
    add.add_argument(
        "--target",
        type=Path,
        default=ROOT / ".venv" / "bin" / "maskmeme",
        help="the program the launcher runs (default: this checkout's .venv/bin/maskmeme)",
    )
    commands.add_parser("uninstall", help="remove what install put in place")
    args = parser.parse_args(argv)
    if args.command == "install":
        install(args.target)
    else:
        uninstall()
    return 0


if __name__ == "__main__":
    sys.exit(main())
