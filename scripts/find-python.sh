#!/usr/bin/env bash
# Print the path of a Python >= 3.12 (Django 6.1 needs it), or fail with advice.
# Order: $PYTHON, versioned pythons on PATH, pyenv's versions, then uv (which can install one).
set -u
ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; }
candidates=()
[ -n "${PYTHON:-}" ] && candidates+=("$PYTHON")
for v in 3.13 3.12 3.14; do candidates+=("python$v"); done
candidates+=(python3)
for dir in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[2-9]* /usr/local/bin /usr/bin /opt/python*/bin; do
  for exe in "$dir"/bin/python3 "$dir"/python3.13 "$dir"/python3.12; do candidates+=("$exe"); done
done
for c in "${candidates[@]}"; do
  path=$(command -v "$c" 2>/dev/null) || continue
  if ok "$path"; then echo "$path"; exit 0; fi
done
if command -v uv >/dev/null 2>&1; then
  path=$(uv python find '>=3.12' 2>/dev/null || (uv python install 3.12 >&2 && uv python find '>=3.12'))
  if [ -n "$path" ] && ok "$path"; then echo "$path"; exit 0; fi
fi
echo "No Python 3.12 or newer found. Install one (for example 'pyenv install 3.12' or your" >&2
echo "system's python3.12 package), or point PYTHON at it: PYTHON=/path/to/python3.12 make run" >&2
exit 1
