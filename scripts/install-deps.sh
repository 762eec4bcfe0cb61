#!/usr/bin/env bash
# Installs the Debian 12 packages that Backprop Lab needs, when they are missing.
#   scripts/install-deps.sh          to build and run experiments
#   scripts/install-deps.sh --test   also what the tests use (a browser for the report test)
# Needs root for apt-get; without root it only lists what is missing.
set -euo pipefail

packages=(build-essential cmake ninja-build pkg-config
          libboost1.81-dev libboost-program-options1.81-dev libboost-json1.81-dev
          libboost-test1.81-dev libboost-filesystem1.81-dev
          libtbb-dev libyaml-cpp-dev libeigen3-dev libfmt-dev)
if [[ "${1:-}" == "--test" ]]; then
  packages+=(chromium python3 python3-jsonschema)
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if (( ${#missing[@]} == 0 )); then
  exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "missing Debian packages: ${missing[*]}" >&2
  echo "install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "installing: ${missing[*]}" >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
