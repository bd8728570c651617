"""The world the simulator's tests start from (see conftest.py)."""

SCHOOL_YEAR = 2026
SEED = 7
REGION = "Zutphen (sim)"
