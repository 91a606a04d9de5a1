#!/usr/bin/env bash
# Installs the Debian packages maskmeme's tests need, if any are missing.
#   Qt offscreen: libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0
#   caption tests of colour emoji and Devanagari: fonts-noto-color-emoji fonts-lohit-deva
#   desktop integration tests (tests/test_packaging.py): desktop-file-utils appstream
#     shared-mime-info xdg-utils, libfile-mimeinfo-perl (xdg-mime's MIME sniffing outside
#     GNOME/KDE), libglib2.0-bin (gio), librsvg2-bin (the icon freshness check),
#     binutils (objdump and readelf, which the PyInstaller spec uses), gcc (the spec builds
#     stand-ins for OpenCV's codec libraries)
# On a machine without apt-get, or without root, it only names what is missing.
set -euo pipefail
packages=(libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0 fonts-noto-color-emoji fonts-lohit-deva desktop-file-utils appstream shared-mime-info xdg-utils libfile-mimeinfo-perl libglib2.0-bin librsvg2-bin binutils gcc)
missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
fi
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian packages: ${missing[*]}"
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null
else
  echo "maskmeme's tests need these Debian packages: ${missing[*]}" >&2
  echo "  sudo apt-get install ${missing[*]}" >&2
fi
