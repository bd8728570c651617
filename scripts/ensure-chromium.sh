#!/usr/bin/env bash
# Browser tests use Debian's Chromium, never a browser downloaded by a test tool.
set -euo pipefail
if [ -x /usr/bin/chromium ] || [ -n "${CHROMIUM_PATH:-}" ]; then exit 0; fi
echo "Installing Debian's chromium for the browser tests" >&2
"$(dirname "$0")/apt-install.sh" chromium fonts-dejavu-core
