#!/usr/bin/env bash
# Install Debian packages when we may (root or passwordless sudo); fail clearly otherwise.
set -euo pipefail
if [ "$(id -u)" -eq 0 ]; then sudo=""; elif sudo -n true 2>/dev/null; then sudo="sudo -n"; else
  echo "Need root to install: $* (apt-get install -y $*)" >&2; exit 1; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get install -y -q "$@" >/dev/null 2>&1 || { $sudo apt-get update -q >/dev/null && $sudo apt-get install -y -q "$@" >/dev/null; }
