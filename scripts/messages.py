"""Extract UI strings into the Dutch catalogues and compile them.

Each app that has its own ``locale/`` folder keeps its own catalogue (so that work on different
apps does not collide in one file); the project catalogue (stageplein/locale) holds the rest.
``--check DIR`` extracts into a copy under DIR and prints the msgids the committed catalogues miss.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
PACKAGE = BASE / "stageplein"
# -P: an app's own selectors.py must not shadow the standard library's selectors module
# (makemessages runs with the app folder as the working directory).
DJANGO_ADMIN = [sys.executable, "-P", "-m", "django"]


def locale_roots(package: Path) -> list[Path]:
    return sorted(p.parent for p in package.rglob("locale") if p.is_dir() and p.name == "locale")


def extract(package: Path) -> list[Path]:
    roots = locale_roots(package)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "stageplein.settings", "PYTHONPATH": str(BASE)}
    for root in roots:
        ignore = ["static/*", "migrations/*"]
        ignore += [f"{r.relative_to(root)}/*" for r in roots if r != root and root in r.parents]
        args = ["makemessages", "-l", "nl", "--no-location", "--no-obsolete", "--no-wrap"]
        for pattern in ignore:
            args += ["-i", pattern]
        subprocess.run([*DJANGO_ADMIN, *args], cwd=root, env=env, check=True, capture_output=True)
    return [r / "locale" / "nl" / "LC_MESSAGES" / "django.po" for r in roots]


def msgids(po: Path) -> set[str]:
    """The msgids of a .po file (enough parsing for comparisons, not a full .po reader)."""
    ids, current, key = set(), [], None
    for line in po.read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith("msgid "):
            key, current = "id", [line[6:]]
        elif line.startswith('"') and key == "id":
            current.append(line)
        else:
            if key == "id":
                text = "".join(part.strip()[1:-1] for part in current)
                if text:
                    ids.add(text)
            key = None
    return ids


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        copy = Path(sys.argv[2]) / "stageplein"
        shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "static"))
        missing = []
        for po in extract(copy):
            committed = PACKAGE / po.relative_to(copy)
            new = msgids(po) - (msgids(committed) if committed.exists() else set())
            missing += [f"{committed.relative_to(BASE)}: {m}" for m in sorted(new)]
        print("\n".join(missing))
        sys.exit(1 if missing else 0)
    for po in extract(PACKAGE):
        print(po.relative_to(BASE))
    subprocess.run(
        [*DJANGO_ADMIN, "compilemessages", "-l", "nl", "--ignore", ".venv"],
        cwd=BASE,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "stageplein.settings"},
        check=True,
    )


if __name__ == "__main__":
    main()
