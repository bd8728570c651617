import pytest
from django.db import transaction

from stageplein.geo.pilots import read_pilots
from stageplein.simulation.params import Params
from stageplein.simulation.tests.starting_point import SCHOOL_YEAR, SEED
from stageplein.simulation.world import build_world


@pytest.fixture(scope="module")
def zutphen(django_db_setup, django_db_blocker):
    """Zutphen (600 students, the smallest pilot) two weeks before the school year, built once
    for the module inside a transaction rolled back at its end; each test plays its season in
    a savepoint of it, so every test starts from the same world."""
    pilot = next(p for p in read_pilots() if p.name == "Zutphen")
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            build_world(pilots=[pilot], seed=SEED, school_year=SCHOOL_YEAR, params=Params())
            yield pilot
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
