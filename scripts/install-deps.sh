#!/usr/bin/env bash
# Installs the system packages the tests use (Debian). Safe to run again: it only
# installs what is missing. Needs root (CI runs as root) or sudo.
set -euo pipefail

packages=(postgresql openssl wabt binaryen clang lld wasi-libc libclang-rt-dev-wasm32 chromium wrk)
missing=()
# Node.js may come from another source than Debian (the build image ships it): judge by the command.
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all system packages present"
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "install-deps: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
