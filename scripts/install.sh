#!/usr/bin/env bash
# Install everything oversight needs on a fresh Debian machine: system packages (OCR, LibreOffice, fonts,
# Chromium for report tests) and the Python package with its test dependencies. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-chi-tra tesseract-ocr-eng
  libreoffice-writer-nogui libreoffice-calc-nogui
  fonts-noto-cjk poppler-utils chromium
  libgl1 libglib2.0-0  # OpenCV, which RapidOCR uses
  libicu-dev pkg-config  # PyICU (transliteration in screening), built against the system ICU
  postgresql  # the team store and job queue; tests start a throwaway cluster of their own
)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

python3 -m pip install -q --disable-pip-version-check -e ".[dev]"

# Compile the screening hot path with mypyc into the user's cache (oversight/native.py): about a third faster. It is
# used only while it matches the sources; if it cannot be built, screening runs as plain Python.
python3 -m oversight.native build || true
