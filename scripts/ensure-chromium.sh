#!/usr/bin/env bash
# What the test suite needs from Debian besides Python: Chromium for the browser tests (never a
# browser downloaded by a test tool) and GNU gettext (the translation tests extract and compile
# the catalogues).
set -euo pipefail
missing=()
if [ ! -x /usr/bin/chromium ] && [ -z "${CHROMIUM_PATH:-}" ]; then missing+=(chromium fonts-dejavu-core); fi
if ! command -v msgfmt >/dev/null || ! command -v xgettext >/dev/null; then missing+=(gettext); fi
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
echo "Installing Debian's ${missing[*]} for the tests" >&2
"$(dirname "$0")/apt-install.sh" "${missing[@]}"
