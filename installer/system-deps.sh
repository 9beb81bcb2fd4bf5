#!/usr/bin/env bash
# Installs the Debian packages Qt and the tests need, once. Runs as root or through sudo.
set -euo pipefail
packages=(libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4
          libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxcb-render-util0
          libxcb-image0 libfontconfig1 libdbus-1-3 xvfb fonts-dejavu-core poppler-utils
          postgresql)  # postgresql: the sync tests start a throw-away cluster
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null; then
  echo "Thiếu các gói hệ thống: ${missing[*]} (không có apt-get để cài tự động)." >&2
  exit 1
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Cài các gói hệ thống: ${missing[*]}"
# Several checkouts may set up at once: wait for the package lock instead of failing.
$sudo apt-get -o DPkg::Lock::Timeout=600 update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
