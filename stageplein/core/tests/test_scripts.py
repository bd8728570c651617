"""Scripts run from their own folder, which Python puts first on sys.path: a script named like a
standard-library module shadows that module for every other script there (bench/calendar.py
once made numba fail to import in bench/allocation.py, which then timed plain Python)."""

import sys
from pathlib import Path

BASE = Path(__file__).resolve().parents[3]


def test_no_script_is_named_like_a_standard_library_module():
    scripts = [*BASE.joinpath("bench").glob("*.py"), *BASE.joinpath("scripts").glob("*.py")]
    assert scripts, "no scripts found: the test looks in the wrong place"
    clashes = [p.name for p in scripts if p.stem in sys.stdlib_module_names]
    assert clashes == []


def test_every_bench_script_can_load_the_settings_it_asks_for():
    """A bench that runs "as in production" (DEBUG off) must also satisfy what production
    demands at start-up, or it dies before measuring anything."""
    import os
    import re
    import subprocess

    setdefault = re.compile(r'^os\.environ\.setdefault\("([A-Z_]+)", "([^"]*)"\)', re.M)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EMAIL_", "DEBUG"))}
    checked = 0
    for script in sorted(BASE.joinpath("bench").glob("*.py")):
        wanted = dict(setdefault.findall(script.read_text()))
        if "DJANGO_SETTINGS_MODULE" not in wanted and "DEBUG" not in wanted:
            continue  # the engine's bench does not use Django
        checked += 1
        run = subprocess.run(
            [sys.executable, "-c", "import django; django.setup()"],
            cwd=BASE,
            env={**env, "DJANGO_SETTINGS_MODULE": "stageplein.settings", **wanted},
            capture_output=True,
            text=True,
        )
        assert run.returncode == 0, f"{script.name}: {run.stderr.strip().splitlines()[-1]}"
    assert checked >= 4
