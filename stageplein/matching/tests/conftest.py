import pytest

from stageplein.placements.models import Placement
from tests.support.matching import window_for


@pytest.fixture
def empty_bank(world):
    """The world's placements closed: each test offers exactly what it needs."""
    Placement.objects.update(status=Placement.Status.CLOSED)
    return world


@pytest.fixture
def window(empty_bank):
    return window_for(empty_bank.school)
