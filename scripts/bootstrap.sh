#!/usr/bin/env bash
# Create .venv with a suitable Python and install the project; quick when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.venv
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)'; then
  python=$(scripts/find-python.sh)
  echo "Creating $venv with $python ($("$python" --version))"
  rm -rf "$venv"
  "$python" -m venv "$venv"
fi
stamp="$venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  "$venv/bin/python" -m pip install --quiet --upgrade pip
  "$venv/bin/python" -m pip install --quiet -e ".[dev]"
  rm -f "$venv"/.installed-*
  touch "$stamp"
fi
# Compile the allocation engine's kernels now: Numba caches them next to the code, so the
# first allocation round after an install loads them (under a second) instead of compiling.
"$venv/bin/python" -c 'from stageplein.matching.engine import warmup; print(f"allocation engine ready in {warmup():.1f} s")'
# WeasyPrint needs Pango at run time (contracts and certificates as PDF).
if ! ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0; then
  scripts/apt-install.sh libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core || \
    echo "warning: Pango is missing; PDF downloads will not work" >&2
fi
