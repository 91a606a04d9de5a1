"""Desktop packaging: the app icon, the freedesktop files, `make install-desktop` and the bundle.

The validators are the freedesktop tools themselves (desktop-file-validate, appstreamcli,
update-mime-database, xdg-mime, gio). packaging/system-deps.sh installs their Debian packages;
where one is missing anyway, its test is skipped with the package named, never passed.
"""

from __future__ import annotations

import ast
import codecs
import fcntl
import io
import os
import re
import shutil
import stat
import struct
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PIL import Image

import maskmeme_gui
from maskmeme_gui.fileio.project import MIMETYPE, PROJECT_SUFFIX, save_project
from maskmeme_gui.fileio.starters import document_from_template
from maskmeme_gui.fileio.templates import get_template
from maskmeme_gui.locate import resource_path

CHECKOUT = Path(maskmeme_gui.__file__).resolve().parents[2]
LINUX = CHECKOUT / "packaging" / "linux"
ICONS = CHECKOUT / "resources" / "icons"
APP_ID = "io.github.maskmeme.maskmeme"
DESKTOP_FILE = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
MIME_XML = LINUX / f"{APP_ID}.mime.xml"
MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"
ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
IMAGE_TYPES = ("image/png", "image/jpeg", "image/webp", "image/gif", "image/bmp", "image/tiff")


def tool(name: str, package: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(
            f"{name} is missing: install the Debian package {package} "
            "(packaging/system-deps.sh does when run as root)"
        )
    return path


def run(
    *command: str | Path,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    check: bool = True,
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(c) for c in command], capture_output=True, text=True, env=env, cwd=cwd, timeout=300
    )
    if check:
        assert result.returncode == 0, f"{command}:\n{result.stdout}\n{result.stderr}"
    return result


def desktop_entry(text: str) -> dict[str, str]:
    lines = text.splitlines()
    assert lines[0] == "[Desktop Entry]"
    return dict(line.split("=", 1) for line in lines[1:] if line and not line.startswith("#"))


@pytest.fixture(scope="module")
def project_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("project") / f"crying{PROJECT_SUFFIX}"
    save_project(document_from_template(get_template("masked-face")), path)
    return path


# --- the icon -------------------------------------------------------------------------------


@pytest.mark.parametrize("size", ICON_SIZES)
def test_hicolor_icons_are_square_rgba_pngs_of_their_size(size: int) -> None:
    path = ICONS / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
    with Image.open(path) as image:
        assert image.format == "PNG"
        assert image.size == (size, size)
        assert image.mode == "RGBA"
        alpha = image.getchannel("A")
        # Transparent corners (a rounded tile), an opaque middle.
        assert alpha.getpixel((0, 0)) < 128
        assert alpha.getpixel((size // 2, size // 2)) == 255


def test_the_window_icon_is_found_through_locate() -> None:
    assert resource_path("icons", "hicolor", "256x256", "apps", f"{APP_ID}.png").is_file()
    assert resource_path("icons", "maskmeme.svg").is_file()


def test_svg_sources_are_well_formed_and_square() -> None:
    for name in ("maskmeme.svg", "maskmeme-small.svg"):
        root = ET.parse(ICONS / name).getroot()
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        _, _, width, height = root.attrib["viewBox"].split()
        assert width == height


def test_ico_holds_every_windows_size() -> None:
    with Image.open(ICONS / "maskmeme.ico") as ico:
        assert ico.format == "ICO"
        assert {w for w, _ in ico.info["sizes"]} == {16, 24, 32, 48, 64, 128, 256}


def icns_elements(data: bytes) -> Iterator[tuple[bytes, Image.Image]]:
    assert data[:4] == b"icns"
    assert struct.unpack(">I", data[4:8])[0] == len(data)
    offset = 8
    while offset < len(data):
        kind = data[offset : offset + 4]
        (length,) = struct.unpack(">I", data[offset + 4 : offset + 8])
        yield kind, Image.open(io.BytesIO(data[offset + 8 : offset + length]))
        offset += length


def test_icns_holds_every_macos_size() -> None:
    # Apple's element types and the pixel sizes they must hold (@2x types hold double).
    expected = {
        b"icp4": 16,
        b"icp5": 32,
        b"icp6": 64,
        b"ic07": 128,
        b"ic08": 256,
        b"ic09": 512,
        b"ic10": 1024,
        b"ic11": 32,
        b"ic12": 64,
        b"ic13": 256,
        b"ic14": 512,
    }
    found = {
        kind: image.size for kind, image in icns_elements((ICONS / "maskmeme.icns").read_bytes())
    }
    assert found == {kind: (size, size) for kind, size in expected.items()}


def test_committed_icons_match_their_svg_sources() -> None:
    tool("rsvg-convert", "librsvg2-bin")
    result = run(
        sys.executable, CHECKOUT / "packaging" / "icons" / "build_icons.py", "--check", check=False
    )
    assert result.returncode == 0, result.stderr


# --- the desktop entry ----------------------------------------------------------------------


def test_desktop_entry_validates() -> None:
    validate = tool("desktop-file-validate", "desktop-file-utils")
    result = run(validate, DESKTOP_FILE, check=False)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_desktop_entry_declares_what_the_app_opens() -> None:
    entry = desktop_entry(DESKTOP_FILE.read_text(encoding="utf-8"))
    assert entry["Type"] == "Application"
    assert entry["Exec"] == "maskmeme %F"
    assert entry["Icon"] == APP_ID
    assert entry["StartupWMClass"] == "maskmeme"
    assert entry["Categories"] == "Graphics;2DGraphics;RasterGraphics;"
    assert entry["Keywords"].endswith(";")
    mime_types = entry["MimeType"].rstrip(";").split(";")
    assert mime_types == [MIMETYPE, *IMAGE_TYPES]


def test_the_app_names_itself_after_the_desktop_entry(qapp: object) -> None:
    # Wayland compositors find the window's icon and name through this id.
    from maskmeme_gui.qt.app import create_application

    assert create_application([]).desktopFileName() == APP_ID


# --- AppStream ------------------------------------------------------------------------------


def test_metainfo_validates_offline() -> None:
    appstreamcli = tool("appstreamcli", "appstream")
    result = run(appstreamcli, "validate", "--no-net", METAINFO, check=False)
    # Infos and pedantic notes are allowed (see packaging/README.md); warnings and errors not.
    assert result.returncode == 0, result.stdout + result.stderr
    assert not re.search(r"^[WE]: ", result.stdout, re.MULTILINE), result.stdout


def test_metainfo_agrees_with_the_app() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == DESKTOP_FILE.name
    assert root.findtext("metadata_license") == "CC0-1.0"
    assert root.findtext("project_license") == "MIT AND OFL-1.1 AND Bitstream-Vera"
    releases = [r.get("version") for r in root.iter("release")]
    assert releases[0] == maskmeme_gui.__version__
    assert [m.text for m in root.iter("mediatype")] == [MIMETYPE]
    assert root.find("content_rating").get("type") == "oars-1.1"


def test_metainfo_screenshots_are_pictures_in_docs() -> None:
    root = ET.parse(METAINFO).getroot()
    urls = [image.text or "" for image in root.iter("image")]
    assert urls, "no screenshots"
    missing = []
    for url in urls:
        assert url.startswith("https://raw.githubusercontent.com/maskmeme/maskmeme/main/docs/")
        local = CHECKOUT / "docs" / url.rsplit("/", 1)[1]
        if not local.exists():
            missing.append(local.name)
            continue
        with Image.open(local) as image:
            assert image.format == "PNG"
    if missing:
        pytest.skip(f"screenshots not taken yet: docs/{', docs/'.join(missing)}")


# --- the MIME type --------------------------------------------------------------------------


def mime_type_element() -> ET.Element:
    root = ET.parse(MIME_XML).getroot()
    assert root.tag == f"{MIME_NS}mime-info"
    (element,) = root.findall(f"{MIME_NS}mime-type")
    return element


def test_mime_definition_has_glob_parent_and_comment() -> None:
    element = mime_type_element()
    assert element.get("type") == MIMETYPE
    assert [g.get("pattern") for g in element.findall(f"{MIME_NS}glob")] == ["*" + PROJECT_SUFFIX]
    assert element.find(f"{MIME_NS}sub-class-of").get("type") == "application/zip"
    assert element.findtext(f"{MIME_NS}comment")
    assert element.find(f"{MIME_NS}icon").get("name") == APP_ID


def test_update_mime_database_accepts_the_definition(tmp_path: Path) -> None:
    update = tool("update-mime-database", "shared-mime-info")
    packages = tmp_path / "mime" / "packages"
    packages.mkdir(parents=True)
    shutil.copy(MIME_XML, packages / f"{APP_ID}.xml")
    result = run(update, tmp_path / "mime")
    # It reports unknown elements and bad attributes on stderr but still exits 0.
    assert "error" not in result.stderr.lower() and "warning" not in result.stderr.lower(), (
        result.stderr
    )
    assert MIMETYPE in (tmp_path / "mime" / "types").read_text()


def magic_rules(match: ET.Element) -> Iterator[list[tuple[int, bytes]]]:
    """Every chain of nested <match> elements: each chain must hold for a file to match."""
    assert match.get("type") == "string", "only string matches are used"
    offset = match.get("offset", "")
    assert offset.isdigit(), "single offsets only"
    value = codecs.escape_decode(match.get("value", "").encode())[0]
    here = (int(offset), value)
    children = match.findall(f"{MIME_NS}match")
    if not children:
        yield [here]
    for child in children:
        for chain in magic_rules(child):
            yield [here, *chain]


def matches(data: bytes) -> bool:
    (magic,) = mime_type_element().findall(f"{MIME_NS}magic")
    return any(
        all(data[offset : offset + len(value)] == value for offset, value in chain)
        for top in magic.findall(f"{MIME_NS}match")
        for chain in magic_rules(top)
    )


def test_the_magic_rule_matches_a_saved_project_at_the_real_offsets(project_file: Path) -> None:
    data = project_file.read_bytes()
    # The zip's first local file header: the name starts at byte 30 and the stored data
    # right after it, because the entry has no extra field.
    name_length, extra_length = struct.unpack("<HH", data[26:30])
    assert data[30 : 30 + name_length] == b"mimetype"
    start = 30 + name_length + extra_length
    assert start == 38
    assert data[start : start + len(MIMETYPE)] == MIMETYPE.encode()
    chains = [
        chain
        for top in mime_type_element().iter(f"{MIME_NS}magic")
        for m in top.findall(f"{MIME_NS}match")
        for chain in magic_rules(m)
    ]
    assert chains == [[(0, b"PK\x03\x04"), (30, b"mimetype"), (38, MIMETYPE.encode())]]
    assert matches(data)


def test_the_magic_rule_ignores_other_zips(tmp_path: Path, project_file: Path) -> None:
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("mimetype", "application/epub+zip")
    assert not matches(other.read_bytes())
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("document.json", "{}")
    assert not matches(other.read_bytes())
    assert not matches(project_file.read_bytes()[:37])


# --- make install-desktop / uninstall-desktop -----------------------------------------------


def desktop_env(home: Path, **extra: str) -> dict[str, str]:
    """A user with nothing installed: every XDG folder inside `home`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "MASKMEME_"))}
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_DIRS="/usr/local/share:/usr/share",
        **extra,
    )
    return env


def installed_files(home: Path) -> list[Path]:
    data = home / "data"
    icons = [data / "icons" / "hicolor" / f"{n}x{n}" / "apps" / f"{APP_ID}.png" for n in ICON_SIZES]
    return [
        data / "applications" / f"{APP_ID}.desktop",
        data / "metainfo" / f"{APP_ID}.metainfo.xml",
        data / "mime" / "packages" / f"{APP_ID}.xml",
        data / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg",
        *icons,
        home / ".local" / "bin" / "maskmeme",
    ]


def make(target: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    make_exe = tool("make", "make")
    # -o: never reinstall the test venv from inside a test, even if pyproject.toml is newer.
    return run(make_exe, "-s", "-o", ".venv/.installed-test", target, env=env, cwd=CHECKOUT)


def xdg_mime(env: dict[str, str], *args: str | Path) -> str:
    return run(tool("xdg-mime", "xdg-utils"), *args, env=env).stdout.strip()


@pytest.fixture
def user_home(tmp_path: Path) -> Path:
    if not (CHECKOUT / ".venv" / "bin" / "maskmeme").exists():
        pytest.skip("no .venv/bin/maskmeme in the checkout to aim the launcher at (make venv)")
    tool("update-mime-database", "shared-mime-info")
    tool("update-desktop-database", "desktop-file-utils")
    home = tmp_path / "home"
    home.mkdir()
    return home


def test_install_desktop_installs_everything_and_uninstall_removes_it(user_home: Path) -> None:
    env = desktop_env(user_home)
    make("install-desktop", env)
    for path in installed_files(user_home):
        assert path.is_file(), path
    launcher = user_home / ".local" / "bin" / "maskmeme"
    assert launcher.stat().st_mode & stat.S_IXUSR
    entry_path = user_home / "data" / "applications" / f"{APP_ID}.desktop"
    entry = desktop_entry(entry_path.read_text(encoding="utf-8"))
    # The absolute path: a session started before ~/.local/bin existed lacks it on PATH.
    assert entry["Exec"] == f"{launcher} %F"
    assert entry["TryExec"] == str(launcher)
    run(tool("desktop-file-validate", "desktop-file-utils"), entry_path)
    # The Exec line works: the launcher runs the checkout's maskmeme.
    assert "masked-face" in run(launcher, "templates", env=env).stdout
    cache = (user_home / "data" / "applications" / "mimeinfo.cache").read_text()
    assert f"{MIMETYPE}={APP_ID}.desktop;" in cache

    make("uninstall-desktop", env)
    for path in installed_files(user_home):
        assert not path.exists(), path
    cache = (user_home / "data" / "applications" / "mimeinfo.cache").read_text()
    assert APP_ID not in cache
    assert MIMETYPE not in (user_home / "data" / "mime" / "types").read_text()


def test_after_install_desktop_xdg_mime_resolves_projects_to_maskmeme(
    user_home: Path, project_file: Path, tmp_path: Path
) -> None:
    tool("xdg-mime", "xdg-utils")
    tool("mimetype", "libfile-mimeinfo-perl")  # xdg-mime's sniffer outside GNOME and KDE
    env = desktop_env(user_home)
    bare = tmp_path / "crying-without-extension"
    shutil.copy(project_file, bare)
    make("install-desktop", env)
    # Recognised by its name, and by its bytes (the magic rule) when it has none.
    assert xdg_mime(env, "query", "filetype", project_file) == MIMETYPE
    assert xdg_mime(env, "query", "filetype", bare) == MIMETYPE
    assert xdg_mime(env, "query", "default", MIMETYPE) == f"{APP_ID}.desktop"
    make("uninstall-desktop", env)
    assert xdg_mime(env, "query", "default", MIMETYPE) == ""
    assert xdg_mime(env, "query", "filetype", bare) == "application/zip"


def test_after_install_desktop_gio_resolves_projects_to_maskmeme(
    user_home: Path, project_file: Path, tmp_path: Path
) -> None:
    """What GNOME's file manager, `gio open` and xdg-open on GNOME use."""
    gio = tool("gio", "libglib2.0-bin")
    env = desktop_env(user_home, XDG_CURRENT_DESKTOP="GNOME")
    bare = tmp_path / "crying-without-extension"
    shutil.copy(project_file, bare)
    make("install-desktop", env)
    info = run(gio, "info", "--attributes=standard::content-type", bare, env=env).stdout
    assert f"standard::content-type: {MIMETYPE}" in info
    listing = run(gio, "mime", MIMETYPE, env=env).stdout
    assert f"“{MIMETYPE}”: {APP_ID}.desktop" in listing
    if shutil.which("xdg-mime"):
        assert xdg_mime(env, "query", "filetype", bare) == MIMETYPE
    make("uninstall-desktop", env)
    assert APP_ID not in run(gio, "mime", MIMETYPE, env=env, check=False).stdout


def integration(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    script = LINUX / "desktop_integration.py"
    return run(sys.executable, script, *args, env=env, check=False)


def test_double_click_runs_the_launcher_with_the_file(tmp_path: Path, project_file: Path) -> None:
    """The whole double-click path: xdg-open (any desktop) and gio open (GNOME) look up the
    type and its default application, expand Exec's %F and run the launcher with the file."""
    xdg_open = tool("xdg-open", "xdg-utils")
    tool("mimetype", "libfile-mimeinfo-perl")
    tool("update-desktop-database", "desktop-file-utils")
    home = tmp_path / "home"
    record = tmp_path / "arguments"
    recorder = tmp_path / "fake-maskmeme"
    recorder.write_text(
        f"#!/bin/sh\nprintf '%s\\n' \"$@\" > {record}.part && mv {record}.part {record}\n"
    )
    recorder.chmod(0o755)
    document = tmp_path / "my meme.maskmeme"  # a space, as in real file names
    shutil.copy(project_file, document)
    # A display name is all xdg-open checks for; nothing connects to it.
    env = desktop_env(home, DISPLAY=":99")
    assert integration("install", "--target", str(recorder), env=env).returncode == 0

    openers = [[xdg_open], [xdg_open]]
    desktops = ["", "GNOME"]
    if shutil.which("gio"):
        openers.append(["gio", "open"])
        desktops.append("GNOME")
    for opener, desktop in zip(openers, desktops, strict=True):
        record.unlink(missing_ok=True)
        run(*opener, document, env={**env, "XDG_CURRENT_DESKTOP": desktop})
        deadline = time.monotonic() + 10  # gio starts the program in the background
        while not record.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert record.read_text() == f"{document}\n", (opener, desktop)
    assert integration("uninstall", env=env).returncode == 0


def test_install_desktop_quotes_a_home_with_spaces(tmp_path: Path) -> None:
    validate = tool("desktop-file-validate", "desktop-file-utils")
    home = tmp_path / "my home"
    home.mkdir()
    env = desktop_env(home)
    target = Path(sys.executable)  # any executable will do as the launcher's target
    assert integration("install", "--target", str(target), env=env).returncode == 0
    entry_path = home / "data" / "applications" / f"{APP_ID}.desktop"
    entry = desktop_entry(entry_path.read_text(encoding="utf-8"))
    assert entry["Exec"] == f'"{home}/.local/bin/maskmeme" %F'
    run(validate, entry_path)
    assert integration("uninstall", env=env).returncode == 0
    assert not entry_path.exists()


def test_install_desktop_leaves_someone_elses_maskmeme_command_alone(tmp_path: Path) -> None:
    home = tmp_path / "home"
    foreign = home / ".local" / "bin" / "maskmeme"
    foreign.parent.mkdir(parents=True)
    foreign.write_text("#!/bin/sh\n# pipx's maskmeme\n")
    env = desktop_env(home)
    refused = integration("install", "--target", sys.executable, env=env)
    assert refused.returncode != 0 and "was not written by" in refused.stderr
    assert not (home / "data" / "applications").exists()
    assert integration("uninstall", env=env).returncode == 0
    assert foreign.read_text() == "#!/bin/sh\n# pipx's maskmeme\n"


# --- the PyInstaller bundle -----------------------------------------------------------------


def test_the_spec_is_python_and_puts_resources_where_locate_looks() -> None:
    spec = (CHECKOUT / "packaging" / "pyinstaller" / "maskmeme.spec").read_text(encoding="utf-8")
    ast.parse(spec)
    assert '"maskmeme_gui/resources"' in spec
    locate = (CHECKOUT / "src" / "maskmeme_gui" / "locate.py").read_text(encoding="utf-8")
    assert 'Path(bundle) / "maskmeme_gui" / "resources"' in locate


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Several engineers run `make test` in one checkout at once: one builds the venv."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@pytest.mark.slow
def test_the_pyinstaller_bundle_is_small_and_runs_on_its_own(tmp_path: Path) -> None:
    """`make dist`, but into a temporary folder so that parallel runs never share one."""
    make_exe = tool("make", "make")
    tool("objdump", "binutils")  # the spec reads each library's direct dependencies with it
    tool("cc", "gcc")  # the spec builds stand-ins for OpenCV's codec libraries with it
    with locked(CHECKOUT / "build" / "dist-venv.lock"):
        run(make_exe, "-s", "build/dist-venv/.installed", cwd=CHECKOUT)
    pyinstaller = CHECKOUT / "build" / "dist-venv" / "bin" / "pyinstaller"
    spec = CHECKOUT / "packaging" / "pyinstaller" / "maskmeme.spec"
    # A private PyInstaller cache too: parallel runs must not share half-written files.
    env = {**os.environ, "PYINSTALLER_CONFIG_DIR": str(tmp_path / "cache")}
    build = ["--noconfirm", "--log-level", "ERROR", "--distpath", tmp_path / "dist"]
    run(pyinstaller, *build, "--workpath", tmp_path / "work", spec, env=env)
    app = tmp_path / "dist" / "maskmeme" / "maskmeme"

    # No venv, no PYTHONPATH, no Python beside it: only what the bundle carries.
    home = tmp_path / "home"
    home.mkdir()
    bare = {"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8"}
    assert "masked-face" in run(app, "templates", env=bare).stdout
    meme = tmp_path / "meme.png"
    run(app, "render", "masked-face", "-o", meme, "--top", "hi", env=bare)
    with Image.open(meme) as image:
        assert image.size == (1200, 1200)
    faces = run(app, "faces", "--json", CHECKOUT / "tests/data/faces/astronaut.jpg", env=bare)
    assert '"faces": [{"box"' in faces.stdout  # OpenCV, numpy and both models are in
    run(app, "--exit-after-startup", env={**bare, "QT_QPA_PLATFORM": "offscreen"})

    internal = app.parent / "_internal"
    resources = internal / "maskmeme_gui" / "resources"
    for required in (
        "fonts/Anton-Regular.ttf",
        "templates/templates.json",
        f"icons/hicolor/256x256/apps/{APP_ID}.png",
        "knowledge/meme.json",
    ):
        assert (resources / required).is_file(), required
    names = {p.name for p in internal.rglob("*")}
    # Every Qt module the source imports is in (the spec reads them from the source).
    sources = "\n".join(
        p.read_text(encoding="utf-8") for p in (CHECKOUT / "src" / "maskmeme_gui").rglob("*.py")
    )
    for module in set(re.findall(r"\bPySide6\.(Qt\w+)", sources)):
        assert f"{module}.abi3.so" in names, module
    for unused in (
        "libQt6Qml.so.6",
        "libQt6Quick.so.6",
        "libqgtk3.so",
        "libstdc++.so.6",
        "libcrypto.so.3",
    ):
        assert unused not in names, unused
    assert not list(internal.glob("PySide6/Qt/translations/*"))
    assert not [p for p in internal.rglob("*") if p.is_symlink() and not p.exists()]
    size = sum(p.stat().st_size for p in internal.rglob("*") if p.is_file() and not p.is_symlink())
    # 122 MB before face finding; OpenCV (cv2 67 MB, its libraries 40 MB) and numpy (41 MB)
    # brought it to 270 MB (packaging/README.md).
    assert size < 280 * 1024 * 1024, f"the bundle grew to {size / 2**20:.0f} MB (was 270)"
