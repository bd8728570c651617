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
